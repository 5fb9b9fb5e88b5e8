/**
 * service: on a systemd host, the systemd module (name/state/enabled). Hosts without systemd fall
 * back to `service NAME status|start|stop|restart|reload` (sysvinit); `enabled` then needs systemd.
 */
import { shq, shWords } from '../connection/quote.js'
import { splitWords } from './shell-words.js'
import { arg } from './mode.js'
import { optString, run, runStep, safeName, sleep } from './system/common.js'
import { systemdModule } from './systemd.js'
import { ModuleFailure, type Module } from './types.js'

interface SysvData {
  sysv: true
  verb?: string | undefined
}

export const serviceModule: Module = {
  name: 'service',
  async check(args, ctx) {
    const name = safeName('service', String(args.name ?? ''))
    const use = optString(args.use) ?? 'auto'
    const probe = await run(
      ctx,
      `[ -d /run/systemd/system ] && command -v systemctl >/dev/null && echo systemd || { service ${shq(name)} status >/dev/null 2>&1; echo "sysv $?"; }`,
    )
    const kind = use === 'auto' ? probe.stdout.trim() : use
    if (kind === 'systemd') {
      const sub = { name, state: args.state, enabled: args.enabled }
      const plan = await systemdModule.check(sub, ctx)
      return { ...plan, data: { sysv: false, plan: plan.data } }
    }
    const m = /^sysv (\d+)/.exec(kind)
    if (!m) throw new ModuleFailure(`service: unsupported service manager ${kind}`)
    if (arg(args, 'enabled') !== undefined)
      throw new ModuleFailure('service: enabled needs systemd on this host')
    const running = m[1] === '0'
    const state = optString(args.state)
    let verb: string | undefined
    if (state === 'started' && !running) verb = 'start'
    if (state === 'stopped' && running) verb = 'stop'
    if (state === 'restarted') verb = 'restart'
    if (state === 'reloaded') verb = running ? 'reload' : 'start'
    const data: SysvData = { sysv: true, verb }
    return { changed: verb !== undefined, result: { name, state }, data }
  },
  async apply(plan, args, ctx) {
    const d = plan.data as SysvData | { sysv: false; plan: unknown }
    if (!d.sysv) {
      const sub = { name: args.name, state: args.state, enabled: args.enabled }
      return systemdModule.apply({ ...plan, data: d.plan }, sub, ctx)
    }
    const name = String(args.name)
    if (d.verb === 'restart' && Number(args.sleep ?? 0) > 0) {
      await runStep(ctx, `service ${shq(name)} stop`, `service ${name} stop`)
      await sleep(Number(args.sleep) * 1000, ctx.signal)
      await runStep(ctx, `service ${shq(name)} start`, `service ${name} start`)
    } else if (d.verb) {
      const extra = splitWords(optString(arg(args, 'arguments', 'args')) ?? '')
      await runStep(
        ctx,
        `service ${shq(name)} ${d.verb}${extra.length ? ` ${shWords(extra)}` : ''}`,
        `service ${name} ${d.verb}`,
      )
    }
    return { ...plan.result, changed: true }
  },
}
