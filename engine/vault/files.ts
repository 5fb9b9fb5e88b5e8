/** Reading possibly vaulted files, decrypting inline values, and atomic writes that keep the mode. */
import { randomBytes } from 'node:crypto'
import {
  chmodSync,
  chownSync,
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
} from 'node:fs'
import { statSync, unlinkSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { TsplayError } from '../errors.js'
import type { EncryptedString } from '../yaml/vault-tag.js'
import { isVaultText } from './format.js'
import type { VaultKeyring } from './keyring.js'

export function readBytes(path: string): Buffer {
  try {
    return readFileSync(path)
  } catch (err) {
    throw new TsplayError({
      code: 'FILE_UNREADABLE',
      message: `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      loc: { file: path, line: 0, column: 0 },
      hint: 'check the path and its permissions',
    })
  }
}

/** The text of a file, decrypted first if it is a vault, so loaders can parse either. */
export function readMaybeVaulted(path: string, keyring: VaultKeyring): string {
  const data = readBytes(path)
  return (isVaultText(data) ? keyring.decrypt(data, path).plaintext : data).toString('utf8')
}

/** The plaintext of a `!vault |` value; `where` (e.g. `group_vars/all.yml:3`) names it in errors. */
export function decryptInline(value: EncryptedString, keyring: VaultKeyring, where = '!vault value'): string {
  return keyring.decrypt(value.ciphertext, where).plaintext.toString('utf8')
}

/**
 * Replaces `path` atomically (temporary file in the same directory, then rename), keeping the mode
 * and owner of the file it replaces; new files get `newMode`. Follows a symlink to its target.
 */
export function writeFileAtomic(path: string, data: Buffer | string, newMode = 0o600): void {
  let target = path
  let previous: { mode: number; uid: number; gid: number } | undefined
  try {
    target = realpathSync(path)
    previous = statSync(target)
  } catch {
    // a new file
  }
  const tmp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tsplay-tmp`)
  let fd: number | undefined
  try {
    fd = openSync(tmp, 'wx', 0o600)
    const bytes = typeof data === 'string' ? Buffer.from(data) : data
    for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off)
    fsyncSync(fd)
    closeSync(fd)
    fd = undefined
    chmodSync(tmp, previous ? previous.mode & 0o7777 : newMode)
    if (previous) tryChown(tmp, previous.uid, previous.gid)
    renameSync(tmp, target)
  } catch (err) {
    if (fd !== undefined) closeSync(fd)
    try {
      unlinkSync(tmp)
    } catch {
      // never created or already renamed
    }
    throw new TsplayError({
      code: 'FILE_UNWRITABLE',
      message: `cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      loc: { file: path, line: 0, column: 0 },
      hint: 'check that its directory exists and is writable',
    })
  }
}

function tryChown(path: string, uid: number, gid: number): void {
  try {
    chownSync(path, uid, gid)
  } catch {
    // Only root can give a file away; the mode is what matters for a vault.
  }
}
