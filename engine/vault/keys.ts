/**
 * PBKDF2 key derivation for vault AES256, cached per (password, salt). Derivation costs ~10 ms by
 * design; a run decrypts the same inline values for many hosts, so each pair is derived only once.
 */
import { createHash, pbkdf2Sync } from 'node:crypto'

export interface VaultKeys {
  cipherKey: Buffer
  hmacKey: Buffer
  iv: Buffer
}

const ITERATIONS = 10_000
const KEY_LENGTH = 32
const IV_LENGTH = 16
const CACHE_LIMIT = 4096

const cache = new Map<string, VaultKeys>()
let derivations = 0

export function deriveKeys(password: Buffer, salt: Buffer): VaultKeys {
  // The cache key is a digest so that the map never holds a second copy of the password.
  const id = createHash('sha256').update(salt).update('\0').update(password).digest('base64')
  const hit = cache.get(id)
  if (hit) return hit
  derivations++
  const derived = pbkdf2Sync(password, salt, ITERATIONS, 2 * KEY_LENGTH + IV_LENGTH, 'sha256')
  const keys: VaultKeys = {
    cipherKey: derived.subarray(0, KEY_LENGTH),
    hmacKey: derived.subarray(KEY_LENGTH, 2 * KEY_LENGTH),
    iv: derived.subarray(2 * KEY_LENGTH),
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!)
  cache.set(id, keys)
  return keys
}

/** How many PBKDF2 derivations ran in this process (for tests and benchmarks). */
export function keyDerivationCount(): number {
  return derivations
}

export function clearKeyCache(): void {
  cache.clear()
}
