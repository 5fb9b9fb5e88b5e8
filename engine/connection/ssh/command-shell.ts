/**
 * A persistent `/bin/sh` on one SSH channel that runs a host's commands one after another.
 *
 * Why: every exec channel makes sshd start a session (fork, PAM, the login shell): 45–100 ms per
 * command on a loaded machine, most of a task's time. Over an open shell a command costs one fork
 * of that shell (well under a millisecond), the way Mitogen makes Ansible faster, but without a
 * remote interpreter beyond /bin/sh.
 *
 * Protocol: each request is one shell line `__t ID EXEC_MARKER 'command' ['stdin' [v|s]]` (quoted,
 * so any text survives); the shell runs the command in a subshell with that stdin (or /dev/null;
 * with `v`, stdin is the variable STDIN_VAR instead; with `s`, that and no subshell: the command
 * runs in the shell itself, see ExecOptions.inShell), then prints `\n<marker> ID RC\n` on stdout
 * and `\n<marker> ID\n` on stderr. The marker is random per shell and only ever sent over the
 * channel's stdin, never in a process list. Junk that login scripts print before the shell starts
 * is discarded with the ready frame (ID 0).
 */
import { randomBytes } from 'node:crypto'
import type { ClientChannel } from 'ssh2'
import { shq } from '../quote.js'
import { STDIN_VAR } from '../stdin-var.js'
import { FrameBuffer } from './frame-buffer.js'

/** Larger stdin goes over an exec channel: the shell parses it as script text (bash byte by byte). */
export const SHELL_STDIN_MAX = 64 * 1024

/** Shell strings cannot hold NUL bytes, and large payloads are cheaper on their own channel. */
export function shellCanCarry(stdin: Buffer): boolean {
  return stdin.length <= SHELL_STDIN_MAX && !stdin.includes(0)
}

/** The shell closed before answering. `ran`: the command may have started (else it surely did not). */
export class ShellClosedError extends Error {
  constructor(readonly ran: boolean) {
    super(ran ? 'the command shell closed before the command finished' : 'the command shell did not start')
    this.name = 'ShellClosedError'
  }
}

export interface ShellOutput {
  rc: number
  stdout: Buffer
  stderr: Buffer
}

interface Pending {
  id: number
  resolve: (out: ShellOutput) => void
  reject: (err: Error) => void
}

/**
 * Each command runs in a subshell of the loop shell (a fork, no exec: ~0.5 ms less per command than
 * `/bin/sh -c` on a busy host), with no positional parameters and without the shell's variables.
 * stdin comes through a pipe from printf (a builtin: the text is never in a process list).
 * tsplay's own file scripts may run in the loop shell itself (`s`, see ExecOptions.inShell): no
 * fork at all; the shell then puts back what such a script may change (umask, noclobber, LC_ALL).
 */
const PRELUDE = (marker: string) => {
  const sub = '( __tsplay_c=$3; export TSPLAY_EXEC=$2; unset __tsplay_m; set --; eval "$__tsplay_c" )'
  const restore =
    'umask "$__tsplay_u"; set +C; ' +
    'if [ -n "$__tsplay_lcset" ]; then LC_ALL=$__tsplay_lc; else unset LC_ALL; fi'
  return [
    `__tsplay_m=${marker}; __tsplay_u=$(umask); __tsplay_lcset=\${LC_ALL+1}; __tsplay_lc=\${LC_ALL-}`,
    // $5 = v: stdin as the variable STDIN_VAR (no pipe, no printf process) for scripts that read it;
    // $5 = s: that, and the script runs in this shell (no subshell)
    `__t() { __tsplay_i=$1; ` +
      `if [ "\${5-}" = s ]; then ${STDIN_VAR}=$4; eval "$3" </dev/null; __tsplay_r=$?; unset ${STDIN_VAR}; ${restore}; ` +
      `elif [ $# -gt 4 ]; then ${STDIN_VAR}=$4; ${sub} </dev/null; __tsplay_r=$?; unset ${STDIN_VAR}; ` +
      `elif [ $# -gt 3 ]; then printf %s "$4" | ${sub}; __tsplay_r=$?; else ${sub} </dev/null; __tsplay_r=$?; fi; ` +
      `printf '\\n%s %s %s\\n' "$__tsplay_m" "$__tsplay_i" "$__tsplay_r"; printf '\\n%s %s\\n' "$__tsplay_m" "$__tsplay_i" >&2; }`,
    // the ready frame carries the loop shell's PID: an abort kills the shell's children
    `printf '\\n%s 0 %s\\n' "$__tsplay_m" "$$"; printf '\\n%s 0\\n' "$__tsplay_m" >&2`,
    '',
  ].join('\n')
}

/** `'…'` around raw bytes, each `'` written as `'\''`. */
function quoteBytes(data: Buffer): Buffer {
  const parts: Buffer[] = [Buffer.from("'")]
  let from = 0
  for (let i = data.indexOf(0x27); i !== -1; i = data.indexOf(0x27, from)) {
    parts.push(data.subarray(from, i), Buffer.from("'\\''"))
    from = i + 1
  }
  parts.push(data.subarray(from), Buffer.from("'"))
  return Buffer.concat(parts)
}

export class CommandShell {
  private readonly marker = randomBytes(16).toString('hex')
  private readonly out = new FrameBuffer()
  private readonly err = new FrameBuffer()
  private channel: ClientChannel | undefined
  private ready = false
  /** The loop shell's PID on the host, once it answered (its children are the running command) */
  shellPid: number | undefined
  private closed = false
  private nextId = 1
  private current: Pending | undefined
  private readonly queue: Buffer[] = []
  /** Close once the running command has answered (see retire) */
  private retiring = false
  private released = false
  /**
   * Runs once, when the server has closed the shell's channel (or it never opened): frees the
   * session slot it held only when the server no longer counts the session either.
   */
  onClose: (() => void) | undefined

  constructor(open: Promise<ClientChannel>) {
    open.then(
      (channel) => this.attach(channel),
      () => (this.shut(), this.release()),
    )
  }

  private release(): void {
    if (this.released) return
    this.released = true
    this.onClose?.()
  }

  /** A command is running (or queued until the channel opens): callers use an exec channel instead. */
  get busy(): boolean {
    return !!this.current
  }

  get usable(): boolean {
    return !this.closed && !this.retiring
  }

  private attach(channel: ClientChannel): void {
    if (this.closed) {
      channel.once('close', () => this.release())
      channel.close()
      return
    }
    this.channel = channel
    channel.on('data', (d: Buffer) => (this.out.push(d), this.pump()))
    channel.stderr.on('data', (d: Buffer) => (this.err.push(d), this.pump()))
    channel.on('error', () => undefined)
    channel.once('close', () => (this.shut(), this.release()))
    channel.write(PRELUDE(this.marker))
    for (const req of this.queue.splice(0)) channel.write(req)
  }

  /**
   * Runs `command` (a shell script, as for `/bin/sh -c`) with `stdin` and TSPLAY_EXEC=`execMarker`
   * in its environment; rejects with ShellClosedError.
   */
  run(
    command: string,
    stdin: Buffer | undefined,
    execMarker: string,
    /** Pass stdin as STDIN_VAR instead: only for scripts that run in this shell (no sudo, no timeout) */
    stdinAsVariable = false,
    /** Run the script in the loop shell itself (ExecOptions.inShell); stdin is then STDIN_VAR */
    inShell = false,
  ): Promise<ShellOutput> {
    if (this.closed) return Promise.reject(new ShellClosedError(false))
    if (this.current) throw new Error('CommandShell.run while busy')
    if (!/^[0-9a-f]+$/.test(execMarker)) throw new Error('CommandShell.run: the marker must be hex')
    const id = this.nextId++
    const request = Buffer.concat([
      Buffer.from(`__t ${id} ${execMarker} ${shq(command)}`),
      ...(stdin?.length || stdinAsVariable || inShell
        ? [Buffer.from(' '), quoteBytes(stdin ?? Buffer.alloc(0))]
        : []),
      ...(inShell ? [Buffer.from(' s')] : stdinAsVariable ? [Buffer.from(' v')] : []),
      Buffer.from('\n'),
    ])
    return new Promise((resolve, reject) => {
      this.current = { id, resolve, reject }
      if (this.channel) this.channel.write(request)
      else this.queue.push(request)
    })
  }

  private pump(): void {
    if (!this.ready) {
      const frame = this.takeFrame(0)
      if (!frame) return
      this.ready = true
      this.shellPid = frame.rc
    }
    const cur = this.current
    if (!cur) return
    const done = this.takeFrame(cur.id)
    if (!done) return
    this.current = undefined
    cur.resolve(done)
    if (this.retiring) this.close()
  }

  /** Both streams' frames for `id`, once both have arrived. */
  private takeFrame(id: number): ShellOutput | undefined {
    const outNeedle = Buffer.from(`\n${this.marker} ${id} `)
    const errNeedle = Buffer.from(`\n${this.marker} ${id}\n`)
    if (!this.out.has(outNeedle, true) || !this.err.has(errNeedle, false)) return undefined
    const stdout = this.out.take(outNeedle, true)!
    const stderr = this.err.take(errNeedle, false)!
    return { rc: Number.parseInt(stdout.rest, 10), stdout: stdout.body, stderr: stderr.body }
  }

  private shut(): void {
    if (this.closed) return
    this.closed = true
    const cur = this.current
    this.current = undefined
    cur?.reject(new ShellClosedError(this.ready))
  }

  /** No new commands; the shell closes when the running one has answered (at once when idle). */
  retire(): void {
    this.retiring = true
    if (!this.current) this.close()
  }

  /**
   * Ends the shell; a running command's result is then ShellClosedError. `connectionGone`: the
   * slot is free at once (no channel close will come from a dead connection).
   */
  close(connectionGone = false): void {
    const channel = this.channel
    this.shut()
    if (connectionGone) this.release()
    try {
      channel?.close()
    } catch {
      // the connection is already gone
    }
  }
}
