/**
 * The stat fact: a shell snippet printing a `@@stat` section (GNU `stat -c`, a checksum, readlink)
 * and the pure parser of that section.
 */
import { ModuleFailure } from '../modules/types.js'
import { shq } from './quote.js'

export type ChecksumAlgo = 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512'
export type FileType = 'file' | 'directory' | 'link' | 'chr' | 'blk' | 'fifo' | 'socket'

export interface RemoteStat {
  exists: true
  path: string
  type: FileType
  /** Permission bits (0o7777) */
  mode: number
  size: number
  uid: number
  gid: number
  owner: string
  group: string
  atime: number
  mtime: number
  ctime: number
  inode: number
  dev: number
  nlink: number
  readable: boolean
  writeable: boolean
  executable: boolean
  checksum?: string | undefined
  /** readlink (links only) */
  lnkTarget?: string | undefined
  /** readlink -f (links only) */
  lnkSource?: string | undefined
}
export type StatResult = RemoteStat | { exists: false; path: string }

export interface StatOptions {
  checksum?: ChecksumAlgo | undefined
  /** Stat what a link points to (a dangling link is then missing) */
  follow?: boolean | undefined
  /**
   * For a link: its target (`lnkTarget`, readlink) and resolved path (`lnkSource`, readlink -f),
   * each one more process on the host. Default: both
   */
  linkInfo?: 'none' | 'target' | 'both' | undefined
}

export const STAT_FORMAT = '%f %u %g %s %X %Y %Z %i %d %h %U %G'
const TYPES: Record<number, FileType> = {
  0o100000: 'file',
  0o040000: 'directory',
  0o120000: 'link',
  0o020000: 'chr',
  0o060000: 'blk',
  0o010000: 'fifo',
  0o140000: 'socket',
}

const existsTest = (p: string, opts: StatOptions) =>
  opts.follow ? `[ -e ${p} ]` : `{ [ -e ${p} ] || [ -L ${p} ]; }`

/** What follows the stat line in a section: access, checksum, link target. */
function statExtras(path: string, opts: StatOptions): string {
  const p = shq(path)
  const isReg = opts.follow ? `[ -f ${p} ]` : `[ -f ${p} ] && [ ! -L ${p} ]`
  const sum = opts.checksum
    ? `if ${isReg} && [ -r ${p} ]; then printf 'sum:'; ${opts.checksum}sum < ${p}; fi; `
    : ''
  const info = opts.follow ? 'none' : (opts.linkInfo ?? 'both')
  const target = `printf 'lnk:%s\\n' "$(readlink -- ${p})"; `
  const real = info === 'both' ? `printf 'real:%s\\n' "$(readlink -f -- ${p})"; ` : ''
  const lnk = info === 'none' ? '' : `if [ -L ${p} ]; then ${target}${real}fi; `
  return `a=; [ -r ${p} ] && a=r; [ -w ${p} ] && a=\${a}w; [ -x ${p} ] && a=\${a}x; echo "acc:$a"; ${sum}${lnk}`
}

/** Shell that prints a `@@stat` section for `path` (see parseStat). */
export function statScript(path: string, opts: StatOptions = {}): string {
  const p = shq(path)
  return (
    `echo @@stat; if ${existsTest(p, opts)}; then stat ${opts.follow ? '-L ' : ''}-c ${shq(STAT_FORMAT)} -- ${p} || return 70; ` +
    `${statExtras(path, opts)}else echo missing; fi`
  )
}

/**
 * The sections of several paths, in order, with one `stat` process for all of them (stat prints a
 * line per path, in argument order) instead of one per path: each process costs about a
 * millisecond of host CPU. Only links that are to be followed need a second, `stat -L`, process.
 */
export function statManyScript(items: ({ path: string } & StatOptions)[]): string {
  if (items.length === 1) return statScript(items[0]!.path, items[0])
  const lines = [`__nl='\n'`]
  // __k<i>: which stat call reports item i (0: plain, 1: -L for a followed link, empty: missing)
  items.forEach((it, i) => {
    const p = shq(it.path)
    const group = it.follow ? `if [ -L ${p} ]; then __k${i}=1; else __k${i}=0; fi` : `__k${i}=0`
    lines.push(`__k${i}=; if ${existsTest(p, it)}; then ${group}; fi`)
  })
  for (const g of [0, 1]) {
    const args = items.map((it, i) => `[ "$__k${i}" != ${g} ] || set -- "$@" ${shq(it.path)}`).join('; ')
    const cmd = `stat ${g ? '-L ' : ''}-c ${shq(STAT_FORMAT)} -- "$@"`
    lines.push(`set --; ${args}`, `__g${g}=; [ $# -eq 0 ] || __g${g}=$(${cmd}) || return 70`)
  }
  // the next line of a group's output
  const next = (g: number) => `printf '%s\\n' "\${__g${g}%%"$__nl"*}"; __g${g}=\${__g${g}#*"$__nl"}`
  items.forEach((it, i) => {
    const extras = statExtras(it.path, it)
    lines.push(
      `echo @@stat; if [ "$__k${i}" = 0 ]; then ${next(0)}; ${extras}` +
        `elif [ "$__k${i}" = 1 ]; then ${next(1)}; ${extras}else echo missing; fi`,
    )
  })
  return lines.join('\n')
}

/**
 * statScript for a path that syncAttrsScript has just stat'ed (`$__st`, not a link): when it
 * changed nothing, the section comes from that line instead of a second `stat` process.
 */
export function statAfterSyncScript(path: string, opts: StatOptions = {}): string {
  // not a link: the followed extras are the access line only
  const captured = `echo @@stat; printf '%s\\n' "\${__st% *}"; ${statExtras(path, { follow: true })}`
  return `if [ -n "\${__st:-}" ] && [ -z "$fo$fg$fm" ]; then ${captured}else ${statScript(path, opts)}; fi`
}

/** Parses one `@@stat` section (the text after the marker line). */
export function parseStat(path: string, text: string): StatResult {
  const lines = text.replace(/^@@stat\n/, '').split('\n')
  const head = lines[0]?.trim() ?? ''
  if (head === 'missing' || head === '') return { exists: false, path }
  const f = head.split(' ')
  if (f.length < 12) throw new ModuleFailure(`cannot parse stat output for ${path}: ${head}`)
  const raw = parseInt(f[0]!, 16)
  const num = (i: number) => Number(f[i])
  const st: RemoteStat = {
    exists: true,
    path,
    type: TYPES[raw & 0o170000] ?? 'file',
    mode: raw & 0o7777,
    size: num(3),
    uid: num(1),
    gid: num(2),
    owner: f[10]!,
    group: f[11]!,
    atime: num(4),
    mtime: num(5),
    ctime: num(6),
    inode: num(7),
    dev: num(8),
    nlink: num(9),
    readable: false,
    writeable: false,
    executable: false,
  }
  for (const line of lines.slice(1)) {
    const [key, value] = [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)]
    if (key === 'acc') {
      st.readable = value.includes('r')
      st.writeable = value.includes('w')
      st.executable = value.includes('x')
    } else if (key === 'sum') st.checksum = value.split(/\s/)[0] || undefined
    else if (key === 'lnk') st.lnkTarget = value
    else if (key === 'real') st.lnkSource = value
  }
  return st
}
