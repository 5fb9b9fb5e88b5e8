/**
 * The host side shared by lineinfile, blockinfile and replace: one round trip reads the file and
 * its stat, a pure function edits the text, and `apply` writes the result atomically (with backup
 * and validate) or only fixes mode/owner/group.
 */
import {
  attrScript,
  readWithStat,
  runChecked,
  writeFileAtomic,
  type RemoteStat,
} from '../connection/remote-fs.js'
import { arg, attrDiff, attrFix, flag, hasFix, wantAttrs, type AttrFix } from './mode.js'
import { ModuleFailure, type FileDiff, type Module, type ModuleContext, type ModuleResult } from './types.js'
import type { EditResult } from './text-edit.js'

export interface EditSpec {
  name: string
  /** Ansible's message when the file is missing and may not be created */
  missingMsg: (path: string) => string
  /** Whether a missing file is created (false: fail with missingMsg, unless `absent` applies) */
  create: (args: Record<string, unknown>) => boolean
  /** Result when the file is missing and nothing is to be done (state=absent) */
  absentOk?: (args: Record<string, unknown>, path: string) => string | undefined
  edit: (content: string | undefined, args: Record<string, unknown>) => EditResult
  /** The diff is labelled `PATH (content)`, as Ansible's lineinfile and blockinfile do (not replace) */
  contentLabel?: boolean
}

interface EditData {
  path: string
  content?: string | undefined
  fix: AttrFix
  exists: boolean
  /** The file's mode when it was read: the rewrite keeps it without a stat and a chmod on the host */
  keepMode?: number | undefined
  result: Omit<ModuleResult, 'changed'>
}

export function editPath(args: Record<string, unknown>): string {
  const path = arg<string>(args, 'path', 'dest', 'destfile', 'name')
  if (!path) throw new ModuleFailure('path is required')
  return path
}

/** Text for a diff; binary content is not shown. */
export function diffText(data: Buffer | string | undefined): string {
  if (data === undefined) return ''
  const s = typeof data === 'string' ? data : data.toString('utf8')
  return s.includes('\0') ? 'binary file\n' : s
}

export function checkValidate(args: Record<string, unknown>): string | undefined {
  const v = arg<string>(args, 'validate')
  if (v !== undefined && !v.includes('%s')) throw new ModuleFailure(`validate must contain %s: ${v}`)
  return v
}

export function editModule(spec: EditSpec): Module {
  return {
    name: spec.name,
    async check(args, ctx) {
      const path = editPath(args)
      checkValidate(args)
      const { stat, content } = await readWithStat(ctx, path)
      if (stat.exists && stat.type === 'directory')
        throw new ModuleFailure(`Path ${path} is a directory !`, { rc: 256 })
      if (!stat.exists) {
        const ok = spec.absentOk?.(args, path)
        if (ok !== undefined) return { changed: false, result: { msg: ok } }
        if (!spec.create(args)) throw new ModuleFailure(spec.missingMsg(path), { rc: 257 })
      }
      const before = stat.exists ? (content ?? Buffer.alloc(0)).toString('utf8') : undefined
      const edited = spec.edit(before, args)
      const { content: after, changed: textChanged, msg: editMsg, ...extra } = edited
      const fix = attrFix(stat.exists ? stat : undefined, wantAttrs(args), false)
      const attrsChanged = stat.exists ? hasFix(fix) : false
      let msg = editMsg
      if (attrsChanged) msg += `${textChanged ? ' and ' : ''}ownership, perms or SE linux context changed`
      const diff: FileDiff[] = []
      const label = spec.contentLabel ? `${path} (content)` : path
      if (ctx.diffMode && textChanged)
        diff.push({ path: label, before: diffText(before), after: diffText(after) })
      if (ctx.diffMode && attrsChanged) diff.push(attrDiff(path, stat as RemoteStat, fix))
      const result = { msg, ...extra }
      const data: EditData = {
        path,
        content: textChanged ? after : undefined,
        fix,
        exists: stat.exists,
        keepMode: stat.exists ? stat.mode : undefined,
        result,
      }
      return { changed: textChanged || attrsChanged, result, diff: diff.length ? diff : undefined, data }
    },
    async apply(plan, args, ctx) {
      return applyEdit(plan.data as EditData, plan.changed, args, ctx)
    },
  }
}

async function applyEdit(
  d: EditData,
  changed: boolean,
  args: Record<string, unknown>,
  ctx: ModuleContext,
): Promise<ModuleResult> {
  const out: ModuleResult = { changed, ...d.result }
  if (d.content !== undefined) {
    const want = wantAttrs(args)
    const w = await writeFileAtomic(ctx, d.path, d.content, {
      mode: d.fix.mode ?? d.keepMode,
      owner: want.owner,
      group: want.group,
      backup: flag(args.backup),
      validate: checkValidate(args),
      followLink: true,
      makeParents: !d.exists,
      report: false,
    })
    if (w.backup_file) out.backup_file = w.backup_file
  } else if (hasFix(d.fix)) {
    await runChecked(ctx, attrScript([d.path], d.fix), 'changing attributes of', d.path)
  }
  return out
}
