/**
 * dnf (and yum): RPM packages. check reads the installed state with `rpm -q --qf` per requested
 * name (one round trip), and for state=latest `dnf check-update` (read-only); apply runs
 * `dnf -y install|upgrade|remove` with the repository options.
 */
import { shq, shWords } from '../connection/quote.js'
import { arg, flag } from './mode.js'
import { linesDiff, optString, runStep, safeName, strList } from './system/common.js'
import { parseCheckUpdate, parseRpmQueries, RPM_FORMAT } from './system/packages.js'
import { ModuleFailure, type Module, type ModuleContext, type Plan } from './types.js'

interface DnfData {
  install: string[]
  upgrade: string[]
  remove: string[]
  refresh: boolean
}

/** Options shared by every dnf command of the task. */
export function dnfOptions(args: Record<string, unknown>): string[] {
  const o: string[] = []
  for (const r of strList(args.enablerepo)) o.push(`--enablerepo=${r}`)
  for (const r of strList(args.disablerepo)) o.push(`--disablerepo=${r}`)
  const ex = optString(args.disable_excludes)
  if (ex) o.push(`--disableexcludes=${ex}`)
  for (const e of strList(args.exclude)) o.push(`--exclude=${e}`)
  if (flag(args.disable_gpg_check)) o.push('--nogpgcheck')
  if (args.install_weak_deps !== undefined)
    o.push(`--setopt=install_weak_deps=${flag(args.install_weak_deps) ? 'True' : 'False'}`)
  if (flag(args.allowerasing)) o.push('--allowerasing')
  if (flag(args.skip_broken)) o.push('--skip-broken')
  if (flag(args.nobest)) o.push('--nobest')
  if (optString(args.releasever)) o.push(`--releasever=${String(args.releasever)}`)
  if (optString(args.conf_file)) o.push(`--config=${String(args.conf_file)}`)
  if (optString(args.installroot)) o.push(`--installroot=${String(args.installroot)}`)
  return o
}

/** The commands of a plan, in order. */
export function dnfCommands(bin: string, d: DnfData, args: Record<string, unknown>): string[] {
  const o = dnfOptions(args)
  const cmds: string[] = []
  if (d.refresh && !d.install.length && !d.upgrade.length && !d.remove.length)
    cmds.push(`${bin} -y ${shWords(o)} makecache`.replace('  ', ' '))
  const refresh = d.refresh ? ['--refresh'] : []
  if (d.install.length) cmds.push(`${bin} -y ${shWords([...refresh, ...o, 'install', ...d.install])}`)
  if (d.upgrade.length) cmds.push(`${bin} -y ${shWords([...refresh, ...o, 'upgrade', ...d.upgrade])}`)
  if (d.remove.length)
    cmds.push(
      `${bin} -y ${shWords([...o, 'remove', ...(flag(args.autoremove) ? [] : ['--noautoremove']), ...d.remove])}`,
    )
  return cmds
}

export function dnfLike(bin: 'dnf' | 'yum'): Module {
  return {
    name: bin,
    async check(args, ctx) {
      const names = strList(arg(args, 'name', 'pkg')).map((n) => safeName('package', n))
      let state = String(args.state ?? 'present')
      if (state === 'installed') state = 'present'
      if (state === 'removed') state = 'absent'
      const refresh = flag(args.update_cache)
      if (!names.length) {
        const data: DnfData = { install: [], upgrade: [], remove: [], refresh }
        return {
          changed: refresh,
          result: { msg: refresh ? 'Cache updated' : 'Nothing to do', results: [] },
          data,
        }
      }
      if (names.some((n) => n.startsWith('@')))
        throw new ModuleFailure(`${bin}: package groups (@name) are not supported by tsplay`)
      const q = names.map((n) => `echo @@q; rpm -q --qf ${shq(RPM_FORMAT)} ${shq(n)}`)
      if (state === 'latest')
        q.push(
          `echo @@updates; ${bin} -q ${shWords(dnfOptions(args))} check-update ${shWords(names)}; [ $? -ne 1 ] || exit 1`,
        )
      const res = await runStep(
        ctx,
        [
          `command -v rpm >/dev/null || { echo 'rpm not found: not an RPM host' >&2; exit 127; }`,
          ...q,
          'exit 0',
        ].join('\n'),
        'reading the package state',
      )
      const [rpmOut, updOut = ''] = res.stdout.split(/^@@updates\n/m)
      const have = parseRpmQueries(rpmOut!, names)
      const updates = parseCheckUpdate(updOut)
      const data: DnfData = { install: [], upgrade: [], remove: [], refresh }
      const before: string[] = []
      const after: string[] = []
      for (const n of names) {
        const cur = have.get(n)
        if (state === 'absent' && cur) data.remove.push(n)
        else if (state !== 'absent' && !cur) data.install.push(n)
        else if (state === 'latest' && cur && updates.has(cur.name)) data.upgrade.push(n)
        else continue
        before.push(cur ? `installed ${cur.name} ${cur.version}` : `not installed ${n}`)
        after.push(`${n} ${state}`)
      }
      const changed = data.install.length + data.upgrade.length + data.remove.length > 0
      const plan: Plan = { changed, result: { msg: changed ? '' : 'Nothing to do', results: [] }, data }
      if (ctx.diffMode && changed) plan.diff = [linesDiff(`${bin} packages`, before, after)]
      return plan
    },
    async apply(plan, args, ctx: ModuleContext) {
      const d = plan.data as DnfData
      const out: string[] = []
      for (const c of dnfCommands(bin, d, args)) out.push((await runStep(ctx, c, bin)).stdout)
      const results = [
        ...d.install.map((n) => `Installed: ${n}`),
        ...d.upgrade.map((n) => `Upgraded: ${n}`),
        ...d.remove.map((n) => `Removed: ${n}`),
      ]
      return { ...plan.result, changed: plan.changed, results, stdout: out.join('') }
    },
  }
}

export const dnfModule = dnfLike('dnf')
