/** get_url's `checksum:` argument (`sha256:HEX` or `sha256:URL`) and checksum-list files. */
import type { ChecksumAlgo } from '../../connection/remote-fs.js'
import { ModuleFailure } from '../types.js'

const ALGOS: ChecksumAlgo[] = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512']
const HEX_LEN: Record<ChecksumAlgo, number> = {
  md5: 32,
  sha1: 40,
  sha224: 56,
  sha256: 64,
  sha384: 96,
  sha512: 128,
}

export type ChecksumSpec = { algo: ChecksumAlgo; value: string } | { algo: ChecksumAlgo; url: string }

export function parseChecksumArg(s: string): ChecksumSpec {
  const i = s.indexOf(':')
  if (i < 0) throw new ModuleFailure('The checksum parameter has to be in format <algorithm>:<checksum>')
  const algo = s.slice(0, i).trim().toLowerCase() as ChecksumAlgo
  const rest = s.slice(i + 1).trim()
  if (!ALGOS.includes(algo))
    throw new ModuleFailure(`unsupported checksum algorithm: ${algo} (use ${ALGOS.join(', ')})`)
  if (/^(https?|ftp|file):\/\//i.test(rest)) return { algo, url: rest }
  return { algo, value: checkHex(algo, rest) }
}

function checkHex(algo: ChecksumAlgo, value: string): string {
  const v = value.toLowerCase()
  if (!new RegExp(`^[0-9a-f]{${HEX_LEN[algo]}}$`).test(v))
    throw new ModuleFailure(
      `The checksum format is invalid: expected ${HEX_LEN[algo]} hex digits for ${algo}`,
    )
  return v
}

/**
 * The checksum of `filename` in a `sha256sum`-style list (`HEX  name` or `HEX *name`, also BSD
 * `SHA256 (name) = HEX`); a list holding one bare checksum is that checksum, as in Ansible.
 */
export function findInChecksumList(text: string, filename: string, algo: ChecksumAlgo): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
  for (const line of lines) {
    const bsd = /^\w+ \((.+)\) = ([0-9a-fA-F]+)$/.exec(line)
    if (bsd && bsd[1] === filename) return checkHex(algo, bsd[2]!)
    const m = /^([0-9a-fA-F]+)\s+\*?(.+)$/.exec(line)
    if (m && (m[2] === filename || m[2]!.replace(/^\.\//, '') === filename || m[2]!.endsWith(`/${filename}`)))
      return checkHex(algo, m[1]!)
  }
  if (lines.length === 1 && /^[0-9a-fA-F]+$/.test(lines[0]!)) return checkHex(algo, lines[0]!)
  throw new ModuleFailure(`Unable to find a checksum for file '${filename}' in the checksum list`)
}

/** The file name a URL points at (for `dest` directories and checksum lists). */
export function urlFilename(url: string): string {
  const path = url.replace(/[?#].*$/, '').replace(/^[a-z]+:\/\/[^/]*/i, '')
  const name = decodeURIComponent(path.split('/').filter(Boolean).pop() ?? '')
  return name || 'index.html'
}
