/**
 * copy of a controller directory: `src: dir` puts dir itself into dest, `src: dir/` its contents
 * (rsync's trailing-slash rule, as Ansible). Every destination is stat'ed in one round trip.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, posix } from 'node:path'
import { statPaths } from '../connection/remote-fs.js'
import { jobDiffs, type ContentData, type FileJob, planFile } from './file-job.js'
import { arg, hasFix, diffJson, parseMode } from './mode.js'
import { ModuleFailure, type FileDiff, type ModuleContext, type Plan } from './types.js'

interface Entry {
  rel: string
  abs: string
  dir: boolean
}

/** Files and directories under `dir`, parents first, following symlinks (local_follow). */
export function walkLocal(dir: string, rel = ''): Entry[] {
  const out: Entry[] = []
  for (const name of readdirSync(join(dir, rel)).sort()) {
    const r = rel ? `${rel}/${name}` : name
    const abs = join(dir, r)
    const isDir = statSync(abs).isDirectory()
    out.push({ rel: r, abs, dir: isDir })
    if (isDir) out.push(...walkLocal(dir, r))
  }
  return out
}

export async function planDirectory(
  ctx: ModuleContext,
  args: Record<string, unknown>,
  localDir: string,
  contentsOnly: boolean,
): Promise<Plan> {
  const dest = String(args.dest)
  const root = contentsOnly ? dest.replace(/\/+$/, '') || '/' : posix.join(dest, posix.basename(localDir))
  const entries = walkLocal(localDir)
  const dirs = [{ rel: '', abs: localDir, dir: true }, ...entries.filter((e) => e.dir)]
  const files = entries.filter((e) => !e.dir)
  const at = (rel: string) => (rel ? posix.join(root, rel) : root)
  const stats = await statPaths(
    ctx,
    [...dirs, ...files].map((e) => at(e.rel)),
    { checksum: 'sha1' },
  )
  const dirMode = arg<string | number>(args, 'directory_mode')
  const mkdirs: ContentData['dirs'] = []
  const diff: FileDiff[] = []
  for (const [i, e] of dirs.entries()) {
    const st = stats[i]!
    if (st.exists && st.type !== 'directory')
      throw new ModuleFailure(`${at(e.rel)} exists and is not a directory`)
    if (!st.exists) {
      mkdirs.push({
        path: at(e.rel),
        mode: dirMode === undefined ? undefined : parseMode(dirMode, undefined, true),
      })
      diff.push({
        path: at(e.rel),
        before: diffJson({ state: 'absent' }),
        after: diffJson({ state: 'directory' }),
      })
    }
  }
  const jobs: FileJob[] = []
  for (const [i, e] of files.entries()) {
    const job = planFile(
      stats[dirs.length + i]!,
      at(e.rel),
      { data: readFileSync(e.abs) },
      args,
      statSync(e.abs).mode & 0o7777,
    )
    if (job && (job.write || hasFix(job.fix))) jobs.push(job)
  }
  if (ctx.diffMode) for (const job of jobs) diff.push(...(await jobDiffs(ctx, job)))
  const result = { dest: root, src: localDir }
  const changed = mkdirs.length > 0 || jobs.length > 0
  const data: ContentData = { jobs, dirs: mkdirs, result }
  return { changed, result, diff: ctx.diffMode && diff.length ? diff : undefined, data }
}
