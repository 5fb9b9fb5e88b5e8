/**
 * known_hosts files as OpenSSH reads them: plain and hashed (`|1|salt|hmac`) host patterns, comma
 * lists, `[host]:port`, wildcards and negation. `@revoked` and `@cert-authority` lines are skipped
 * (tsplay does not check certificates). Appending is serialised per file so that concurrent
 * `accept-new` connections write a key once.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto'
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs'
import { dirname } from 'node:path'

export interface KnownHostEntry {
  file: string
  line: number
  patterns: string
  keyType: string
  /** base64 key blob */
  key: string
}

export type HostKeyVerdict =
  { status: 'ok' } | { status: 'unknown' } | { status: 'changed'; entry: KnownHostEntry }

/** `SHA256:<base64 without padding>`, as `ssh-keygen -lf` prints. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`
}

/** The key type named inside an SSH public key blob (`ssh-ed25519`, `ssh-rsa`, ...). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return ''
  const len = blob.readUInt32BE(0)
  return blob.subarray(4, 4 + len).toString('latin1')
}

/** The name a host is recorded under: `host` on port 22, `[host]:port` otherwise. */
export function hostKeyName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`
}

export function hashHostName(name: string, salt: Buffer = randomBytes(20)): string {
  const hmac = createHmac('sha1', salt).update(name).digest('base64')
  return `|1|${salt.toString('base64')}|${hmac}`
}

function globMatch(pattern: string, name: string): boolean {
  // most patterns are plain names: no regular expression to build for them
  if (!/[*?]/.test(pattern)) return pattern.toLowerCase() === name.toLowerCase()
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${re}$`, 'i').test(name)
}

/** Whether a host field (`a,b,!c`, `[h]:p`, or hashed) matches `name`. */
export function hostFieldMatches(field: string, name: string): boolean {
  if (field.startsWith('|1|')) {
    const [, , salt, hmac] = field.split('|')
    if (!salt || !hmac) return false
    return hashHostName(name, Buffer.from(salt, 'base64')) === field
  }
  let matched = false
  for (const raw of field.split(',')) {
    const negated = raw.startsWith('!')
    const pattern = negated ? raw.slice(1) : raw
    if (globMatch(pattern, name)) {
      if (negated) return false
      matched = true
    }
  }
  return matched
}

export function parseKnownHosts(text: string, file: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = []
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim()
    if (!line || line.startsWith('#') || line.startsWith('@')) return
    const [patterns, keyType, key] = line.split(/\s+/)
    if (!patterns || !keyType || !key) return
    entries.push({ file, line: i + 1, patterns, keyType, key })
  })
  return entries
}

/** Parsed files by path, reused while size and mtime stay the same (every handshake reads them) */
const parsed = new Map<string, { stamp: string; entries: KnownHostEntry[] }>()

export function readKnownHosts(files: string[]): KnownHostEntry[] {
  return files.flatMap((f) => {
    const st = statSync(f, { throwIfNoEntry: false })
    if (!st) return []
    const stamp = `${st.size}:${st.mtimeMs}:${st.ino}`
    const hit = parsed.get(f)
    if (hit?.stamp === stamp) return hit.entries
    const entries = parseKnownHosts(readFileSync(f, 'utf8'), f)
    parsed.set(f, { stamp, entries })
    return entries
  })
}

/** Entries recorded for this host name. */
export function entriesFor(entries: KnownHostEntry[], name: string): KnownHostEntry[] {
  return entries.filter((e) => hostFieldMatches(e.patterns, name))
}

/**
 * OpenSSH's decision: the same key is ok; another key of the same type is a changed key; keys of
 * other types only make this one new (tsplay prefers the known types during key exchange).
 */
export function checkHostKey(entries: KnownHostEntry[], name: string, blob: Buffer): HostKeyVerdict {
  const mine = entriesFor(entries, name)
  const type = keyTypeOf(blob)
  const b64 = blob.toString('base64')
  if (mine.some((e) => e.key === b64)) return { status: 'ok' }
  const changed = mine.find((e) => e.keyType === type)
  return changed ? { status: 'changed', entry: changed } : { status: 'unknown' }
}

/** ssh2 host key algorithm names for a known_hosts key type. */
export function algorithmsFor(keyType: string): string[] {
  return keyType === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [keyType]
}

export class KnownHostsWriter {
  private readonly chains = new Map<string, Promise<unknown>>()

  /**
   * Appends `name type key` unless a line for this name and key is already there (another
   * connection may have added it meanwhile). One write call with O_APPEND; 0600 when created.
   */
  append(file: string, name: string, blob: Buffer): Promise<void> {
    const run = async () => {
      if (checkHostKey(readKnownHosts([file]), name, blob).status === 'ok') return
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
      if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600))
      const text = existsSync(file) ? readFileSync(file, 'utf8') : ''
      const sep = text && !text.endsWith('\n') ? '\n' : ''
      appendFileSync(file, `${sep}${name} ${keyTypeOf(blob)} ${blob.toString('base64')}\n`)
    }
    const next = (this.chains.get(file) ?? Promise.resolve()).then(run, run)
    this.chains.set(file, next)
    return next
  }
}
