/**
 * Password prompts: on a terminal without echo; otherwise one line read from stdin. Stdin is read
 * through one shared reader so a password line and data read from `-` can share the same pipe.
 */
import { ExitCode, TsplayError } from '../errors.js'

class StdinReader {
  private buffer = Buffer.alloc(0)
  private ended = false
  private wake: (() => void) | undefined
  private started = false

  private start(): void {
    if (this.started) return
    this.started = true
    process.stdin.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk])
      this.wake?.()
    })
    process.stdin.on('end', () => {
      this.ended = true
      this.wake?.()
    })
  }

  private async more(): Promise<void> {
    this.start()
    process.stdin.resume()
    await new Promise<void>((resolve) => (this.wake = resolve))
    this.wake = undefined
    process.stdin.pause()
  }

  /** The next line without its line ending, or undefined at end of input. */
  async readLine(): Promise<string | undefined> {
    for (;;) {
      const nl = this.buffer.indexOf(0x0a)
      if (nl >= 0) {
        const line = this.buffer.subarray(0, nl).toString('utf8')
        this.buffer = this.buffer.subarray(nl + 1)
        return line.replace(/\r$/, '')
      }
      if (this.ended) {
        if (!this.buffer.length) return undefined
        const rest = this.buffer.toString('utf8')
        this.buffer = Buffer.alloc(0)
        return rest
      }
      await this.more()
    }
  }

  async readAll(): Promise<Buffer> {
    while (!this.ended) await this.more()
    const all = this.buffer
    this.buffer = Buffer.alloc(0)
    return all
  }
}

export const stdin = new StdinReader()

export function interrupted(): TsplayError {
  return new TsplayError({ code: 'INTERRUPTED', message: 'interrupted' }, ExitCode.interrupted)
}

/** Reads a line from the terminal without echoing it (or with, for `--show-input`). */
function readTerminal(prompt: string, echo: boolean): Promise<string> {
  const input = process.stdin
  return new Promise((resolve, reject) => {
    let value = ''
    process.stderr.write(prompt)
    input.setRawMode(true)
    input.resume()
    const finish = (err?: TsplayError): void => {
      input.off('data', onData)
      input.setRawMode(false)
      input.pause()
      process.stderr.write('\n')
      if (err) reject(err)
      else resolve(value)
    }
    const onData = (chunk: Buffer): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish()
        if (ch === '\u0003') return finish(interrupted())
        if (ch === '\u0004' && !value) return finish(interrupted())
        if (ch === '\u007f' || ch === '\b') {
          if (value) value = [...value].slice(0, -1).join('')
          if (echo) process.stderr.write('\b \b')
        } else if (ch >= ' ') {
          value += ch
          if (echo) process.stderr.write(ch)
        }
      }
    }
    input.on('data', onData)
  })
}

export async function promptLine(prompt: string, opts: { echo?: boolean } = {}): Promise<string> {
  if (process.stdin.isTTY) return readTerminal(prompt, opts.echo ?? false)
  const line = await stdin.readLine()
  if (line === undefined) {
    throw new TsplayError({
      code: 'VAULT_PROMPT_EOF',
      message: `end of input while asking \`${prompt.replace(/:\s*$/, '')}\``,
      hint: 'pipe the answer on stdin, or use --vault-password-file',
    })
  }
  return line
}
