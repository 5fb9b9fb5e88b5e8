/**
 * copy: a file or directory from the controller (or, with remote_src, a file on the host) to the
 * host. Content is compared by sha1 with the host's copy, so a second run changes nothing; the
 * file is written atomically. `planContent`/`applyContent` are shared with template.
 */
import { readFileSync, statSync } from 'node:fs'
import { posix } from 'node:path'
import {
  attrScript,
  checksumOf,
  compareAndWrite,
  type Attrs,
  runChecked,
  statPaths,
} from '../connection/remote-fs.js'
import { shq } from '../connection/quote.js'
import { planDirectory } from './copy-dir.js'
import { applyJob, attrsOf, fixedAttrs, jobDiffs, planFile, type ContentData } from './file-job.js'
import { arg, flag, hasFix, wantAttrs } from './mode.js'
import { ModuleFailure, type Module, type ModuleContext, type ModuleResult, type Plan } from './types.js'

/** Largest content sent in the one-round-trip compare-and-write (sent even when unchanged) */
const ONE_TRIP_MAX = 256 * 1024

interface ContentSource {
  data: Buffer
  srcName?: string | undefined
  srcMode?: number | undefined
  src?: string | undefined
}

/** A plan of the one-round-trip path: `apply` compares and writes. */
interface FastData {
  fast: { dest: string; source: ContentSource; attrs: Attrs; result: Omit<ModuleResult, 'changed'> }
}

/**
 * Plans putting `data` at `dest` (a file path, or a directory to put `srcName` into). One round trip
 * stats dest and its parent; a second one only when dest turns out to be a directory.
 */
export async function planContent(
  ctx: ModuleContext,
  args: Record<string, unknown>,
  source: ContentSource,
  oneTrip = true,
): Promise<Plan> {
  let dest = String(args.dest)
  // Not in check or diff mode: no read now, `apply` compares and writes in one round trip
  const attrs =
    oneTrip &&
    !ctx.checkMode &&
    !ctx.diffMode &&
    !dest.endsWith('/') &&
    flag(args.force, true) &&
    source.data.length <= ONE_TRIP_MAX
      ? fixedAttrs(args, false, source.srcMode)
      : undefined
  if (attrs) {
    const result = contentResult(dest, source)
    const data: FastData = { fast: { dest, source, attrs, result } }
    return { changed: true, result, data }
  }
  if (dest.endsWith('/')) {
    if (!source.srcName) throw new ModuleFailure('can not use content with a dir as dest')
    dest = posix.join(dest, source.srcName)
  }
  let [st, parent] = await statPaths(ctx, [dest, posix.dirname(dest)], {
    checksum: 'sha1',
    follow: flag(args.follow),
  })
  if (st!.exists && st!.type === 'directory') {
    if (!source.srcName) throw new ModuleFailure('can not use content with a dir as dest')
    dest = posix.join(dest, source.srcName)
    ;[st, parent] = await statPaths(ctx, [dest, posix.dirname(dest)], {
      checksum: 'sha1',
      follow: flag(args.follow),
    })
  }
  const makeParent = String(args.dest).endsWith('/') && !parent!.exists
  // check mode: an earlier task (not run for real either) may be the one making the directory,
  // so the file is reported as to be written, as Ansible does
  if (!parent!.exists && !makeParent && !ctx.checkMode)
    throw new ModuleFailure(`parent directory ${posix.dirname(dest)} does not exist`)
  const job = planFile(st!, dest, { data: source.data }, args, source.srcMode)
  const result = contentResult(dest, source)
  if (!job) return { changed: false, result: { ...result, msg: 'file already exists' } }
  const diff = ctx.diffMode ? await jobDiffs(ctx, job) : undefined
  const dirs = makeParent ? [{ path: posix.dirname(dest), mode: undefined }] : []
  const data: ContentData = { jobs: [job], dirs, result }
  return {
    changed: job.write || hasFix(job.fix) || dirs.length > 0,
    result,
    diff: diff?.length ? diff : undefined,
    data,
  }
}

function contentResult(dest: string, source: ContentSource): Omit<ModuleResult, 'changed'> {
  return {
    dest,
    ...(source.src ? { src: source.src } : {}),
    checksum: checksumOf(source.data),
    size: source.data.length,
    state: 'file',
  }
}

/** The one-round-trip apply; falls back to check + apply when dest is not a plain file. */
async function applyFast(
  f: FastData['fast'],
  args: Record<string, unknown>,
  ctx: ModuleContext,
): Promise<ModuleResult> {
  const r = await compareAndWrite(ctx, f.dest, f.source.data, {
    ...f.attrs,
    backup: flag(args.backup),
    validate: arg<string>(args, 'validate'),
  })
  if (r.fallback) {
    const plan = await planContent(ctx, args, f.source, false)
    return plan.changed ? applyContent(plan, args, ctx) : { ...plan.result, changed: false }
  }
  if (r.written)
    return {
      changed: true,
      ...f.result,
      ...(r.backup_file ? { backup_file: r.backup_file } : {}),
      ...attrsOf(r.stat),
    }
  return r.attrsFixed ? { changed: true, ...f.result } : { ...f.result, changed: false }
}

/** Carries out a plan of planContent or planDirectory. */
export async function applyContent(
  plan: Plan,
  args: Record<string, unknown>,
  ctx: ModuleContext,
): Promise<ModuleResult> {
  if (plan.data && 'fast' in (plan.data as object)) return applyFast((plan.data as FastData).fast, args, ctx)
  const d = plan.data as ContentData | undefined
  if (!d || !plan.changed) return { changed: false, ...plan.result }
  if (d.dirs.length) {
    const want = wantAttrs(args)
    const mk = `mkdir -p -- ${d.dirs.map((x) => shq(x.path)).join(' ')}`
    const cmds = [
      mk,
      ...d.dirs.map((x) => attrScript([x.path], { mode: x.mode, owner: want.owner, group: want.group })),
    ]
    await runChecked(ctx, cmds.join(' && '), 'creating directory', d.dirs[0]!.path)
  }
  let out: Record<string, unknown> = {}
  for (const job of d.jobs) out = await applyJob(ctx, job, args)
  return { changed: true, ...d.result, ...(d.jobs.length === 1 ? out : {}) }
}

function contentBytes(v: unknown): Buffer {
  return Buffer.from(
    typeof v === 'string' ? v : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v),
  )
}

/** remote_src: the source is a file on the host; both are stat'ed (with checksum) in one round trip. */
async function planRemote(ctx: ModuleContext, args: Record<string, unknown>, src: string): Promise<Plan> {
  let dest = String(args.dest)
  if (dest.endsWith('/')) dest = posix.join(dest, posix.basename(src))
  // force=false never replaces an existing dest: its checksum would be read for nothing
  const destSum = flag(args.force, true) ? ('sha1' as const) : undefined
  const [sst, st, parent] = await statPaths(ctx, [
    { path: src, checksum: 'sha1', follow: true },
    { path: dest, checksum: destSum, follow: true },
    { path: posix.dirname(dest), follow: true },
  ])
  if (!sst!.exists) throw new ModuleFailure(`Source ${src} not found`)
  if (sst!.type === 'directory' || !sst!.checksum) {
    throw new ModuleFailure(
      `remote_src: ${src} is ${sst!.type === 'directory' ? 'a directory (not supported)' : 'not readable'}`,
    )
  }
  if (st!.exists && st!.type === 'directory') return planRemote(ctx, { ...args, dest: `${dest}/` }, src)
  if (!parent!.exists && !ctx.checkMode)
    throw new ModuleFailure(`parent directory ${posix.dirname(dest)} does not exist`)
  const job = planFile(st!, dest, { copyFrom: src, checksum: sst!.checksum }, args, sst!.mode)
  const result = { dest, src, checksum: sst!.checksum, size: sst!.size, state: 'file' }
  if (!job) return { changed: false, result }
  const diff = ctx.diffMode ? await jobDiffs(ctx, job) : undefined
  const data: ContentData = { jobs: [job], dirs: [], result }
  return { changed: job.write || hasFix(job.fix), result, diff: diff?.length ? diff : undefined, data }
}

export const copyModule: Module = {
  name: 'copy',
  async check(args, ctx) {
    const v = arg<string>(args, 'validate')
    if (v !== undefined && !v.includes('%s')) throw new ModuleFailure(`validate must contain %s: ${v}`)
    if (args.content !== undefined && args.content !== null)
      return planContent(ctx, args, { data: contentBytes(args.content) })
    const src = arg<string>(args, 'src')
    if (!src) throw new ModuleFailure('src (or content) is required')
    if (flag(args.remote_src)) return planRemote(ctx, args, src)
    let local = src
    let info
    try {
      local = ctx.findSource(src, 'files')
      info = statSync(local)
    } catch {
      throw new ModuleFailure(`could not find src=${src} (looked for ${local})`)
    }
    if (info.isDirectory()) return planDirectory(ctx, args, local, src.endsWith('/'))
    return planContent(ctx, args, {
      data: readFileSync(local),
      srcName: posix.basename(src),
      srcMode: info.mode & 0o7777,
      src: local,
    })
  },
  apply: (plan, args, ctx) => applyContent(plan, args, ctx),
}
