/**
 * ssh2 signs with a key's PEM text, which OpenSSL parses again for every signature: ~0.33 ms of
 * the ~0.36 ms each login's signature took. A key loaded once for the run signs with a KeyObject
 * made once instead (Ed25519, and any key when ssh2 names the hash, as for rsa-sha2-256).
 */
import { createPrivateKey, sign, type KeyObject } from 'node:crypto'
import type { ParsedKey } from 'ssh2'

export function withCachedSigner(key: ParsedKey): ParsedKey {
  const pem = key.getPrivatePEM()
  if (!pem) return key
  let keyObject: KeyObject
  try {
    keyObject = createPrivateKey(pem)
  } catch {
    return key
  }
  const original = key.sign.bind(key)
  const ed25519 = key.type === 'ssh-ed25519'
  const fast = (data: Buffer | string, algo?: string): Buffer | Error => {
    // without a named hash, ssh2 uses the key type's default: only Ed25519's (none) is certain here
    if (!algo && !ed25519) return original(data, algo)
    try {
      return sign(algo || null, typeof data === 'string' ? Buffer.from(data) : data, keyObject)
    } catch (err) {
      return err as Error // ssh2's convention: errors are returned, not thrown
    }
  }
  // ssh2's typings say Buffer; at run time it returns (and checks for) an Error on failure
  key.sign = fast as ParsedKey['sign']
  return key
}
