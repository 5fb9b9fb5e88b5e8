/** Where commands write. Tests pass their own streams; the CLI passes the process's. */
export interface Io {
  out(text: string): void
  /** Raw bytes to stdout (decrypted binary files) */
  outBytes(data: Buffer): void
  err(text: string): void
  isTTY: boolean
  env: NodeJS.ProcessEnv
}

export function processIo(): Io {
  // `tsplay inventory --list | head -1`: the reader went away; stop quietly like other CLI tools
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0)
    throw err
  })
  // a run prints a line per host and task: gathered per turn of the event loop, they cost one
  // write instead of one each (1,300 writes for 50 hosts); stderr and exit flush them first
  let pending: string[] = []
  const flush = () => {
    if (!pending.length) return
    const text = pending.join('')
    pending = []
    process.stdout.write(text)
  }
  process.once('exit', flush)
  return {
    out: (t) => {
      if (!pending.length) setImmediate(flush)
      pending.push(t)
    },
    outBytes: (d) => {
      flush()
      process.stdout.write(d)
    },
    err: (t) => {
      flush()
      process.stderr.write(t)
    },
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
  }
}

export interface Command {
  name: string
  summary: string
  /** Full `--help` text, with examples */
  help: string
  /** Help for a sub-command (`tsplay vault encrypt --help`), when the command has them */
  helpFor?(argv: string[]): string
  run(argv: string[], io: Io): Promise<number>
}
