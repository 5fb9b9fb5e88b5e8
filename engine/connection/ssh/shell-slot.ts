/**
 * The command shell of one SSH connection: started on first use, used for one command at a time
 * (concurrent commands of the same host take exec channels), restarted after it closes, switched
 * off for the connection when it cannot start. Timeouts and aborts behave as on an exec channel:
 * the remote `timeout` ends the command; past the local grace, or on abort, the command's
 * processes are killed by marker and, if the shell still does not answer, the shell is dropped.
 */
import type { ClientChannel } from 'ssh2'
import type { ExecOptions } from '../types.js'
import { CommandShell, ShellClosedError, shellCanCarry, type ShellOutput } from './command-shell.js'

/** Past the remote `timeout`, give the host this long before giving up on the command locally */
export const LOCAL_TIMEOUT_GRACE_MS = 5000
/** After a kill, how long to wait for the command's end before giving up on it */
export const KILL_GRACE_MS = 2000

export interface ShellRunResult extends ShellOutput {
  killed: boolean
  localTimeout: boolean
}

export class ShellSlot {
  private shell: CommandShell | undefined
  private off: boolean

  constructor(
    /** Opens the channel running `/bin/sh -s`, holding a session slot until `release` */
    private readonly open: () => Promise<{ channel: ClientChannel; release: () => void }>,
    enabled: boolean,
  ) {
    this.off = !enabled
  }

  /**
   * A script asking to run in the command shell itself may, when nothing wraps it: no become, no
   * timeout, no environment (each would be a new process or change the shell), stdin as a variable.
   */
  static inShellAllowed(opts: ExecOptions): boolean {
    if (!opts.inShell || opts.become || opts.timeoutMs) return false
    if (opts.env && Object.keys(opts.env).length) return false
    return !opts.stdin?.length || !!opts.stdinAsVariable
  }

  /** The idle shell for a command with this stdin; undefined when it should take an exec channel. */
  take(stdin: Buffer): CommandShell | undefined {
    if (this.off || !shellCanCarry(stdin)) return undefined
    if (this.shell && !this.shell.usable) this.shell = undefined
    if (!this.shell) {
      let release: (() => void) | undefined
      const shell = new CommandShell(this.open().then((o) => ((release = o.release), o.channel)))
      shell.onClose = () => release?.()
      this.shell = shell
    }
    return this.shell.busy ? undefined : this.shell
  }

  /**
   * Exec channels from now on: the shell could not start here (no /bin/sh, channel refused), or the
   * server allows a single session. A running command still gets its answer.
   */
  disable(): void {
    this.off = true
    this.shell?.retire()
    this.shell = undefined
  }

  close(connectionGone = false): void {
    this.shell?.close(connectionGone)
    this.shell = undefined
  }

  /**
   * Runs the command; undefined when the shell turned out not to start (nothing ran: the caller
   * uses an exec channel). ShellClosedError when it closed while the command may have been running.
   */
  async run(
    shell: CommandShell,
    command: string,
    stdin: Buffer,
    opts: ExecOptions,
    execMarker: string,
    killByMarker: () => void,
    /** `command` is the bare script (no environment, become or timeout): run it in the shell itself */
    inShell = false,
  ): Promise<ShellRunResult | undefined> {
    let killed = false
    let localTimeout = false
    let forced: NodeJS.Timeout | undefined
    const kill = () => {
      if (killed) return
      killed = true
      killByMarker()
      forced = setTimeout(() => shell.close(), KILL_GRACE_MS)
    }
    const timer = opts.timeoutMs
      ? setTimeout(() => ((localTimeout = true), kill()), opts.timeoutMs + LOCAL_TIMEOUT_GRACE_MS)
      : undefined
    opts.signal?.addEventListener('abort', kill, { once: true })
    try {
      // as a variable only when the script runs in the shell itself: sudo and timeout start new ones
      const asVar = !!opts.stdinAsVariable && !opts.become && !opts.timeoutMs
      const out = await shell.run(command, stdin, execMarker, asVar, inShell)
      // the killer runs late on its own channel: it must not find a later command in this shell
      if (killed) shell.close()
      return { ...out, killed, localTimeout }
    } catch (err) {
      if (!(err instanceof ShellClosedError)) throw err
      if (killed) return { rc: 137, stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), killed, localTimeout }
      if (!err.ran) {
        this.disable()
        return undefined
      }
      throw err
    } finally {
      if (timer) clearTimeout(timer)
      if (forced) clearTimeout(forced)
      opts.signal?.removeEventListener('abort', kill)
    }
  }
}
