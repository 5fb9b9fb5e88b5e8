/**
 * file with state=directory outside check and diff mode: check and change in one round trip, and
 * a loop's directories, item by item, in one command (file-directory-batch.ts). Also the result
 * shape shared with file.ts.
 */
import { shq } from '../connection/quote.js'
import {
  attrScript,
  runThenStatReport,
  statReportOf,
  syncAttrsScript,
  thenStatScript,
  type Attrs,
  type StatResult,
} from '../connection/remote-fs.js'
import { attrsOf, fixedAttrs } from './file-job.js'
import { arg, attrFix, flag, hasFix, type WantAttrs } from './mode.js'
import type { ItemOutcome, ModuleContext, ModuleResult } from './types.js'

export type State = 'file' | 'directory' | 'link' | 'hard' | 'touch' | 'absent'
export interface FastDirectory {
  want: WantAttrs
  follow: boolean
}

/** A batch stops at an item that needs the two-round-trip path (a link, or not a directory) */
const FALLBACK_RC = 97

export function prevStateOf(st: StatResult): string {
  if (!st.exists) return 'absent'
  return st.type === 'link' ? 'link' : st.type === 'directory' ? 'directory' : st.nlink > 1 ? 'hard' : 'file'
}

/** Ansible's file result: path, state, mode, owner, group, uid, gid, size (dest/src for links). */
export function resultOf(path: string, st: StatResult, state: State, src?: string): Record<string, unknown> {
  const base = state === 'link' || state === 'hard' ? { dest: path, src } : { path }
  if (!st.exists) return { ...base, state: 'absent' }
  const shown = state === 'touch' ? prevStateOf(st) : state
  return { ...base, state: shown, ...attrsOf(st) }
}

/** `/a/b/c` → ['/a', '/a/b', '/a/b/c'] (for creating each missing directory with its attributes) */
export function ancestry(path: string): string[] {
  const parts = path.split('/').filter(Boolean)
  const lead = path.startsWith('/') ? '/' : ''
  return parts.map((_, i) => lead + parts.slice(0, i + 1).join('/'))
}

/** Creates each missing directory of `path` with the attributes a new one gets. */
export function mkdirsScript(path: string, want: WantAttrs): string[] {
  const { mode, ...owner } = attrFix(undefined, want, true)
  // mkdir -m sets the exact mode (umask aside): one process per directory instead of two
  const m = mode !== undefined ? ` -m ${mode.toString(8)}` : ''
  return ancestry(path).map((d) => {
    const attrs = hasFix(owner) ? ` && ${attrScript([d], owner)}` : ''
    return `[ -d ${shq(d)} ] || { mkdir${m} -- ${shq(d)}${attrs}; } || return 62`
  })
}

/** The one-round-trip plan for these arguments, or undefined (check mode, recurse, other states). */
export function fastDirectory(
  args: Record<string, unknown>,
  ctx: Pick<ModuleContext, 'checkMode' | 'diffMode'>,
): { path: string; fast: FastDirectory } | undefined {
  const path = arg<string>(args, 'path', 'dest', 'name')
  if (!path || ctx.checkMode || ctx.diffMode || args.state !== 'directory' || flag(args.recurse))
    return undefined
  // refreshing a time (modification_time/access_time: now) takes file.ts's general path
  if ([args.modification_time, args.access_time].some((t) => t !== undefined && t !== 'preserve'))
    return undefined
  const want = fixedAttrs(args, true)
  return want ? { path, fast: { want, follow: flag(args.follow, true) } } : undefined
}

function directoryScript(path: string, fast: FastDirectory, fallbackRc = 0): string {
  const q = shq(path)
  return [
    `if [ -L ${q} ] || { [ -e ${q} ] && [ ! -d ${q} ]; }; then echo @@fallback; return ${fallbackRc}; fi`,
    `if [ -d ${q} ]; then`,
    syncAttrsScript(path, fast.want as Attrs),
    `else echo @@fixed`,
    ...mkdirsScript(path, fast.want),
    `fi`,
  ].join('\n')
}

export function directoryResult(path: string, report: { stat: StatResult; stdout: string }): ModuleResult {
  const result = resultOf(path, report.stat, 'directory')
  return /^@@fixed$/m.test(report.stdout) ? { changed: true, ...result } : { ...result, changed: false }
}

/** state=directory in one round trip; undefined when the path is a link or not a directory. */
export async function applyDirectory(
  path: string,
  fast: FastDirectory,
  ctx: ModuleContext,
): Promise<ModuleResult | undefined> {
  const opts = { follow: fast.follow, afterSync: true }
  const r = await runThenStatReport(ctx, directoryScript(path, fast), path, 'changing', opts)
  return /^@@fallback$/m.test(r.stdout) ? undefined : directoryResult(path, r)
}

/** The per-item part of a loop's batch (see file-directory-batch.ts): a plan per item. */
export interface DirectoryPlan {
  path: string
  fast: FastDirectory
}

/**
 * Each item's script in its own subshell, in order, its output and exit code between separator
 * lines on both streams. It stops at the first item that is a link or not a directory.
 */
export function perItemScript(plans: DirectoryPlan[], sep: string): string {
  return plans
    .map(({ path, fast }) => {
      const one = thenStatScript(directoryScript(path, fast, FALLBACK_RC), path, {
        follow: fast.follow,
        afterSync: true,
      })
      return `echo ${sep}; echo ${sep} >&2; (\n${one}\n); r=$?; echo "${sep} $r"; [ $r -ne ${FALLBACK_RC} ] || return 0`
    })
    .join('\n')
}

/** The outcomes of perItemScript's items, up to the one that stopped it. */
export function perItemOutcomes(
  out: { stdout: string; stderr: string },
  plans: DirectoryPlan[],
  sep: string,
): ItemOutcome[] {
  const outs = out.stdout.split(`${sep}\n`).slice(1)
  const errs = out.stderr.split(`${sep}\n`).slice(1)
  const done: ItemOutcome[] = []
  for (const [i, { path }] of plans.entries()) {
    const m = new RegExp(`^${sep} (\\d+)$`, 'm').exec(outs[i] ?? '')
    if (!m || Number(m[1]) === FALLBACK_RC) break
    const stdout = outs[i]!.slice(0, m.index)
    try {
      done.push({
        result: directoryResult(
          path,
          statReportOf({ rc: Number(m[1]), stdout, stderr: errs[i] ?? '' }, path, 'changing'),
        ),
      })
    } catch (error) {
      done.push({ error })
    }
  }
  return done
}
