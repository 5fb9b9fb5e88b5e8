/**
 * package: apt or dnf/yum, chosen by `use`, the `ansible_pkg_mgr` fact when gathered, or by
 * probing the host (`command -v apt-get dnf yum`). Only name and state are passed on, as Ansible's
 * generic module does.
 */
import { aptModule } from './apt.js'
import { dnfModule } from './dnf.js'
import { optString, run } from './system/common.js'
import { yumModule } from './yum.js'
import { ModuleFailure, type Module, type ModuleContext } from './types.js'

const BACKENDS: Record<string, Module> = { apt: aptModule, dnf: dnfModule, dnf5: dnfModule, yum: yumModule }

export async function packageManager(ctx: ModuleContext, use?: string): Promise<string> {
  if (use && use !== 'auto') return use
  const facts = ctx.vars['ansible_facts'] as Record<string, unknown> | undefined
  const fact = optString(ctx.vars['ansible_pkg_mgr']) ?? optString(facts?.['pkg_mgr'])
  if (fact && BACKENDS[fact]) return fact
  const r = await run(
    ctx,
    'for m in apt-get dnf5 dnf yum; do command -v "$m" >/dev/null && { echo "$m"; exit 0; }; done; echo unknown',
  )
  const found = r.stdout.trim()
  return found === 'apt-get' ? 'apt' : found
}

function backend(name: string): Module {
  const m = BACKENDS[name]
  if (!m)
    throw new ModuleFailure(
      `package: no supported package manager on this host (found ${name}); use apt or dnf`,
    )
  return m
}

export const packageModule: Module = {
  name: 'package',
  async check(args, ctx) {
    const mgr = await packageManager(ctx, optString(args.use))
    const sub = { name: args.name, state: args.state }
    const plan = await backend(mgr).check(sub, ctx)
    return { ...plan, data: { mgr, inner: plan.data } }
  },
  async apply(plan, args, ctx) {
    const d = plan.data as { mgr: string; inner: unknown }
    return backend(d.mgr).apply({ ...plan, data: d.inner }, { name: args.name, state: args.state }, ctx)
  },
}
