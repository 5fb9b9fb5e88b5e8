/**
 * One file to put on a host, as copy plans it (also for each file of a directory copy): what to
 * write and which attributes to fix, its --diff, and applying it. fixedAttrs serves the
 * one-round-trip paths of copy, template and file.
 */
import {
  attrScript,
  checksumOf,
  readFile,
  runChecked,
  writeFileAtomic,
  type Attrs,
  type FsContext,
  type StatResult,
} from '../connection/remote-fs.js'
import { diffText } from './text-edit-module.js'
import {
  arg,
  attrDiff,
  attrFix,
  flag,
  formatMode,
  hasFix,
  parseMode,
  wantAttrs,
  type AttrFix,
} from './mode.js'
import { ModuleFailure, type FileDiff, type ModuleResult } from './types.js'

/** Largest old content shown in a diff (Ansible's max_diff_size default is 104448) */
const MAX_DIFF = 104448

/** One file to put on the host. */
export interface FileJob {
  dest: string
  data?: Buffer | undefined
  /** remote_src: the source path on the host */
  copyFrom?: string | undefined
  checksum: string
  /** The content differs (or the file is missing): write it */
  write: boolean
  fix: AttrFix
  stat: StatResult
}

export interface ContentData {
  jobs: FileJob[]
  /** Directories to create first: path and mode */
  dirs: { path: string; mode?: number | undefined }[]
  result: Omit<ModuleResult, 'changed'>
}

/** Plans one file: what to write and which attributes to fix; undefined when force=no keeps it. */
export function planFile(
  st: StatResult,
  dest: string,
  source: { data: Buffer } | { copyFrom: string; checksum: string },
  args: Record<string, unknown>,
  srcMode?: number,
): FileJob | undefined {
  if (st.exists && !flag(args.force, true)) return undefined
  if (st.exists && st.type === 'directory') throw new ModuleFailure(`destination ${dest} is a directory`)
  const checksum = 'data' in source ? checksumOf(source.data) : source.checksum
  const write = !st.exists || st.type !== 'file' || st.checksum !== checksum
  const want = wantAttrs(args)
  if (args.mode === 'preserve' && srcMode !== undefined) want.mode = srcMode
  const fix = attrFix(st.exists && st.type === 'file' ? st : undefined, want, false)
  return { dest, checksum, write, fix, stat: st, ...source }
}

/** The diff of one file job (reads the old content when it is small enough). */
export async function jobDiffs(ctx: FsContext, job: FileJob): Promise<FileDiff[]> {
  const st = job.stat
  if (!job.write) return hasFix(job.fix) && st.exists ? [attrDiff(job.dest, st, job.fix)] : []
  if (!job.data)
    return [
      { path: job.dest, before: st.exists ? '(remote file)\n' : '', after: `(copy of ${job.copyFrom})\n` },
    ]
  let before = ''
  if (st.exists && st.type === 'file') {
    before = st.size > MAX_DIFF ? 'file too large for a diff\n' : diffText(await readFile(ctx, job.dest))
  }
  const after = job.data.length > MAX_DIFF ? 'file too large for a diff\n' : diffText(job.data)
  return [{ path: job.dest, before, after }]
}

/** Writes (or only fixes the attributes of) one file; returns what Ansible reports about it. */
export async function applyJob(
  ctx: FsContext,
  job: FileJob,
  args: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const want = wantAttrs(args)
  if (job.write) {
    const w = await writeFileAtomic(ctx, job.dest, job.data ?? '', {
      mode: job.fix.mode,
      owner: want.owner,
      group: want.group,
      backup: flag(args.backup),
      validate: arg<string>(args, 'validate'),
      copyFrom: job.copyFrom,
      followLink: flag(args.follow),
    })
    return { ...(w.backup_file ? { backup_file: w.backup_file } : {}), ...attrsOf(w.stat) }
  }
  if (hasFix(job.fix))
    await runChecked(ctx, attrScript([job.dest], job.fix), 'changing attributes of', job.dest)
  return {}
}

export function attrsOf(st: StatResult | undefined): Record<string, unknown> {
  if (!st?.exists) return {}
  return {
    mode: formatMode(st.mode),
    owner: st.owner,
    group: st.group,
    uid: st.uid,
    gid: st.gid,
    size: st.size,
  }
}

/**
 * The wanted mode/owner/group when they do not depend on the host (no symbolic mode), for the
 * one-round-trip paths; undefined otherwise. Throws like attrFix on a bad octal mode.
 */
export function fixedAttrs(
  args: Record<string, unknown>,
  isDir: boolean,
  srcMode?: number,
): Attrs | undefined {
  const want = wantAttrs(args)
  if (args.mode === 'preserve' && srcMode !== undefined) want.mode = srcMode
  const m = want.mode
  if (m !== undefined && typeof m !== 'number' && !(typeof m === 'string' && /^[0-7]{1,5}$/.test(m.trim())))
    return undefined
  return {
    mode: m === undefined ? undefined : parseMode(m, undefined, isDir),
    owner: want.owner,
    group: want.group,
  }
}
