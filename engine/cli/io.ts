/** Where commands write. Tests pass their own streams; the CLI passes the process's. */
export interface Io {
  out(text: string): void
  err(text: string): void
  isTTY: boolean
  env: NodeJS.ProcessEnv
}

export function processIo(): Io {
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
  }
}

export interface Command {
  name: string
  summary: string
  /** Full `--help` text, with examples */
  help: string
  run(argv: string[], io: Io): Promise<number>
}
