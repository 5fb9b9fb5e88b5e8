/**
 * How tsplay talks to a host. Local and SSH connections implement the same small interface: run a
 * shell command line (optionally as another user), and close. Everything else (file reads, atomic
 * writes, stat) is built on `exec` in engine/connection/remote-fs.ts, so that it works the same
 * over every transport and with `become`.
 */
export interface Become {
  method: 'sudo' | 'su'
  user: string
  /** Fed on stdin, never on a command line */
  password?: string | undefined
}

export interface ExecOptions {
  /** Data for the command's standard input */
  stdin?: string | Buffer | undefined
  env?: Record<string, string> | undefined
  become?: Become | undefined
  /** Kill the command after this long; the result then has `timedOut: true` */
  timeoutMs?: number | undefined
  /** Aborting kills the command (Ctrl-C after the grace period) */
  signal?: AbortSignal | undefined
  /**
   * The command reads its input with `readStdinScript`/`DISCARD_STDIN` (command-shell.ts): the
   * command shell may then hand stdin over as a variable instead of a pipe (two processes less)
   */
  stdinAsVariable?: boolean | undefined
  /**
   * The command may run in the SSH command shell itself, without a subshell (one fork less): it is
   * one function body that returns (never exits), sets no traps, changes the shell only in ways
   * the shell puts back (umask, noclobber, LC_ALL), and reads no variable it did not set.
   * remote-run.ts sets it for scripts that pass its check; other transports ignore it.
   */
  inShell?: boolean | undefined
  /** The task is no_log: logs (-vvv) must not show the command */
  noLog?: boolean | undefined
}

export interface ExecResult {
  rc: number
  stdout: string
  stderr: string
  /** stdout as bytes, for binary file reads */
  stdoutBytes: Buffer
  timedOut?: boolean | undefined
}

export interface Connection {
  readonly host: string
  /** The connection dropped: later tasks need a new one (SSH; a local connection never breaks) */
  readonly broken?: boolean
  /** Runs `command` with `/bin/sh -c` on the host. Rejects only when the host cannot be reached. */
  exec(command: string, opts?: ExecOptions): Promise<ExecResult>
  close(): Promise<void>
}

/** The host cannot be reached (refused, timeout, auth, host key, dropped): the host is `unreachable`. */
export class UnreachableError extends Error {
  constructor(
    readonly host: string,
    readonly reason: string,
    /** Whether trying again can help (refused right after boot) or not (auth, host key) */
    readonly retryable = false,
  ) {
    super(`${host}: ${reason}`)
    this.name = 'UnreachableError'
  }
}
