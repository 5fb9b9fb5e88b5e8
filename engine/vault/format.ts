/**
 * The Ansible vault AES256 format, byte for byte as ansible-core writes it:
 *
 *   $ANSIBLE_VAULT;1.1;AES256            (or `;1.2;AES256;<label>`)
 *   hex( hex(salt) "\n" hex(hmac) "\n" hex(ciphertext) ), in 80-column lines, final "\n"
 *
 * ciphertext = AES-256-CTR(PKCS#7-padded plaintext); hmac = HMAC-SHA256(hmacKey, ciphertext); the keys
 * and the initial counter come from PBKDF2 (see keys.ts).
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { TsplayError } from '../errors.js'
import { deriveKeys } from './keys.js'

export const VAULT_HEADER = '$ANSIBLE_VAULT'
export const VAULT_CIPHER = 'AES256'
/** Ansible's name for "no label"; a vault encrypted with it gets a 1.1 header. */
export const DEFAULT_VAULT_ID = 'default'

const SALT_LENGTH = 32
const BLOCK = 16
const LINE_WIDTH = 80

export interface VaultEnvelope {
  version: string
  cipher: string
  /** The label of a 1.2 header */
  label: string | undefined
  salt: Buffer
  hmac: Buffer
  ciphertext: Buffer
}

/** True when the data starts with the vault header, as Ansible's `is_encrypted` decides. */
export function isVaultText(data: string | Buffer): boolean {
  const head = typeof data === 'string' ? data.slice(0, VAULT_HEADER.length) : data.toString('latin1', 0, 14)
  return head === VAULT_HEADER
}

function formatError(where: string, message: string): TsplayError {
  return new TsplayError({
    code: 'VAULT_FORMAT',
    message: `not a valid Ansible vault: ${message}`,
    loc: { file: where, line: 0, column: 0 },
    hint: 'the file may have been truncated or edited by hand; restore it from version control',
  })
}

const HEX_DIGITS = Buffer.from('0123456789abcdef')
const HEX_VALUE = new Int8Array(256).fill(-1)
for (let i = 0; i < 16; i++) {
  HEX_VALUE[HEX_DIGITS[i]!] = i
  HEX_VALUE['0123456789ABCDEF'.charCodeAt(i)] = i
}
const NL = 0x0a

/**
 * Strict hex decoding of `src[start, end)` (Node's own silently stops at a bad digit). With
 * `skipSpace`, line breaks and blanks are ignored: the envelope's 80-column lines. Byte loops:
 * 10 MB vaults are 40 MB of hex, and this is several times faster than split/join/regex.
 */
function decodeHex(src: Buffer, start: number, end: number, skipSpace: boolean): Buffer | undefined {
  const out = Buffer.allocUnsafe((end - start) >> 1)
  let n = 0
  let high = -1
  for (let i = start; i < end; i++) {
    const c = src[i]!
    const v = HEX_VALUE[c]!
    if (v < 0) {
      if (skipSpace && (c === NL || c === 0x0d || c === 0x20 || c === 0x09)) continue
      return undefined
    }
    if (high < 0) high = v
    else {
      out[n++] = (high << 4) | v
      high = -1
    }
  }
  return high < 0 ? out.subarray(0, n) : undefined
}

function encodeHex(src: Buffer): Buffer {
  const out = Buffer.allocUnsafe(src.length * 2)
  for (let i = 0, o = 0; i < src.length; i++) {
    const b = src[i]!
    out[o++] = HEX_DIGITS[b >> 4]!
    out[o++] = HEX_DIGITS[b & 15]!
  }
  return out
}

/** hex(inner) in LINE_WIDTH-column lines, each ending with a newline. */
function encodeHexLines(src: Buffer): Buffer {
  const width = src.length * 2
  const out = Buffer.allocUnsafe(width + Math.ceil(width / LINE_WIDTH))
  let o = 0
  let col = 0
  for (let i = 0; i < src.length; i++) {
    const b = src[i]!
    out[o++] = HEX_DIGITS[b >> 4]!
    out[o++] = HEX_DIGITS[b & 15]!
    col += 2
    if (col === LINE_WIDTH) {
      out[o++] = NL
      col = 0
    }
  }
  if (col) out[o++] = NL
  return out.subarray(0, o)
}

export function parseVault(data: string | Buffer, where: string): VaultEnvelope {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
  if (!isVaultText(bytes)) throw formatError(where, `it does not start with \`${VAULT_HEADER}\``)
  let headerEnd = bytes.indexOf(NL)
  if (headerEnd < 0) headerEnd = bytes.length
  const header = bytes
    .toString('utf8', 0, headerEnd)
    .trim()
    .split(';')
    .map((part) => part.trim())
  const [, version, cipher, label] = header
  if (version !== '1.1' && version !== '1.2') throw formatError(where, `unsupported version \`${version}\``)
  if (cipher !== VAULT_CIPHER) throw formatError(where, `unsupported cipher \`${cipher}\``)
  // Blanks are skipped: inline `!vault |` values may keep stray indentation.
  const inner = decodeHex(bytes, headerEnd, bytes.length, true)
  if (!inner) throw formatError(where, 'the body is not hexadecimal')
  const first = inner.indexOf(NL)
  const second = first < 0 ? -1 : inner.indexOf(NL, first + 1)
  if (second < 0) throw formatError(where, 'the body does not hold salt, HMAC and ciphertext')
  const salt = decodeHex(inner, 0, first, false)
  const hmac = decodeHex(inner, first + 1, second, false)
  const ciphertext = decodeHex(inner, second + 1, inner.length, false)
  if (!salt?.length || !hmac || !ciphertext)
    throw formatError(where, 'the salt, HMAC or ciphertext is not hexadecimal')
  return { version, cipher, label: label || undefined, salt, hmac, ciphertext }
}

export function formatVault(env: Pick<VaultEnvelope, 'label' | 'salt' | 'hmac' | 'ciphertext'>): string {
  const labelled = env.label !== undefined && env.label !== '' && env.label !== DEFAULT_VAULT_ID
  const header = labelled
    ? `${VAULT_HEADER};1.2;${VAULT_CIPHER};${env.label}`
    : `${VAULT_HEADER};1.1;${VAULT_CIPHER}`
  const nl = Buffer.from('\n')
  const inner = Buffer.concat([encodeHex(env.salt), nl, encodeHex(env.hmac), nl, encodeHex(env.ciphertext)])
  return `${header}\n${encodeHexLines(inner).toString('latin1')}`
}

function pad(data: Buffer): Buffer {
  const n = BLOCK - (data.length % BLOCK)
  return Buffer.concat([data, Buffer.alloc(n, n)])
}

function unpad(data: Buffer, where: string): Buffer {
  const n = data.length ? data[data.length - 1]! : 0
  const valid = data.length % BLOCK === 0 && n >= 1 && n <= BLOCK && data.length >= n
  if (!valid || data.subarray(data.length - n).some((b) => b !== n)) {
    throw formatError(where, 'the padding is invalid')
  }
  return data.subarray(0, data.length - n)
}

export interface EncryptOptions {
  /** Vault id written in a 1.2 header; `default` or none gives a 1.1 header */
  label?: string | undefined
  /** Only for tests: Ansible uses 32 random bytes */
  salt?: Buffer | undefined
}

export function encryptBytes(plaintext: Buffer, password: Buffer, opts: EncryptOptions = {}): string {
  const salt = opts.salt ?? randomBytes(SALT_LENGTH)
  const keys = deriveKeys(password, salt)
  const cipher = createCipheriv('aes-256-ctr', keys.cipherKey, keys.iv)
  const ciphertext = Buffer.concat([cipher.update(pad(plaintext)), cipher.final()])
  const hmac = createHmac('sha256', keys.hmacKey).update(ciphertext).digest()
  return formatVault({ label: opts.label, salt, hmac, ciphertext })
}

/**
 * Decrypts with one password. Returns undefined when the HMAC does not match (wrong password or a
 * modified file), checked in constant time before anything is decrypted.
 */
export function decryptEnvelope(env: VaultEnvelope, password: Buffer, where: string): Buffer | undefined {
  const keys = deriveKeys(password, env.salt)
  const expected = createHmac('sha256', keys.hmacKey).update(env.ciphertext).digest()
  if (expected.length !== env.hmac.length || !timingSafeEqual(expected, env.hmac)) return undefined
  const decipher = createDecipheriv('aes-256-ctr', keys.cipherKey, keys.iv)
  return unpad(Buffer.concat([decipher.update(env.ciphertext), decipher.final()]), where)
}
