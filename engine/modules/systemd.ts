/**
 * systemd: unit state, enablement and masking. check reads the unit with ONE `systemctl show`;
 * restarted/reloaded are always a change (as in Ansible); daemon_reload runs first in apply and
 * the unit is read again after it, so a unit file written just before is seen.
 */
import { shq } from '../connection/quote.js'
import { arg, flag } from './mode.js'
import { fieldsDiff, optString, runStep, safeName } from './system/common.js'
import { ModuleFailure, type Module, type ModuleContext, type Plan } from './types.js'

export const SHOW_PROPS = 'ActiveState,UnitFileState,LoadState'

/** `systemctl show -p A,B` output → { A: ..., B: ... } */
export function parseSystemctlShow(out: string): Record<string, string> {
  const props: Record<string, string> = {}
  for (const line of out.split('\n')) {
    const i = line.indexOf('=')
    if (i > 0) props[line.slice(0, i)] = line.slice(i + 1).trim()
  }
  return props
}

const RUNNING = ['active', 'activating', 'reloading']
const ENABLED = ['enabled', 'enabled-runtime', 'static', 'alias', 'indirect', 'generated', 'transient']
const DISABLEABLE = ['enabled', 'enabled-runtime', 'alias', 'linked', 'linked-runtime']

export interface UnitWant {
  state?: string | undefined
  enabled?: boolean | undefined
  masked?: boolean | undefined
}

/** The systemctl verbs that bring a unit with `props` to `want`, in order (mask, enable, state). */
export function unitActions(props: Record<string, string>, want: UnitWant): string[] {
  const file = props.UnitFileState ?? ''
  const active = props.ActiveState ?? ''
  const acts: string[] = []
  if (want.masked === true && file !== 'masked' && file !== 'masked-runtime') acts.push('mask')
  if (want.masked === false && (file === 'masked' || file === 'masked-runtime')) acts.push('unmask')
  const fileAfter = acts.includes('unmask') ? 'disabled' : file
  if (want.enabled === true && !ENABLED.includes(fileAfter)) acts.push('enable')
  if (want.enabled === false && DISABLEABLE.includes(fileAfter)) acts.push('disable')
  const running = RUNNING.includes(active)
  if (want.state === 'started' && !running) acts.push('start')
  if (want.state === 'stopped' && running) acts.push('stop')
  if (want.state === 'restarted') acts.push(running ? 'restart' : 'start')
  if (want.state === 'reloaded') acts.push(running ? 'reload' : 'start')
  return acts
}

function scopeFlag(args: Record<string, unknown>): string {
  const scope = optString(args.scope) ?? 'system'
  return scope === 'system' ? '' : ` --${scope}`
}

export function showCommand(unit: string, args: Record<string, unknown>): string {
  return `systemctl${scopeFlag(args)} show -p ${SHOW_PROPS} -- ${shq(unit)}`
}

export function actionCommand(verb: string, unit: string, args: Record<string, unknown>): string {
  const noBlock =
    flag(args.no_block) && ['start', 'stop', 'restart', 'reload'].includes(verb) ? ' --no-block' : ''
  const force = flag(args.force) && ['enable', 'disable', 'mask'].includes(verb) ? ' --force' : ''
  return `systemctl${scopeFlag(args)}${noBlock}${force} ${verb} -- ${shq(unit)}`
}

async function readUnit(ctx: ModuleContext, unit: string, args: Record<string, unknown>) {
  const res = await runStep(ctx, showCommand(unit, args), `reading the state of ${unit}`)
  return parseSystemctlShow(res.stdout)
}

interface UnitData {
  unit?: string | undefined
  actions: string[]
  reload: boolean
  reexec: boolean
  /** The unit was not found before daemon-reload: look again after it */
  recheck: boolean
}

function wantOf(args: Record<string, unknown>): UnitWant {
  const e = arg(args, 'enabled')
  const m = arg(args, 'masked')
  return {
    state: optString(args.state),
    enabled: e === undefined ? undefined : flag(e),
    masked: m === undefined ? undefined : flag(m),
  }
}

function planUnit(unit: string, props: Record<string, string>, want: UnitWant, reload: boolean): string[] {
  if (
    props.LoadState === 'not-found' &&
    !(want.masked === true && !want.state && want.enabled === undefined)
  ) {
    if (reload) return []
    throw new ModuleFailure(`Could not find the requested service ${unit}: host`, { status: props })
  }
  return unitActions(props, want)
}

export const systemdModule: Module = {
  name: 'systemd',
  async check(args, ctx) {
    const unit = optString(arg(args, 'name', 'service', 'unit'))
    const reload = flag(arg(args, 'daemon_reload', 'daemon-reload'))
    const reexec = flag(arg(args, 'daemon_reexec', 'daemon-reexec'))
    const want = wantOf(args)
    if (!unit) {
      if (want.state || want.enabled !== undefined || want.masked !== undefined)
        throw new ModuleFailure('name is required with state, enabled or masked')
      const data: UnitData = { actions: [], reload, reexec, recheck: false }
      return { changed: reload || reexec, data }
    }
    safeName('unit', unit)
    const props = await readUnit(ctx, unit, args)
    const actions = planUnit(unit, props, want, reload)
    const recheck = props.LoadState === 'not-found'
    const result = {
      name: unit,
      status: props,
      ...(want.state ? { state: want.state } : {}),
      ...(want.enabled !== undefined ? { enabled: want.enabled } : {}),
    }
    const data: UnitData = { unit, actions, reload, reexec, recheck }
    const plan: Plan = { changed: reload || reexec || actions.length > 0 || recheck, result, data }
    if (ctx.diffMode && actions.length) {
      plan.diff = [
        fieldsDiff(
          `systemd ${unit}`,
          { ActiveState: props.ActiveState, UnitFileState: props.UnitFileState },
          { actions: actions.join(', ') },
        ),
      ]
    }
    return plan
  },
  async apply(plan, args, ctx) {
    const d = plan.data as UnitData
    const sc = scopeFlag(args)
    if (d.reexec) await runStep(ctx, `systemctl${sc} daemon-reexec`, 'systemctl daemon-reexec')
    if (d.reload) await runStep(ctx, `systemctl${sc} daemon-reload`, 'systemctl daemon-reload')
    if (!d.unit) return { changed: true, ...plan.result }
    let actions = d.actions
    if (d.recheck) {
      const props = await readUnit(ctx, d.unit, args)
      if (props.LoadState === 'not-found')
        throw new ModuleFailure(`Could not find the requested service ${d.unit}: host`, { status: props })
      actions = unitActions(props, wantOf(args))
    }
    for (const verb of actions)
      await runStep(ctx, actionCommand(verb, d.unit, args), `systemctl ${verb} ${d.unit}`)
    const status = await readUnit(ctx, d.unit, args)
    return { ...plan.result, changed: d.reload || d.reexec || actions.length > 0, status }
  },
}
