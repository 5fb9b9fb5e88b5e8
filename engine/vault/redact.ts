/**
 * Remembers secrets (decrypted vault values, vault and become passwords) so that anything printed
 * can be passed through `redact()` first.
 *
 * Secrets shorter than MIN_SECRET_LENGTH are not redacted: a one- or two-character value such as
 * `1` or `no` would blank out unrelated output everywhere and give away nothing worth hiding.
 */
import { isUtf8 } from 'node:buffer'

export const MASK = '********'
export const MIN_SECRET_LENGTH = 4
/** Whole decrypted files above this size are not worth a regular expression; their values are. */
export const MAX_SECRET_LENGTH = 64 * 1024

export class SecretSet {
  private readonly secrets = new Set<string>()
  private pattern: RegExp | undefined

  /**
   * Adds a secret and the forms it commonly takes in output (trimmed, JSON-escaped, and each line
   * of a multi-line secret, which shows up split in `stdout_lines`).
   */
  add(secret: string | Buffer): void {
    if (typeof secret !== 'string' && !isUtf8(secret)) return
    const text = typeof secret === 'string' ? secret : secret.toString('utf8')
    if (text.length > MAX_SECRET_LENGTH) return
    const before = this.secrets.size
    const lines = text.includes('\n') ? text.split('\n').map((l) => l.trim()) : []
    for (const form of [text, text.trim(), JSON.stringify(text).slice(1, -1), ...lines]) {
      if (form.length >= MIN_SECRET_LENGTH) this.secrets.add(form)
    }
    if (this.secrets.size !== before) this.pattern = undefined
  }

  /** Adds every string found in parsed data, e.g. the values of a decrypted vars file. */
  addValues(data: unknown): void {
    if (typeof data === 'string') this.add(data)
    else if (Array.isArray(data)) data.forEach((item) => this.addValues(item))
    else if (data !== null && typeof data === 'object') Object.values(data).forEach((v) => this.addValues(v))
  }

  has(secret: string): boolean {
    return this.secrets.has(secret)
  }

  get size(): number {
    return this.secrets.size
  }

  redact(text: string): string {
    if (!this.secrets.size || !text) return text
    this.pattern ??= new RegExp(
      // Longest first so that a secret containing another is masked whole.
      [...this.secrets]
        .sort((a, b) => b.length - a.length)
        .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|'),
      'g',
    )
    return text.replace(this.pattern, MASK)
  }
}

/** The process-wide set: keyrings register into it unless given their own. */
export const processSecrets = new SecretSet()

export function redact(text: string): string {
  return processSecrets.redact(text)
}
