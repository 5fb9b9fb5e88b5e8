/**
 * sysctl: the key's line in sysctl_file (default /etc/sysctl.conf) and, with sysctl_set, the
 * running kernel value (`sysctl -w`). As in Ansible, `reload` (default yes) runs `sysctl -p FILE`
 * when the file changed. Unlike Ansible, other lines of the file are not reformatted.
 */
import { writeFileAtomic } from '../connection/remote-fs.js'
import { shq } from '../connection/quote.js'
import { arg, flag } from './mode.js'
import { linesDiff, optString, runStep } from './system/common.js'
import { editSysctl, sameSysctlValue, sysctlValue } from './system/sysctl-file.js'
import { ModuleFailure, type FileDiff, type Module } from './types.js'

interface SysctlData {
  file: string
  content?: string | undefined
  setKernel: boolean
  reload: boolean
}

export const sysctlModule: Module = {
  name: 'sysctl',
  async check(args, ctx) {
    const name = String(arg(args, 'name', 'key') ?? '').trim()
    if (!name || /\s/.test(name)) throw new ModuleFailure(`invalid sysctl name: ${JSON.stringify(name)}`)
    const state = String(args.state ?? 'present')
    const raw = arg(args, 'value', 'val')
    if (state === 'present' && (raw === undefined || raw === null || raw === ''))
      throw new ModuleFailure('value is required with state=present')
    const value = state === 'present' ? sysctlValue(raw) : undefined
    const file = optString(args.sysctl_file) ?? '/etc/sysctl.conf'
    const wantKernel = flag(args.sysctl_set) && state === 'present'
    const f = shq(file)
    const script = [
      wantKernel ? `echo @@kernel; sysctl -n -e ${shq(name)} 2>/dev/null` : ':',
      `if [ -d ${f} ]; then echo "${file} is a directory" >&2; exit 72; fi`,
      `echo @@file; [ ! -e ${f} ] || cat -- ${f} || exit 71`,
    ].join('\n')
    const res = await runStep(ctx, script, `reading ${file}`)
    const at = res.stdout.indexOf('@@file\n')
    const content = res.stdout.slice(at + 7)
    const kernel = wantKernel ? res.stdout.slice(res.stdout.indexOf('@@kernel\n') + 9, at).trim() : undefined
    if (wantKernel && kernel === '' && !flag(args.ignoreerrors))
      throw new ModuleFailure(`setting ${name} failed: no such key in the kernel`)
    const edit = editSysctl(content, name, value)
    const setKernel = wantKernel && !sameSysctlValue(kernel, value)
    const diff: FileDiff[] = []
    if (edit.changed) diff.push(linesDiff(file, edit.before, edit.after))
    if (setKernel) diff.push(linesDiff(`${name} (kernel)`, [kernel ?? ''], [value!]))
    const data: SysctlData = {
      file,
      content: edit.changed ? edit.content : undefined,
      setKernel,
      reload: flag(args.reload, true) && edit.changed,
    }
    const result = { name, state, ...(value !== undefined ? { value } : {}), sysctl_file: file }
    return {
      changed: edit.changed || setKernel,
      result,
      diff: ctx.diffMode && diff.length ? diff : undefined,
      data,
    }
  },
  async apply(plan, args, ctx) {
    const d = plan.data as SysctlData
    const name = String(arg(args, 'name', 'key')).trim()
    if (d.content !== undefined) await writeFileAtomic(ctx, d.file, d.content, { report: false })
    if (d.setKernel)
      await runStep(
        ctx,
        `sysctl -w ${shq(`${name}=${(plan.result as { value: string }).value}`)}`,
        `setting ${name}`,
      )
    if (d.reload)
      await runStep(
        ctx,
        `sysctl ${flag(args.ignoreerrors) ? '-e ' : ''}-p ${shq(d.file)}`,
        `reloading ${d.file}`,
      )
    return { changed: true, ...plan.result }
  },
}
