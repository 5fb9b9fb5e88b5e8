/**
 * mount: the fstab entry (Ansible's line format `src path fstype opts dump passno`) and the mount
 * itself, read from /proc/mounts. A custom `fstab` is passed to mount with `-T`, as in Ansible.
 */
import { writeFileAtomic } from '../connection/remote-fs.js'
import { shq } from '../connection/quote.js'
import { arg, flag } from './mode.js'
import { linesDiff, optString, runStep, sections } from './system/common.js'
import { editFstab, isMounted, parseProcMounts, type MountEntry } from './system/fstab.js'
import { ModuleFailure, type Module } from './types.js'

type Action = 'mount' | 'umount' | 'remount' | 'mount-ephemeral' | 'mkdir' | 'rmdir'

interface MountData {
  fstab: string
  content?: string | undefined
  actions: Action[]
}

/** The commands of each action. */
export function mountCommand(action: Action, e: MountEntry, fstab: string): string {
  const p = shq(e.path)
  const t = fstab === '/etc/fstab' ? '' : ` -T ${shq(fstab)}`
  switch (action) {
    case 'mkdir':
      return `mkdir -p -- ${p}`
    case 'rmdir':
      return `rmdir -- ${p} 2>/dev/null || :`
    case 'mount':
      return `mount${t} -- ${p}`
    case 'umount':
      return `umount -- ${p}`
    case 'remount':
      return `mount${t} -o ${shq(`remount${e.opts && e.opts !== 'defaults' ? `,${e.opts}` : ''}`)} -- ${p}`
    case 'mount-ephemeral':
      return `mount -t ${shq(e.fstype)} -o ${shq(e.opts)} -- ${shq(e.src)} ${p}`
  }
}

export const mountModule: Module = {
  name: 'mount',
  async check(args, ctx) {
    let path = String(arg(args, 'path', 'name') ?? '')
    if (path.length > 1) path = path.replace(/\/+$/, '')
    if (!path) throw new ModuleFailure('path is required')
    const state = String(args.state)
    const fstab = optString(args.fstab) ?? '/etc/fstab'
    let opts = optString(args.opts) ?? 'defaults'
    if (args.boot !== undefined && !flag(args.boot) && !opts.split(',').includes('noauto')) opts += ',noauto'
    const entry: MountEntry = {
      src: optString(args.src) ?? '',
      path,
      fstype: optString(args.fstype) ?? '',
      opts,
      dump: String(args.dump ?? '0'),
      passno: String(args.passno ?? '0'),
    }
    if (['present', 'mounted', 'ephemeral'].includes(state) && (!entry.src || !entry.fstype))
      throw new ModuleFailure(`state=${state} requires src and fstype`)
    const script = [
      'echo @@mounts; cat /proc/mounts',
      `echo @@dir; [ ! -d ${shq(path)} ] || echo yes`,
      `if [ -d ${shq(fstab)} ]; then echo "${fstab} is a directory" >&2; exit 72; fi`,
      `echo @@fstab; [ ! -e ${shq(fstab)} ] || cat -- ${shq(fstab)} || exit 71`,
    ].join('\n')
    const res = await runStep(ctx, script, `reading ${fstab} and /proc/mounts`)
    const sec = sections(res.stdout.slice(0, res.stdout.indexOf('@@fstab\n')))
    const content = res.stdout.slice(res.stdout.indexOf('@@fstab\n') + 8)
    const mounted = isMounted(parseProcMounts(sec.get('mounts') ?? ''), path)
    const dirExists = sec.get('dir')?.trim() === 'yes'
    const inFstab = ['present', 'mounted'].includes(state)
    const fromFstab = ['absent', 'absent_from_fstab'].includes(state)
    const edit =
      inFstab || fromFstab ? editFstab(content, path, inFstab ? entry : undefined, entry.src) : undefined
    const actions: Action[] = []
    if (state === 'mounted' || state === 'ephemeral') {
      if (!dirExists) actions.push('mkdir')
      if (!mounted) actions.push(state === 'ephemeral' ? 'mount-ephemeral' : 'mount')
      else if (edit?.changed) actions.push('remount')
    }
    if ((state === 'unmounted' || state === 'absent') && mounted) actions.push('umount')
    if (state === 'absent' && dirExists) actions.push('rmdir')
    if (state === 'remounted') actions.push('remount')
    const data: MountData = { fstab, content: edit?.changed ? edit.content : undefined, actions }
    const diff = edit?.changed ? [linesDiff(fstab, edit.before, edit.after)] : []
    const result = { name: path, ...entry, fstab, state }
    // rmdir of an absent entry's directory is housekeeping, not a change (as in Ansible)
    const changed = !!edit?.changed || actions.some((a) => a !== 'rmdir')
    return { changed, result, diff: ctx.diffMode && diff.length ? diff : undefined, data }
  },
  async apply(plan, _args, ctx) {
    const d = plan.data as MountData
    const e = plan.result as unknown as MountEntry
    // fstab first: `mount PATH` reads the new entry
    if (d.content !== undefined) await writeFileAtomic(ctx, d.fstab, d.content, { report: false })
    for (const a of d.actions) await runStep(ctx, mountCommand(a, e, d.fstab), `${a} ${e.path}`)
    return { changed: true, ...plan.result }
  },
}
