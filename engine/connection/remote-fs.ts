/**
 * File primitives on a host, built only on `conn.exec`, so they work over every transport and with
 * become. Each is one shell round trip; facts are a command plus a pure parser (tested on fixtures).
 */
import { ModuleFailure } from '../modules/types.js'
import { shq } from './quote.js'
import { failureMessage, run, runFileScript, sections, type FsContext } from './remote-run.js'
import {
  parseStat,
  statAfterSyncScript,
  statManyScript,
  statScript,
  type StatOptions,
  type StatResult,
} from './remote-stat.js'
import type { ExecResult } from './types.js'

export { failureMessage, run, runFileScript, type FsContext } from './remote-run.js'
export {
  attrCommand,
  attrScript,
  checksumOf,
  compareAndWrite,
  syncAttrsScript,
  writeFileAtomic,
  type Attrs,
  type CompareWriteResult,
  type WriteOptions,
  type WriteResult,
} from './remote-write.js'
export {
  parseStat,
  statScript,
  type ChecksumAlgo,
  type FileType,
  type RemoteStat,
  type StatOptions,
  type StatResult,
} from './remote-stat.js'

/** Runs a command and turns a non-zero rc into a ModuleFailure. */
export async function runChecked(
  ctx: FsContext,
  command: string,
  doing: string,
  path: string,
  stdin?: string | Buffer,
): Promise<ExecResult> {
  const res = await run(ctx, command, stdin)
  if (res.rc !== 0) {
    throw new ModuleFailure(failureMessage(res.stderr, doing, path), { rc: res.rc, stderr: res.stderr })
  }
  return res
}

export async function statPath(ctx: FsContext, path: string, opts: StatOptions = {}): Promise<StatResult> {
  return (await statPaths(ctx, [path], opts))[0]!
}

/** Several stats in one round trip; an entry may carry its own options. */
export async function statPaths(
  ctx: FsContext,
  paths: (string | ({ path: string } & StatOptions))[],
  opts: StatOptions = {},
): Promise<StatResult[]> {
  if (!paths.length) return []
  const items = paths.map((p) => (typeof p === 'string' ? { ...opts, path: p } : p))
  const res = await runFileScript(ctx, statManyScript(items))
  const parts = sections(res.stdout, 'stat')
  if (res.rc !== 0 || parts.length !== items.length) {
    throw new ModuleFailure(
      failureMessage(res.stderr, 'reading the status of', items.map((p) => p.path).join(', ')),
    )
  }
  return parts.map((text, i) => parseStat(items[i]!.path, text))
}

/** Runs a script that changes `path`, then stats it in the same round trip. */
export async function runThenStat(
  ctx: FsContext,
  script: string,
  path: string,
  doing: string,
  opts: StatOptions = {},
): Promise<StatResult> {
  return (await runThenStatReport(ctx, script, path, doing, opts)).stat
}

/** runThenStat that also returns the script's output (its report). */
export async function runThenStatReport(
  ctx: FsContext,
  script: string,
  path: string,
  doing: string,
  opts: StatOptions & { afterSync?: boolean } = {},
): Promise<{ stat: StatResult; stdout: string }> {
  return statReportOf(await runFileScript(ctx, thenStatScript(script, path, opts)), path, doing)
}

/** The script of runThenStatReport: `script`, then a `@@stat` section for `path`. */
export function thenStatScript(
  script: string,
  path: string,
  opts: StatOptions & { afterSync?: boolean },
): string {
  // afterSync: the script is a syncAttrsScript on `path` (not a link): its stat may serve as the report
  const report = opts.afterSync ? statAfterSyncScript(path, opts) : statScript(path, opts)
  return `__st=\n{\n${script}\n} || return $?\n${report}`
}

/** The outcome of a thenStatScript run: its output and stat, or a ModuleFailure. */
export function statReportOf(
  res: Pick<ExecResult, 'rc' | 'stdout' | 'stderr'>,
  path: string,
  doing: string,
): { stat: StatResult; stdout: string } {
  if (res.rc !== 0)
    throw new ModuleFailure(failureMessage(res.stderr, doing, path), { rc: res.rc, stderr: res.stderr })
  return { stat: parseStat(path, sections(res.stdout, 'stat')[0] ?? ''), stdout: res.stdout }
}

/** The file's stat and, for a regular file, its content: one round trip. */
export async function readWithStat(
  ctx: FsContext,
  path: string,
  opts: StatOptions = {},
): Promise<{ stat: StatResult; content?: Buffer | undefined }> {
  const p = shq(path)
  const res = await runFileScript(
    ctx,
    `${statScript(path, { ...opts, follow: true })}; if [ -f ${p} ]; then echo @@data; cat -- ${p} || return 71; fi`,
  )
  if (res.rc !== 0) throw new ModuleFailure(failureMessage(res.stderr, 'reading', path), { rc: res.rc })
  const marker = res.stdoutBytes.indexOf('@@data\n')
  const head = res.stdoutBytes.subarray(0, marker < 0 ? undefined : marker).toString('utf8')
  const stat = parseStat(path, sections(head, 'stat')[0] ?? '')
  return { stat, content: marker < 0 ? undefined : res.stdoutBytes.subarray(marker + 7) }
}

/** The file's content, or undefined when it does not exist. */
export async function readFile(ctx: FsContext, path: string): Promise<Buffer | undefined> {
  const p = shq(path)
  const res = await runFileScript(
    ctx,
    `if [ -d ${p} ]; then echo 'Is a directory' >&2; return 72; fi; [ -e ${p} ] || return 73; cat -- ${p}`,
  )
  if (res.rc === 73) return undefined
  if (res.rc !== 0) throw new ModuleFailure(failureMessage(res.stderr, 'reading', path), { rc: res.rc })
  return res.stdoutBytes
}
