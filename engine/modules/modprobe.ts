/**
 * modprobe: load/unload a kernel module (loaded = listed in /proc/modules or built in), and with
 * `persistent` manage /etc/modules-load.d/NAME.conf (`NAME`) and /etc/modprobe.d/NAME.conf
 * (`options NAME PARAMS`). Simplification: persistent=absent removes these two files only; Ansible
 * also comments the module out of other files there.
 */
import { posix } from 'node:path'
import { writeFileAtomic } from '../connection/remote-fs.js'
import { shq, shWords } from '../connection/quote.js'
import { linesDiff, optString, runStep, safeName, sections } from './system/common.js'
import { splitWords } from './shell-words.js'
import { ModuleFailure, type FileDiff, type Module, type ModuleContext, type Plan } from './types.js'

export interface ModprobePaths {
  procModules: string
  loadDir: string
  optsDir: string
  /** Shell text of the modules.builtin path (it depends on `uname -r`) */
  builtin: string
}

export const DEFAULT_PATHS: ModprobePaths = {
  procModules: '/proc/modules',
  loadDir: '/etc/modules-load.d',
  optsDir: '/etc/modprobe.d',
  builtin: '"/lib/modules/$(uname -r)/modules.builtin"',
}

const norm = (s: string) => s.replace(/-/g, '_')

/** Whether `name` is in /proc/modules text. */
export function isLoaded(procModules: string, name: string): boolean {
  return procModules.split('\n').some((l) => norm(l.split(' ')[0] ?? '') === norm(name))
}

interface FileJob {
  path: string
  content?: string | undefined
}

interface ModprobeData {
  name: string
  load?: 'load' | 'unload' | undefined
  files: FileJob[]
}

export async function planModprobe(
  ctx: ModuleContext,
  args: Record<string, unknown>,
  paths: ModprobePaths,
): Promise<Plan> {
  const name = safeName('module', String(args.name ?? '').trim())
  const state = String(args.state ?? 'present')
  const params = optString(args.params)
  const persistent = String(args.persistent ?? 'disabled')
  const loadFile = posix.join(paths.loadDir, `${name}.conf`)
  const optsFile = posix.join(paths.optsDir, `${name}.conf`)
  const re = shq(`/${name.replace(/[-_]/g, '[-_]')}\\.ko`)
  const script = [
    `echo @@proc; cat ${shq(paths.procModules)} 2>/dev/null | cut -d' ' -f1`,
    `echo @@builtin; grep -c ${re} ${paths.builtin} 2>/dev/null`,
    `if [ -f ${shq(loadFile)} ]; then echo @@load; cat ${shq(loadFile)}; fi`,
    `if [ -f ${shq(optsFile)} ]; then echo @@opts; cat ${shq(optsFile)}; fi`,
    'exit 0',
  ].join('\n')
  const sec = sections((await runStep(ctx, script, `reading the state of module ${name}`)).stdout)
  const builtin = Number(sec.get('builtin')?.trim() || 0) > 0
  const loaded = builtin || isLoaded(sec.get('proc') ?? '', name)
  if (state === 'absent' && builtin)
    throw new ModuleFailure(`module ${name} is built into the kernel and cannot be unloaded`)
  const load = state === 'present' && !loaded ? 'load' : state === 'absent' && loaded ? 'unload' : undefined
  const files: FileJob[] = []
  const diff: FileDiff[] = []
  const want = (path: string, key: string, content: string | undefined) => {
    const have = sec.get(key)
    if (content === undefined ? have === undefined : have === content.replace(/\n$/, '') || have === content)
      return
    files.push({ path, content })
    diff.push(
      linesDiff(
        path,
        have === undefined ? [] : have.replace(/\n$/, '').split('\n'),
        content === undefined ? [] : [content.replace(/\n$/, '')],
      ),
    )
  }
  if (persistent === 'present') {
    want(loadFile, 'load', `${name}\n`)
    if (params) want(optsFile, 'opts', `options ${name} ${params}\n`)
  } else if (persistent === 'absent') {
    want(loadFile, 'load', undefined)
    want(optsFile, 'opts', undefined)
  }
  const data: ModprobeData = { name, load, files }
  const result = { name, state, params: params ?? '' }
  return {
    changed: load !== undefined || files.length > 0,
    result,
    diff: ctx.diffMode && diff.length ? diff : undefined,
    data,
  }
}

export async function applyModprobe(plan: Plan, args: Record<string, unknown>, ctx: ModuleContext) {
  const d = plan.data as ModprobeData
  for (const f of d.files) {
    if (f.content === undefined) await runStep(ctx, `rm -f -- ${shq(f.path)}`, `removing ${f.path}`)
    else await writeFileAtomic(ctx, f.path, f.content, { makeParents: true, report: false })
  }
  if (d.load === 'load') {
    const params = splitWords(optString(args.params) ?? '')
    await runStep(ctx, `modprobe -- ${shWords([d.name, ...params])}`, `modprobe ${d.name}`)
  } else if (d.load === 'unload') await runStep(ctx, `modprobe -r -- ${shq(d.name)}`, `modprobe -r ${d.name}`)
  return { changed: true, ...plan.result }
}

export const modprobeModule: Module = {
  name: 'modprobe',
  check: (args, ctx) => planModprobe(ctx, args, DEFAULT_PATHS),
  apply: applyModprobe,
}
