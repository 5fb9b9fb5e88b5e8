/**
 * File modes and attributes as Ansible takes them: octal strings ('0644', '644'), numbers (420, what
 * YAML 1.1 makes of 0644) and symbolic modes ('u=rw,g=r,o=r', 'u+x', 'a+X'), plus owner/group.
 */
import type { FileDiff } from './types.js'
import { ModuleFailure } from './types.js'
import type { RemoteStat } from '../connection/remote-fs.js'
import { toBool } from '../template/index.js'

const PERM_BITS = 0o7777
/** The umask Ansible's module process usually runs with; only used for symbolic modes without `ugoa` */
export const DEFAULT_UMASK = 0o022

/** '0644' for 0o644; Ansible's `%04o`. */
export function formatMode(mode: number): string {
  return (mode & PERM_BITS).toString(8).padStart(4, '0')
}

/**
 * The permission bits `mode` asks for. `current` is the file's mode now (for symbolic modes;
 * undefined for a file about to be created, which then starts from 0666/0777 minus the umask).
 */
export function parseMode(
  mode: string | number,
  current: number | undefined,
  isDir: boolean,
  umask = DEFAULT_UMASK,
): number {
  if (typeof mode === 'number') {
    if (!Number.isInteger(mode) || mode < 0 || mode > PERM_BITS) throw badMode(mode)
    return mode
  }
  const s = mode.trim()
  if (/^[0-7]{1,5}$/.test(s)) {
    const n = parseInt(s, 8)
    if (n > PERM_BITS) throw badMode(mode)
    return n
  }
  const base = current ?? (isDir ? 0o777 : 0o666) & ~umask
  return symbolicMode(s, base & PERM_BITS, isDir, umask)
}

function badMode(mode: unknown): ModuleFailure {
  return new ModuleFailure(`mode must be in octal or symbolic form, got ${JSON.stringify(mode)}`)
}

const WHO_MASK: Record<string, number> = { u: 0o4700, g: 0o2070, o: 0o1007 }

/** Ansible's _symbolic_mode_to_octal, including its use of the original mode for `X` and `u/g/o`. */
function symbolicMode(spec: string, prev: number, isDir: boolean, umask: number): number {
  let mode = prev
  const applyX = isDir || (prev & 0o111) !== 0
  for (const clause of spec.split(',')) {
    const m = /^([ugoa]*)((?:[-+=][rwxXstugo]*)+)$/.exec(clause)
    if (!m) throw badMode(spec)
    const useUmask = m[1] === ''
    const users = !m[1] || m[1].includes('a') ? 'ugo' : m[1]
    for (const [, op, perms] of m[2]!.matchAll(/([-+=])([rwxXstugo]*)/g)) {
      for (const who of users) {
        const bits = permBits(who as 'u' | 'g' | 'o', perms!, prev, applyX, useUmask ? ~umask & 0o777 : 0o777)
        if (op === '=') mode = (mode & ~WHO_MASK[who]!) | bits
        else if (op === '+') mode |= bits
        else mode &= ~bits
      }
    }
  }
  return mode & PERM_BITS
}

function permBits(
  who: 'u' | 'g' | 'o',
  perms: string,
  prev: number,
  applyX: boolean,
  allowed: number,
): number {
  const shift = who === 'u' ? 6 : who === 'g' ? 3 : 0
  let bits = 0
  for (const p of perms) {
    if (p === 'r') bits |= (4 << shift) & allowed
    else if (p === 'w') bits |= (2 << shift) & allowed
    else if (p === 'x') bits |= (1 << shift) & allowed
    else if (p === 'X') bits |= applyX ? 1 << shift : 0
    else if (p === 's') bits |= who === 'u' ? 0o4000 : who === 'g' ? 0o2000 : 0
    else if (p === 't') bits |= who === 'o' ? 0o1000 : 0
    else {
      // copy another class's bits: u=g
      const from = p === 'u' ? 6 : p === 'g' ? 3 : 0
      bits |= ((prev >> from) & 7) << shift
    }
  }
  return bits
}

/** A boolean argument (true/'yes'/1) with its default. */
export function flag(v: unknown, dflt = false): boolean {
  return v === undefined || v === null ? dflt : toBool(v)
}

/** The first defined of an argument and its aliases. */
export function arg<T = unknown>(args: Record<string, unknown>, ...names: string[]): T | undefined {
  for (const n of names) if (args[n] !== undefined && args[n] !== null) return args[n] as T
  return undefined
}

export interface WantAttrs {
  mode?: string | number | undefined
  owner?: string | undefined
  group?: string | undefined
}

export function wantAttrs(args: Record<string, unknown>): WantAttrs {
  const s = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : String(v))
  const mode = args.mode === 'preserve' ? undefined : (args.mode as string | number | undefined)
  return { mode: mode ?? undefined, owner: s(args.owner), group: s(args.group) }
}

/** What chmod/chown must set so that `st` gets `want`: only the differing parts. */
export interface AttrFix {
  mode?: number | undefined
  owner?: string | undefined
  group?: string | undefined
}

export function attrFix(st: RemoteStat | undefined, want: WantAttrs, isDir: boolean): AttrFix {
  const fix: AttrFix = {}
  if (want.mode !== undefined) {
    const target = parseMode(want.mode, st?.mode, isDir)
    // modes of symlinks cannot be changed on Linux
    if (!st || (st.type !== 'link' && st.mode !== target)) fix.mode = target
  }
  if (want.owner !== undefined && (!st || !sameId(want.owner, st.uid, st.owner))) fix.owner = want.owner
  if (want.group !== undefined && (!st || !sameId(want.group, st.gid, st.group))) fix.group = want.group
  return fix
}

function sameId(want: string, id: number, name: string): boolean {
  return /^\d+$/.test(want) ? Number(want) === id : want === name
}

export function hasFix(fix: AttrFix): boolean {
  return fix.mode !== undefined || fix.owner !== undefined || fix.group !== undefined
}

/** Ansible's attribute diff: `{"mode": "0600", "path": …}` → `{"mode": "0644", …}`, no path in the headers. */
export function attrDiff(path: string, st: RemoteStat, fix: AttrFix): FileDiff {
  const before: Record<string, string> = {}
  const after: Record<string, string> = {}
  if (fix.mode !== undefined) [before.mode, after.mode] = [formatMode(st.mode), formatMode(fix.mode)]
  if (fix.owner !== undefined) [before.owner, after.owner] = [st.owner, fix.owner]
  if (fix.group !== undefined) [before.group, after.group] = [st.group, fix.group]
  const [b, a] = [diffJson({ path, ...before }), diffJson({ path, ...after })]
  return { path, before: b, after: a, pathInHeaders: false }
}

/** A mapping in a diff as Ansible prints it: JSON with sorted keys, 4-space indent, a final newline. */
export function diffJson(o: object): string {
  return JSON.stringify(sortKeys(o), null, 4) + '\n'
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys)
  if (!v || typeof v !== 'object') return v
  const entries = Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return Object.fromEntries(entries.map(([k, x]) => [k, sortKeys(x)]))
}
