/**
 * file: create, remove or set attributes of files, directories and links (Ansible's states file,
 * directory, link, hard, touch, absent). `check` stats everything in one round trip and builds the
 * shell script `apply` runs; the same round trip of `apply` stats the result.
 */
import { posix } from 'node:path'
import { shq } from '../connection/quote.js'
import {
  attrScript,
  run,
  runThenStat,
  statPaths,
  type RemoteStat,
  type StatResult,
} from '../connection/remote-fs.js'
import {
  arg,
  attrDiff,
  attrFix,
  flag,
  formatMode,
  hasFix,
  diffJson,
  parseMode,
  wantAttrs,
  type AttrFix,
} from './mode.js'
import { ModuleFailure, type FileDiff, type Module, type ModuleContext } from './types.js'
import {
  applyDirectory,
  fastDirectory,
  mkdirsScript,
  prevStateOf,
  resultOf,
  type FastDirectory,
  type State,
} from './file-directory.js'
import { batchDirectories } from './file-directory-batch.js'

interface FileData {
  path: string
  script: string
  follow: boolean
  state: State
  src?: string | undefined
  /** state=directory outside check/diff mode: `apply` checks and changes in one round trip */
  fast?: FastDirectory | undefined
}

/** Whether anything under a directory differs from the wanted attributes (recurse=yes). */
async function treeDiffers(
  ctx: ModuleContext,
  path: string,
  args: Record<string, unknown>,
): Promise<boolean> {
  const want = wantAttrs(args)
  const cmd = `find ${shq(path)} -mindepth 1 -exec stat -c '%f %u %g %U %G' -- {} +`
  const res = await run(ctx, cmd)
  if (res.rc !== 0) throw new ModuleFailure(`cannot list ${path}: ${res.stderr.trim().split('\n')[0]}`)
  for (const line of res.stdout.split('\n').filter(Boolean)) {
    const [raw, uid, gid, owner, group] = line.split(' ')
    const m = parseInt(raw!, 16)
    const type = (m & 0o170000) === 0o040000 ? 'directory' : (m & 0o170000) === 0o120000 ? 'link' : 'file'
    const st = {
      exists: true,
      path,
      type,
      mode: m & 0o7777,
      uid: Number(uid),
      gid: Number(gid),
      owner,
      group,
    } as RemoteStat
    if (hasFix(attrFix(st, want, type === 'directory'))) return true
  }
  return false
}

function recurseScript(path: string, args: Record<string, unknown>): string {
  const want = wantAttrs(args)
  const cmds: string[] = []
  if (want.owner || want.group) {
    const who = want.owner
      ? `${shq(want.owner)}${want.group ? `:${shq(want.group)}` : ''}`
      : `:${shq(want.group!)}`
    cmds.push(`chown -R -h ${who} -- ${shq(path)}`)
  }
  if (want.mode !== undefined) {
    const mode = typeof want.mode === 'number' ? want.mode.toString(8) : want.mode
    cmds.push(`chmod -R ${shq(mode)} -- ${shq(path)}`)
  }
  return cmds.join(' && ')
}

export const fileModule: Module = {
  name: 'file',
  async check(args, ctx) {
    const path = arg<string>(args, 'path', 'dest', 'name')
    if (!path) throw new ModuleFailure('path is required')
    const follow = flag(args.follow, true)
    const quick = fastDirectory(args, ctx)
    if (quick) {
      const data: FileData = { path, script: '', follow, state: 'directory', fast: quick.fast }
      return { changed: true, data }
    }
    const force = flag(args.force)
    const recurse = flag(args.recurse)
    const src = arg<string>(args, 'src')
    const absSrc =
      src === undefined ? undefined : posix.isAbsolute(src) ? src : posix.join(posix.dirname(path), src)
    // a link's target decides `changed`; its resolved path is not needed (one readlink less)
    const items = [
      { path, linkInfo: 'target' as const },
      { path, follow: true },
      ...(absSrc ? [{ path: absSrc, follow: true }] : []),
    ]
    const [lst, fst, srcSt] = (await statPaths(ctx, items)) as [
      StatResult,
      StatResult,
      StatResult | undefined,
    ]
    const prev = prevStateOf(lst)
    const state = (args.state ??
      (prev === 'directory' || (prev === 'absent' && recurse)
        ? 'directory'
        : prev === 'link' && src
          ? 'link'
          : 'file')) as State
    const target =
      lst.exists && lst.type === 'link' && follow && ['file', 'directory', 'touch'].includes(state)
        ? fst
        : lst
    const targetState = prevStateOf(target)
    const want = wantAttrs(args)
    const cmds: string[] = []
    const diff: FileDiff[] = []
    const q = shq(path)
    // touch sets both times to now unless told to preserve them; other states preserve them
    const times = { m: timeArg(args, 'modification_time', state), a: timeArg(args, 'access_time', state) }
    const refresh = state === 'file' || state === 'directory' ? touchFlags(times.m, times.a) : undefined
    if (refresh !== undefined && targetState !== 'absent') cmds.push(`touch -c ${refresh}-- ${q}`)
    const stateDiff = (before: object, after: object) =>
      diff.push({
        path,
        before: diffJson({ path, ...before }),
        after: diffJson({ path, ...after }),
        pathInHeaders: false,
      })
    let fix: AttrFix = {}
    let fixOn: RemoteStat | undefined

    if (state === 'absent') {
      if (prev !== 'absent') {
        cmds.push(`rm -rf -- ${q}`)
        stateDiff({ state: prev }, { state: 'absent' })
      }
    } else if (state === 'file') {
      if (targetState === 'absent') throw new ModuleFailure(`file (${path}) is absent, cannot continue`)
      if (targetState !== 'file' && targetState !== 'hard') {
        throw new ModuleFailure(`file (${path}) is ${targetState}, cannot continue`)
      }
      fixOn = target as RemoteStat
      fix = attrFix(fixOn, want, false)
    } else if (state === 'directory') {
      if (targetState === 'absent') {
        cmds.push(...mkdirsScript(path, want))
        stateDiff({ state: 'absent' }, { state: 'directory' })
      } else if (targetState !== 'directory') {
        throw new ModuleFailure(`${path} already exists as a ${targetState}`)
      } else {
        fixOn = target as RemoteStat
        fix = attrFix(fixOn, want, true)
        if (
          recurse &&
          (want.mode !== undefined || want.owner || want.group) &&
          (await treeDiffers(ctx, path, args))
        ) {
          cmds.push(recurseScript(path, args))
          diff.push({
            path: `${path} (recursive)`,
            before: 'attributes differ below\n',
            after: 'attributes set below\n',
          })
        }
      }
    } else if (state === 'touch') {
      // an existing file keeps a time asked to be preserved: with both kept, nothing changes
      const touch = targetState === 'absent' ? '' : touchFlags(times.m, times.a)
      if (touch !== undefined) {
        cmds.push(`touch ${touch}-- ${q}`)
        stateDiff({ state: targetState }, { state: 'touch' })
      }
      if (targetState === 'absent') cmds.push(attrScript([path], attrFix(undefined, want, false)))
      else fix = attrFix((fixOn = target as RemoteStat), want, targetState === 'directory')
    } else {
      if (!src || !absSrc) throw new ModuleFailure(`src is required for state=${state}`)
      const same =
        state === 'link'
          ? prev === 'link' && lst.exists && lst.lnkTarget === src
          : (prev === 'hard' || prev === 'file') &&
            lst.exists &&
            srcSt?.exists &&
            lst.inode === srcSt.inode &&
            lst.dev === srcSt.dev
      if (state === 'hard' && !srcSt?.exists) throw new ModuleFailure(`src does not exist: ${absSrc}`)
      if (state === 'link' && !srcSt?.exists && !force) {
        throw new ModuleFailure(
          `src file does not exist, use "force=yes" if you really want to create the link: ${absSrc}`,
        )
      }
      if (!same) {
        const what = state === 'link' ? 'symlink' : 'hard link'
        if (prev === 'directory' && !force)
          throw new ModuleFailure(`refusing to convert from directory to ${what} for ${path}`)
        if ((prev === 'file' || prev === 'hard') && !force) {
          throw new ModuleFailure(`refusing to convert from ${prev} to ${what} for ${path}`)
        }
        if (prev === 'directory') {
          cmds.push(
            `rmdir -- ${q} 2>/dev/null || { echo 'the directory is not empty, refusing to convert it' >&2; return 63; }`,
          )
        }
        cmds.push(state === 'link' ? `ln -sfn -- ${shq(src)} ${q}` : `ln -f -- ${shq(absSrc)} ${q}`)
        stateDiff(
          { state: prev, ...(lst.exists && lst.lnkTarget ? { src: lst.lnkTarget } : {}) },
          { state, src },
        )
      }
      // a symlink's own mode cannot be set on Linux: only its owner and group
      const linkWant = state === 'link' ? { owner: want.owner, group: want.group } : want
      if (same) fix = attrFix((fixOn = lst as RemoteStat), linkWant, false)
      else {
        const newFix = attrFix(undefined, linkWant, false)
        if (hasFix(newFix)) cmds.push(attrScript([path], newFix, { noDeref: state === 'link' }))
      }
    }
    if (hasFix(fix)) {
      cmds.push(attrScript([path], fix, { noDeref: state === 'link' }))
      if (fixOn) diff.push(attrDiff(path, fixOn, fix))
    }
    const shown = state === 'absent' ? lst : target
    const result = resultOf(path, shown, state, src)
    if (fix.mode !== undefined) result.mode = formatMode(fix.mode)
    if (state === 'directory' && targetState === 'absent' && want.mode !== undefined) {
      result.mode = formatMode(parseMode(want.mode, undefined, true))
    }
    const data: FileData = { path, script: cmds.join('\n'), follow: state !== 'link' && follow, state, src }
    return { changed: cmds.length > 0, result, diff: ctx.diffMode && diff.length ? diff : undefined, data }
  },

  async apply(plan, args, ctx) {
    const d = plan.data as FileData
    if (d.fast) {
      const done = await applyDirectory(d.path, d.fast, ctx)
      if (done) return done
      // a link or not a directory: the two-round-trip path, with its messages
      const slow = await fileModule.check(args, { ...ctx, diffMode: true })
      if (!slow.changed) return { ...slow.result, changed: false }
      return fileModule.apply(slow, args, ctx)
    }
    if (!plan.changed) return { changed: false, ...plan.result }
    const doing = d.state === 'absent' ? 'removing' : 'changing'
    const st = await runThenStat(ctx, d.script, d.path, doing, { follow: d.follow, linkInfo: 'none' })
    return { changed: true, ...resultOf(d.path, st, d.state, d.src) }
  },

  batch: batchDirectories,
}

/** `modification_time` / `access_time`: `now` or `preserve` (a given timestamp is refused). */
function timeArg(args: Record<string, unknown>, key: string, state: State): 'now' | 'preserve' {
  const v = args[key] ?? (state === 'touch' ? 'now' : 'preserve')
  if (v === 'now' || v === 'preserve') return v
  throw new ModuleFailure(
    `${key}: tsplay supports "now" and "preserve", not a timestamp (${JSON.stringify(v)})`,
  )
}

/** touch's flags for the times to set now; undefined when both are preserved. */
function touchFlags(m: 'now' | 'preserve', a: 'now' | 'preserve'): string | undefined {
  if (m === 'now' && a === 'now') return ''
  return m === 'now' ? '-m ' : a === 'now' ? '-a ' : undefined
}
