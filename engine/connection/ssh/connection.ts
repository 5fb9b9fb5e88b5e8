/**
 * One SSH connection to a host, shared by all of its tasks. Commands run over the connection's
 * command shell (command-shell.ts) when it is free, else each on its own exec channel, at most
 * `maxSessions` channels at once (the rest wait). Behaves like LocalConnection: the remote command
 * runs under `timeout -s KILL` for per-task timeouts, abort kills it. When the connection drops,
 * in-flight and later execs reject with UnreachableError (no silent reconnect).
 */
import { randomBytes } from 'node:crypto'
import type { Client, ClientChannel } from 'ssh2'
import { wrapBecome } from '../become.js'
import { shq } from '../quote.js'
import { UnreachableError, type Connection, type ExecOptions, type ExecResult } from '../types.js'
import { aborted, result, sendKill, SIGNALS, withDeadline } from './exec-result.js'
import { withEnv, withTimeout } from './remote-command.js'
import { Semaphore } from './semaphore.js'
import { KILL_GRACE_MS, LOCAL_TIMEOUT_GRACE_MS, ShellSlot } from './shell-slot.js'
import { suPtyCommand, SuPtySession } from './su-pty.js'

/** The exit status, recorded from the moment the channel opens (see `open`). */
interface Opened {
  channel: ClientChannel
  exit: { code?: number | undefined }
}

function isChannelOpenFailure(err: Error): boolean {
  return /channel open failure|open failed|administratively prohibited/i.test(err.message)
}

export class SshConnection implements Connection {
  private dead: string | undefined
  private readonly inflight = new Set<(err: UnreachableError) => void>()
  private readonly sessions: Semaphore
  private shell: ShellSlot
  /** How commands travelled (for tests and diagnostics) */
  readonly stats = { shellCommands: 0, channelCommands: 0 }

  constructor(
    readonly host: string,
    private client: Client,
    maxSessions: number,
    /** Opens a new client to the same host with the same parameters (for `reconnect`) */
    private readonly reopen?: (() => Promise<Client>) | undefined,
    /** Run commands over one persistent shell when it is free (see command-shell.ts) */
    private readonly commandShell = true,
  ) {
    this.sessions = new Semaphore(maxSessions)
    this.shell = this.newShellSlot()
    this.watch(client)
  }

  private newShellSlot(): ShellSlot {
    // the shell holds a session slot for good: only worth it when another one stays free
    return new ShellSlot(() => this.openShellChannel(), this.commandShell && this.sessions.max >= 2)
  }

  private async openShellChannel(): Promise<{ channel: ClientChannel; release: () => void }> {
    await this.sessions.acquire()
    try {
      if (this.dead) throw new UnreachableError(this.host, this.dead)
      const channel = await new Promise<ClientChannel>((resolve, reject) =>
        this.client.exec('exec /bin/sh -s', (err, ch) => (err ? reject(err) : resolve(ch))),
      )
      let released = false
      const release = () => {
        if (!released) this.sessions.release()
        released = true
      }
      return { channel, release }
    } catch (err) {
      this.sessions.release()
      throw err
    }
  }

  private watch(client: Client): void {
    const drop = () => {
      if (client === this.client) this.drop('connection dropped')
    }
    client.on('close', drop)
    client.on('end', drop)
    client.on('error', drop)
  }

  /** After a reboot: drop the old transport and open a new one; rejects while the host is down. */
  async reconnect(opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<void> {
    if (!this.reopen) throw new UnreachableError(this.host, 'this connection cannot reconnect')
    const old = this.client
    this.drop('reconnecting')
    old.end()
    const fresh = await withDeadline(this.reopen(), opts.timeoutMs, this.host)
    this.client = fresh
    this.dead = undefined
    this.shell = this.newShellSlot()
    this.watch(fresh)
  }

  get broken(): boolean {
    return this.dead !== undefined
  }

  /** Channels currently allowed at once (lowered when the server refuses more). */
  get maxSessions(): number {
    return this.sessions.max
  }

  private drop(reason: string): void {
    if (this.dead) return
    this.dead = reason
    this.shell.close(true)
    const err = new UnreachableError(this.host, reason)
    for (const reject of this.inflight) reject(err)
    this.inflight.clear()
  }

  async exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    // every process of the command inherits the marker, so an abort can find and kill them all
    const marker = randomBytes(8).toString('hex')
    if (ShellSlot.inShellAllowed(opts)) {
      const viaShell = await this.execOnShell(command, marker, opts, true)
      if (viaShell) return viaShell
    }
    const inner = withTimeout(withEnv(command, { ...opts.env, TSPLAY_EXEC: marker }), opts.timeoutMs)
    const become = opts.become
    const su = become?.method === 'su' && !!become.password
    if (!su) {
      const viaShell = await this.execOnShell(inner, marker, opts)
      if (viaShell) return viaShell
    }
    let refusals = 0
    for (;;) {
      if (this.dead) throw new UnreachableError(this.host, this.dead)
      await this.sessions.acquire()
      try {
        if (this.dead) throw new UnreachableError(this.host, this.dead)
        if (opts.signal?.aborted) return aborted()
        const opened = await this.open(inner, opts, refusals)
        if (!opened) {
          // server allows fewer sessions: retry when one frees up, or shortly when the server
          // still counts one we just closed
          if (this.sessions.inUse <= 1) await new Promise((r) => setTimeout(r, 50 * 2 ** refusals++))
          continue
        }
        this.stats.channelCommands++
        return await this.run(opened, marker, opts, su)
      } finally {
        this.sessions.release()
      }
    }
  }

  /** Over the command shell when it is free; undefined: use an exec channel. */
  private async execOnShell(
    inner: string,
    marker: string,
    opts: ExecOptions,
    inShell = false,
  ): Promise<ExecResult | undefined> {
    const wrapped = opts.become ? wrapBecome(inner, opts.become) : { command: inner, stdinPrefix: '' }
    const stdin = Buffer.concat([Buffer.from(wrapped.stdinPrefix), Buffer.from(opts.stdin ?? '')])
    const shell = this.dead ? undefined : this.shell.take(stdin)
    if (!shell) return undefined
    if (opts.signal?.aborted) return aborted()
    const started = Date.now()
    try {
      const r = await this.shell.run(
        shell,
        wrapped.command,
        stdin,
        opts,
        marker,
        () => this.killByMarker(marker, opts, shell.shellPid),
        inShell,
      )
      if (!r) return undefined
      this.stats.shellCommands++
      return result(r.rc, r.stdout, r.stderr.toString('utf8'), opts, started, r.localTimeout)
    } catch (err) {
      if (this.dead) throw new UnreachableError(this.host, this.dead)
      const stdoutBytes = Buffer.alloc(0)
      const stderr = `ssh: ${(err as Error).message}\n`
      return { rc: 255, stdout: '', stderr, stdoutBytes, timedOut: false }
    }
  }

  private open(inner: string, opts: ExecOptions, refusals: number): Promise<Opened | undefined> {
    const become = opts.become
    const su = become?.method === 'su' && become.password
    const stdinLen = opts.stdin === undefined ? 0 : Buffer.byteLength(opts.stdin)
    const command = su
      ? suPtyCommand(inner, become.user, stdinLen)
      : become
        ? wrapBecome(inner, become).command
        : inner
    return new Promise((resolve, reject) => {
      this.inflight.add(reject)
      const cb = (err: Error | undefined, channel: ClientChannel) => {
        this.inflight.delete(reject)
        if (!err) {
          // a fast command's exit status can arrive in the same packet batch as the exec reply,
          // before `run` subscribes (after an await): listen now, or it is lost
          const exit: Opened['exit'] = {}
          channel.on('exit', (c: number | null, sig?: string) => {
            exit.code = typeof c === 'number' ? c : sig ? 128 + (SIGNALS[sig] ?? 9) : undefined
          })
          return resolve({ channel, exit })
        }
        if (this.dead) return reject(new UnreachableError(this.host, this.dead))
        if (isChannelOpenFailure(err) && this.sessions.inUse > 1) {
          this.sessions.shrink(this.sessions.inUse - 1)
          // a server allowing one session: the command shell must not keep it from exec channels
          if (this.sessions.max < 2) this.shell.disable()
          return resolve(undefined)
        }
        if (isChannelOpenFailure(err) && refusals < 3) return resolve(undefined)
        reject(new UnreachableError(this.host, `cannot open a session: ${err.message}`))
      }
      try {
        if (su) this.client.exec(command, { pty: { term: 'dumb', modes: { ECHO: 0 } } }, cb)
        else this.client.exec(command, cb)
      } catch (err) {
        this.inflight.delete(reject)
        reject(new UnreachableError(this.host, this.dead ?? `connection dropped (${(err as Error).message})`))
      }
    })
  }

  /**
   * OpenSSH refuses signal requests for root sessions and sends them with the login user's rights,
   * so an aborted command is also killed from a second channel, with the same become, by the
   * marker in its processes' environment.
   */
  private killByMarker(marker: string, opts: ExecOptions, shellPid?: number): void {
    // a command shell's running command is its child (a subshell that is not marked itself)
    const child = shellPid
      ? `{ read -r _ _ _ pp _ < "$p/stat" && [ "$pp" = ${shellPid} ]; } 2>/dev/null || `
      : ''
    const script = `for p in /proc/[0-9]*; do { ${child}grep -qaF ${shq(`TSPLAY_EXEC=${marker}`)} "$p/environ" 2>/dev/null; } && kill -KILL "\${p#/proc/}" 2>/dev/null; done; true`
    this.exec(script, { become: opts.become, timeoutMs: 10_000 }).catch(() => undefined)
  }

  private run(opened: Opened, marker: string, opts: ExecOptions, su: boolean): Promise<ExecResult> {
    const { channel, exit } = opened
    const started = Date.now()
    const out: Buffer[] = []
    const err: Buffer[] = []
    let killed = false
    let localTimeout = false
    let forced: NodeJS.Timeout | undefined
    const kill = () => {
      killed = true
      sendKill(channel)
      this.killByMarker(marker, opts)
      try {
        channel.close()
      } catch {
        // the channel is already gone
      }
      // sshd completes the close only once the command exits: do not wait for it forever
      forced = setTimeout(() => channel.emit('close'), KILL_GRACE_MS)
    }
    const pty = su ? new SuPtySession(channel, opts.become?.password ?? '', opts.stdin) : undefined
    return new Promise((resolve, reject) => {
      this.inflight.add(reject)
      const timer = opts.timeoutMs
        ? setTimeout(() => ((localTimeout = true), kill()), opts.timeoutMs + LOCAL_TIMEOUT_GRACE_MS)
        : undefined
      opts.signal?.addEventListener('abort', kill, { once: true })
      channel.on('data', (d: Buffer) => (pty ? pty.onData(d) : out.push(d)))
      channel.stderr.on('data', (d: Buffer) => err.push(d))
      channel.on('error', () => undefined)
      channel.once('close', () => {
        const code = exit.code
        if (timer) clearTimeout(timer)
        if (forced) clearTimeout(forced)
        opts.signal?.removeEventListener('abort', kill)
        this.inflight.delete(reject)
        if (this.dead && code === undefined && !killed)
          return reject(new UnreachableError(this.host, this.dead))
        const rc = code ?? (killed ? 137 : 255)
        const stdoutBytes = pty ? pty.stdout() : Buffer.concat(out)
        let stderr = pty ? pty.stderr() : Buffer.concat(err).toString('utf8')
        if (code === undefined && !killed) stderr += 'ssh: the channel closed without an exit status\n'
        resolve(result(rc, stdoutBytes, stderr, opts, started, localTimeout))
      })
      if (pty) return
      const become = opts.become
      const prefix = become ? wrapBecome('', become).stdinPrefix : ''
      if (prefix) channel.write(prefix)
      channel.end(opts.stdin ?? '')
    })
  }

  async close(): Promise<void> {
    this.drop('connection closed')
    this.client.end()
  }
}
