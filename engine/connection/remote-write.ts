/**
 * Atomic writes on a host: a temp file beside the target, attributes set on it, then a rename; and
 * compare-and-write, which checks and writes in one round trip. Scripts keep to shell builtins
 * where they can: on a busy host every extra process (dirname, mktemp, a second stat) costs about
 * a millisecond of CPU.
 */
import { createHash, randomBytes } from 'node:crypto'
import { posix } from 'node:path'
import { ModuleFailure } from '../modules/types.js'
import { shq } from './quote.js'
import { DISCARD_STDIN, readStdinScript } from './stdin-var.js'
import { failureMessage, runFileScript, sections, type FsContext } from './remote-run.js'
import { parseStat, STAT_FORMAT, statScript, type ChecksumAlgo, type StatResult } from './remote-stat.js'
import type { ExecResult } from './types.js'

export interface WriteOptions {
  /** Permission bits; default: the existing file's, else 0666 minus the umask */
  mode?: number | undefined
  owner?: string | undefined
  group?: string | undefined
  /** Keep a copy of the old file as `path.<pid>.<date>~` (Ansible's backup_local) */
  backup?: boolean | undefined
  /** A command checking the new file before it replaces the old one; `%s` is the temp file */
  validate?: string | undefined
  /** Copy this file on the host instead of writing `data` (copy with remote_src) */
  copyFrom?: string | undefined
  /** Write through a symlink to its target (lineinfile, blockinfile, replace) */
  followLink?: boolean | undefined
  checksum?: ChecksumAlgo | undefined
  /** Create missing parent directories (lineinfile/blockinfile with create) */
  makeParents?: boolean | undefined
  /** Stat the file after the write for the result (default true; false saves a process) */
  report?: boolean | undefined
}

export interface WriteResult {
  backup_file?: string | undefined
  /** The file after the write (unless `report: false`) */
  stat?: StatResult | undefined
}

/**
 * Writes `data` to a 0600 temp file beside `path`, sets mode/owner/group on it, validates it, then
 * renames it over `path`: a crash leaves either the old file or the new one, never half of one.
 */
export async function writeFileAtomic(
  ctx: FsContext,
  path: string,
  data: Buffer | string,
  opts: WriteOptions = {},
): Promise<WriteResult> {
  const report =
    opts.report === false ? '' : `\n${statScript(path, { follow: opts.followLink, checksum: opts.checksum })}`
  const script = `${writeScript(path, opts)}${report}`
  const res = await runFileScript(ctx, script, opts.copyFrom ? undefined : data)
  if (res.rc !== 0) throw writeFailure(res, path, opts)
  return writtenResult(res, path)
}

function writtenResult(res: ExecResult, path: string): WriteResult {
  const backup = sections(res.stdout, 'backup')[0]?.split('\n')[0]
  const stat = sections(res.stdout, 'stat')[0]
  return { backup_file: backup, stat: stat === undefined ? undefined : parseStat(path, stat) }
}

/** Removes the temp file and returns `rc` (no EXIT trap: the script may run in the command shell). */
const drop = (rc: number) => `{ rm -f "$t"; return ${rc}; }`

/** The shell of writeFileAtomic, without the final stat. */
function writeScript(path: string, opts: WriteOptions): string {
  const own = opts.owner
    ? `chown ${shq(opts.owner)}${opts.group ? `:${shq(opts.group)}` : ''}`
    : opts.group
      ? `chgrp ${shq(opts.group)}`
      : ''
  const dir = shq(posix.dirname(path))
  // read/write bits only: the temp file is created with them (umask), no chmod needed; a redirect
  // never creates execute bits, so other modes still take a chmod
  const plainMode = opts.mode !== undefined && (opts.mode & ~0o666) === 0 ? opts.mode : undefined
  const umask =
    plainMode !== undefined
      ? `umask ${(0o777 & ~plainMode).toString(8).padStart(3, '0')}`
      : opts.mode !== undefined
        ? 'umask 077'
        : '[ -z "$e" ] || umask 077' // a new file without a mode gets the session's default
  // an existing file's mode (when none is given) and owner (when none is given) carry over
  const copyMode = opts.mode === undefined ? `[ "$1" = "$3" ] || chmod "$1" "$t" || ${drop(83)}; ` : ''
  const copyOwner = own ? '' : '[ "$2" = "$4" ] || chown "$2" "$t" 2>/dev/null || :; '
  // with the mode given, only the owner may carry over: when the old file and the temp file are
  // both ours (test's -O and -G, which dash, bash and busybox have) that takes no stat process
  const ours = copyMode ? '' : '[ -O "$p" ] && [ -G "$p" ] && [ -G "$t" ] || '
  return [
    `p=${shq(path)}`,
    opts.followLink
      ? `if [ -L "$p" ]; then p=$(readlink -f -- "$p"); d=\${p%/*}; d=\${d:-/}; else d=${dir}; fi`
      : `d=${dir}`,
    opts.makeParents ? `[ -d "$d" ] || mkdir -p -- "$d" || return 89` : ':',
    `[ -d "$d" ] || { printf '%s\\n' "$d" >&2; return 80; }`,
    `if [ -d "$p" ] && [ ! -L "$p" ]; then echo 'Is a directory' >&2; return 88; fi`,
    `e=; [ ! -e "$p" ] || e=1`,
    // a random name created with O_EXCL (noclobber): never someone else's file; no mktemp process
    `t="$d/.tsplay.${randomBytes(8).toString('hex')}"`,
    `${umask}; set -C; true > "$t" || { set +C; return 81; }; set +C`,
    opts.copyFrom
      ? `cat -- ${shq(opts.copyFrom)} > "$t" || ${drop(82)}`
      : `{ ${readStdinScript('"$t"')}; } || ${drop(82)}`,
    opts.mode !== undefined && plainMode === undefined
      ? `chmod ${opts.mode.toString(8)} "$t" || ${drop(83)}`
      : ':',
    own ? `${own} "$t" || ${drop(84)}` : ':',
    copyMode || copyOwner
      ? `if [ -n "$e" ]; then ${ours}{ set -- $(stat -L -c '%a %u:%g' -- "$p" "$t") || ${drop(83)}; ${copyMode}${copyOwner}}; fi`
      : ':',
    opts.validate
      ? `(${opts.validate.split('%s').join('"$t"')}) 1>&2 || { echo "rc=$?" >&2; ${drop(85)}; }`
      : ':',
    opts.backup
      ? `if [ -e "$p" ]; then b="$p.$$.$(date +%Y-%m-%d@%H:%M:%S)~"; cp -p -- "$p" "$b" || ${drop(86)}; echo @@backup; printf '%s\\n' "$b"; fi`
      : ':',
    `mv -f -- "$t" "$p" || ${drop(87)}`,
  ].join('\n')
}

export interface Attrs {
  mode?: number | undefined
  owner?: string | undefined
  group?: string | undefined
}

/**
 * Shell that compares the attributes of the existing `path` with `want` and changes only the
 * differing ones (like attrFix + attrScript), printing `@@fixed` when it changed something.
 * A failing chown/chmod exits with its status.
 */
export function syncAttrsScript(path: string, want: Attrs): string {
  if (want.mode === undefined && !want.owner && !want.group) return ':'
  const p = shq(path)
  const same = (field: string, num: string, v: string) =>
    `[ "\${${/^\d+$/.test(v) ? num : field}}" = ${shq(v)} ]`
  // the full stat line plus %a: when nothing changes, it doubles as the report (no second stat)
  const lines = [
    `__st=$(stat -c ${shq(`${STAT_FORMAT} %a`)} -- ${p}) || return $?`,
    `set -- $__st`,
    `fo= fg= fm=`,
  ]
  if (want.owner) lines.push(`${same('11', '2', want.owner)} || fo=1`)
  if (want.group) lines.push(`${same('12', '3', want.group)} || fg=1`)
  if (want.mode !== undefined) lines.push(`[ "\${13}" = ${want.mode.toString(8)} ] || fm=1`)
  const chown = (o?: string, g?: string) => attrScript([path], { owner: o, group: g })
  if (want.owner && want.group)
    lines.push(
      `if [ -n "$fo" ] && [ -n "$fg" ]; then ${chown(want.owner, want.group)}; elif [ -n "$fo" ]; then ${chown(want.owner)}; elif [ -n "$fg" ]; then ${chown(undefined, want.group)}; fi || return $?`,
    )
  else if (want.owner || want.group)
    lines.push(
      `if [ -n "$f${want.owner ? 'o' : 'g'}" ]; then ${chown(want.owner, want.group)}; fi || return $?`,
    )
  if (want.mode !== undefined)
    lines.push(`if [ -n "$fm" ]; then ${attrScript([path], { mode: want.mode })}; fi || return $?`)
  lines.push(`[ -z "$fo$fg$fm" ] || echo @@fixed`)
  return lines.join('\n')
}

/** What compareAndWrite did; `fallback`: the target is not a plain file in an existing directory. */
export type CompareWriteResult =
  | { fallback: true }
  | { fallback?: false; written: false; attrsFixed: boolean }
  | ({ fallback?: false; written: true } & WriteResult)

/**
 * Check and write in one round trip: when `path` is a regular file (not a link) or missing in an
 * existing directory, compares its sha1 with `data`'s; writes `data` atomically (as writeFileAtomic,
 * with `opts.mode`/owner/group) only when it differs, else only fixes differing mode/owner/group.
 * Anything else (a link, a directory, a missing parent) changes nothing and returns `fallback`,
 * for the caller's two-round-trip path with its exact messages.
 */
export async function compareAndWrite(
  ctx: FsContext,
  path: string,
  data: Buffer | string,
  opts: Omit<WriteOptions, 'copyFrom' | 'makeParents' | 'followLink' | 'checksum'> & Attrs,
): Promise<CompareWriteResult> {
  const p = shq(path)
  const script = [
    `if [ -L ${p} ] || { [ -e ${p} ] && [ ! -f ${p} ]; } || [ ! -d ${shq(posix.dirname(path))} ]; then echo @@fallback; ${DISCARD_STDIN}; return 90; fi`,
    `c=; if [ -f ${p} ] && [ -r ${p} ]; then c=$(sha1sum < ${p}) && c=\${c%% *}; fi`,
    `if [ "$c" = ${checksumOf(data)} ]; then`,
    `${DISCARD_STDIN}; echo @@attrs`,
    syncAttrsScript(path, opts),
    `return 0; fi`,
    `echo @@write`,
    writeScript(path, opts),
    statScript(path),
  ].join('\n')
  const res = await runFileScript(ctx, script, data)
  const did = /^@@(fallback|attrs|write)$/m.exec(res.stdout)?.[1]
  if (did === 'fallback') return { fallback: true }
  if (res.rc !== 0) {
    if (did === 'attrs')
      throw new ModuleFailure(failureMessage(res.stderr, 'changing attributes of', path), {
        rc: res.rc,
        stderr: res.stderr,
      })
    throw writeFailure(res, path, opts)
  }
  if (did === 'attrs') return { written: false, attrsFixed: /^@@fixed$/m.test(res.stdout) }
  return { written: true, ...writtenResult(res, path) }
}

function writeFailure(res: ExecResult, path: string, opts: WriteOptions): ModuleFailure {
  const err = res.stderr.trim()
  const detail = { rc: res.rc, stderr: res.stderr }
  switch (res.rc) {
    case 80:
      return new ModuleFailure(`parent directory ${err.split('\n')[0]} does not exist`, detail)
    case 82:
      if (opts.copyFrom && /no such file/i.test(err))
        return new ModuleFailure(`source ${opts.copyFrom} does not exist`, detail)
      break
    case 84:
      return new ModuleFailure(`cannot set owner/group of ${path}: ${err.split('\n').pop()}`, detail)
    case 85:
      return new ModuleFailure(`failed to validate ${path}: ${err.split('\n').slice(-2).join(' ')}`, detail)
  }
  return new ModuleFailure(failureMessage(err, 'writing', path), detail)
}

/** chmod/chown on existing paths (`-h`: a link itself, `-R`: recursively). */
export function attrScript(
  paths: string[],
  fix: { mode?: number | undefined; owner?: string | undefined; group?: string | undefined },
  flags: { noDeref?: boolean; recurse?: boolean } = {},
): string {
  return attrCommand(paths.map(shq).join(' '), fix, flags)
}

/** attrScript for shell words as they are (`"$@"`: the positional parameters). */
export function attrCommand(
  words: string,
  fix: { mode?: number | undefined; owner?: string | undefined; group?: string | undefined },
  flags: { noDeref?: boolean; recurse?: boolean } = {},
): string {
  const cmds: string[] = []
  const r = flags.recurse ? '-R ' : ''
  if (fix.owner || fix.group) {
    const who = fix.owner
      ? `${shq(fix.owner)}${fix.group ? `:${shq(fix.group)}` : ''}`
      : `:${shq(fix.group!)}`
    cmds.push(`chown ${r}${flags.noDeref ? '-h ' : ''}${who} -- ${words}`)
  }
  if (fix.mode !== undefined && !flags.noDeref) cmds.push(`chmod ${r}${fix.mode.toString(8)} -- ${words}`)
  return cmds.join(' && ') || ':'
}

export function checksumOf(data: Buffer | string, algo: ChecksumAlgo = 'sha1'): string {
  return createHash(algo).update(data).digest('hex')
}
