/**
 * `su` with a password reads it from a terminal only, so that channel gets a PTY. We answer the
 * `Password:` prompt, then the command switches the terminal to raw mode and prints a marker:
 * from there on bytes pass unchanged, and stdin is fed through `head -c N` so that the command sees
 * an end of input. A terminal has one output stream: the command's stderr arrives in stdout.
 */
import type { ClientChannel } from 'ssh2'
import { shq } from '../quote.js'

export const SU_READY = '[tsplay-su-ready]'
const PROMPT = /(password|passwort|mot de passe|contraseña)[^:\n]*:\s*$/i

export function suPtyCommand(inner: string, user: string, stdinLen: number): string {
  const script = `stty raw -echo 2>/dev/null; printf '%s\\n' ${shq(SU_READY)}; head -c ${stdinLen} | /bin/sh -c ${shq(inner)}`
  return `su ${shq(user)} -s /bin/sh -c ${shq(script)}`
}

export class SuPtySession {
  private before = Buffer.alloc(0)
  private readonly after: Buffer[] = []
  private ready = false
  private answered = false

  constructor(
    private readonly channel: ClientChannel,
    private readonly password: string,
    private readonly stdin: string | Buffer | undefined,
  ) {}

  onData(d: Buffer): void {
    if (this.ready) {
      this.after.push(d)
      return
    }
    this.before = Buffer.concat([this.before, d])
    const marker = this.before.indexOf(`${SU_READY}\n`)
    if (marker >= 0) {
      this.ready = true
      const rest = this.before.subarray(marker + SU_READY.length + 1)
      if (rest.length) this.after.push(rest)
      this.before = this.before.subarray(0, marker)
      if (this.stdin !== undefined && Buffer.byteLength(this.stdin)) this.channel.write(this.stdin)
      return
    }
    if (!this.answered && PROMPT.test(this.before.toString('utf8'))) {
      this.answered = true
      this.channel.write(`${this.password}\n`)
    }
  }

  stdout(): Buffer {
    return Buffer.concat(this.after)
  }

  /** What su printed before the command started (its error when the password was wrong). */
  stderr(): string {
    if (this.ready) return ''
    return this.before
      .toString('utf8')
      .replace(PROMPT, '')
      .replace(/^[^\n]*(password|passwort)[^:\n]*:\s*/i, '')
      .replace(/\r/g, '')
      .trim()
  }
}
