/**
 * The text of an ssh config file with its `Include` directives inlined, as OpenSSH reads them:
 * relative paths are under ~/.ssh (or /etc/ssh for files there), wildcards in the file name match
 * in sorted order, missing files are skipped, and nesting stops at 16 levels. An Include inside a
 * Host or Match block is followed by that block's header again, so the lines after it still belong
 * to the block.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { basename, dirname, isAbsolute, join } from 'node:path'
import { splitWords } from '../../modules/shell-words.js'

const MAX_DEPTH = 16

export function readSshConfig(file: string, depth = 0): string {
  if (depth > MAX_DEPTH || !existsSync(file)) return ''
  const base = file.startsWith('/etc/ssh/') ? '/etc/ssh' : join(homedir(), '.ssh')
  let header: string | undefined
  const out: string[] = []
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (/^\s*(host|match)\s/i.test(line)) header = line.trim()
    const include = /^\s*include\s*(?:=\s*|\s)(.*)$/i.exec(line)
    if (!include) {
      out.push(line)
      continue
    }
    for (const pattern of splitWords(include[1]!.trim())) {
      const path = pattern.replace(/^~(?=\/|$)/, homedir())
      for (const f of matches(isAbsolute(path) ? path : join(base, path)))
        out.push(readSshConfig(f, depth + 1))
    }
    if (header) out.push(header)
  }
  return out.join('\n')
}

/** The files a pattern names: wildcards (`*`, `?`) in the last part only, sorted. */
function matches(path: string): string[] {
  const name = basename(path)
  if (!/[*?]/.test(name)) return existsSync(path) ? [path] : []
  const dir = dirname(path)
  if (!existsSync(dir)) return []
  const re = new RegExp(
    `^${name
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  )
  return readdirSync(dir)
    .filter((f) => re.test(f) && !f.startsWith('.'))
    .sort()
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
}
