/**
 * The text of each run event, as ansible-core's default callback prints it. One formatter per event
 * kind in a table the compiler checks for completeness; plain and TTY renderers share it.
 */
import { basename } from 'node:path'
import { renderDiffs } from './diff.js'
import type { RunEvent } from './events.js'
import {
  type Color,
  Colors,
  banner,
  formatDuration,
  paint,
  plural,
  pyJson,
  recapLine,
  wrap,
} from './format.js'

/**
 * Fields the renderer reads that events.ts does not define yet (proposed to the lead): the module a
 * result came from, so `debug` output can be trimmed the way Ansible trims it.
 */
export type HostResultEvent = Extract<RunEvent, { type: 'host_result' }> & { action?: string | undefined }
type EventOf<K extends RunEvent['type']> = K extends 'host_result'
  ? HostResultEvent
  : Extract<RunEvent, { type: K }>

export interface Chunk {
  text: string
  stream: 'out' | 'err'
}

export interface LineOptions {
  verbosity: number
  color: boolean
}

/** What the formatters remember between events */
export class LineState {
  plays = 0
  tasks = 0
  task: { name: string; hosts: number; done: Set<string> } | undefined
  /** The play whose banner was the last thing printed, so play_no_hosts does not repeat it */
  bannerOnly: string | undefined
  readonly warned = new Set<string>()
}

export type Formatters = {
  [K in RunEvent['type']]: (e: EventOf<K>, st: LineState, o: LineOptions) => Chunk[]
}

const DEBUG_ACTIONS = new Set(['debug', 'ansible.builtin.debug', 'ansible.legacy.debug'])
const DEBUG_ALLOWED = new Set(['msg', 'exception', 'warnings', 'deprecations'])
const DEBUG_HIDDEN = ['changed', 'failed', 'skipped', 'invocation', 'skip_reason']

const out = (text: string, color?: Color, o?: LineOptions): Chunk => ({
  text: `${paint(text, color, o?.color ?? false)}\n`,
  stream: 'out',
})

/** ansible's strip_internal_keys: `_ansible_*` keys go, at any depth */
function stripInternal(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripInternal)
  if (v === null || typeof v !== 'object' || typeof (v as { toJSON?: unknown }).toJSON === 'function')
    return v
  const r: Record<string, unknown> = {}
  for (const [k, x] of Object.entries(v)) if (!k.startsWith('_ansible_')) r[k] = stripInternal(x)
  return r
}

function isDebug(e: HostResultEvent): boolean {
  return e.action !== undefined && DEBUG_ACTIONS.has(e.action)
}

/** The `=> {...}` part: the result with what Ansible hides removed, and what it always shows added */
function dump(e: HostResultEvent, o: LineOptions, verboseAlways: boolean): string {
  const r = stripInternal({ ...(e.result ?? {}) }) as Record<string, unknown>
  if (o.verbosity < 3) {
    delete r['invocation']
    delete r['diff']
  }
  // Ansible drops these (the status says it) and exceptions from what it shows
  for (const k of ['exception', 'failed', 'skipped']) delete r[k]
  if (e.item === undefined && Array.isArray(e.result?.['results'])) delete r['results']
  if (!('changed' in r)) r['changed'] = e.status === 'changed'
  if (e.msg !== undefined) {
    const key = e.status === 'skipped' ? 'skip_reason' : 'msg'
    if (!(key in r)) r[key] = e.msg
  }
  if (e.status === 'unreachable') r['unreachable'] = true
  if (isDebug(e)) {
    if ('msg' in r) for (const k of Object.keys(r)) !DEBUG_ALLOWED.has(k) && delete r[k]
    else for (const k of DEBUG_HIDDEN) delete r[k]
  }
  return pyJson(r, verboseAlways || o.verbosity > 2 ? 4 : undefined)
}

function hostResult(e: HostResultEvent, st: LineState, o: LineOptions): Chunk[] {
  st.bannerOnly = undefined
  st.task?.done.add(e.host)
  const verboseAlways = isDebug(e) || e.result?.['_ansible_verbose_always'] === true
  const showJson = verboseAlways || o.verbosity > 0
  const label = e.delegatedTo && e.delegatedTo !== e.host ? `${e.host} -> ${e.delegatedTo}` : e.host
  const item = e.item !== undefined ? ` => (item=${e.item})` : ''
  // a loop's per-host summary after its items: Ansible prints only `skipping` and `...ignoring` for it
  const loopSummary = e.item === undefined && Array.isArray(e.result?.['results'])
  const ignoring = out('...ignoring', Colors.skip, o)
  const lines: Chunk[] = []
  if (e.status === 'unreachable') {
    lines.push(out(`fatal: [${label}]: UNREACHABLE! => ${dump(e, o, verboseAlways)}`, Colors.unreachable, o))
    if (e.ignored) lines.push(ignoring)
  } else if (e.status === 'failed' || e.ignored) {
    if (e.item !== undefined)
      lines.push(out(`failed: [${label}] (item=${e.item}) => ${dump(e, o, verboseAlways)}`, Colors.error, o))
    else if (!loopSummary)
      lines.push(out(`fatal: [${label}]: FAILED! => ${dump(e, o, verboseAlways)}`, Colors.error, o))
    if (e.ignored && e.item === undefined) lines.push(ignoring)
  } else if (e.status === 'skipped') {
    // Ansible names the host without its delegate here, and leaves a space after an item
    const text = `skipping: [${e.host}]${item}${e.item !== undefined ? ' ' : ''}`
    lines.push(out(text + (o.verbosity > 0 ? ` => ${dump(e, o, false)}` : ''), Colors.skip, o))
  } else {
    // results carry a diff only where the task's diff mode was on (--diff or the `diff` keyword)
    if (e.diff?.length && e.status === 'changed') {
      const diff = renderDiffs(e.diff, o.color)
      if (diff) lines.push({ text: diff, stream: 'out' })
    }
    if (loopSummary) return lines
    const text = `${e.status}: [${label}]${item}` + (showJson ? ` => ${dump(e, o, verboseAlways)}` : '')
    lines.push(out(text, e.status === 'changed' ? Colors.changed : Colors.ok, o))
  }
  return lines
}

function summary(e: EventOf<'recap'>, st: LineState): string {
  const what = `${plural(st.plays, 'play')}, ${plural(st.tasks, 'task')} on ${plural(Object.keys(e.hosts).length, 'host')}`
  return `tsplay: ${e.interrupted ? 'interrupted after ' : ''}${what} in ${formatDuration(e.durationMs)}`
}

export const formatters: Formatters = {
  playbook_start: (e, _st, o) => (o.verbosity >= 2 ? [out(banner(`PLAYBOOK: ${basename(e.file)}`))] : []),
  play_start: (e, st) => {
    if (!e.batch) st.plays++
    st.task = undefined
    st.bannerOnly = e.name
    return [out(banner(e.name.trim() ? `PLAY [${e.name.trim()}]` : 'PLAY'))]
  },
  play_no_hosts: (e, st, o) => {
    st.task = undefined
    const lines =
      st.bannerOnly === e.name ? [] : [out(banner(e.name.trim() ? `PLAY [${e.name.trim()}]` : 'PLAY'))]
    st.bannerOnly = undefined
    return [...lines, out('skipping: no hosts matched', Colors.skip, o)]
  },
  task_start: (e, st, o) => {
    st.tasks++
    st.bannerOnly = undefined
    st.task = { name: e.name, hosts: e.hosts, done: new Set() }
    const lines = [out(banner(`${e.handler ? 'RUNNING HANDLER' : 'TASK'} [${e.name.trim()}]`))]
    if (o.verbosity >= 2 && e.path) lines.push(out(`task path: ${e.path}`, Colors.debug, o))
    return lines
  },
  host_result: hostResult,
  included: (e, _st, o) => {
    const item = e.item !== undefined ? ` => (item=${e.item})` : ''
    return [out(`included: ${e.file} for ${e.hosts.join(', ')}${item}`, Colors.skip, o)]
  },
  host_retry: (e, _st, o) => {
    // `retries` counts every attempt, as Ansible's internal count does
    const left = Math.max(0, e.retries - e.attempt)
    return [out(`FAILED - RETRYING: [${e.host}]: ${e.task} (${left} retries left).`, Colors.debug, o)]
  },
  warning: (e, st, o) => {
    const text = wrap(`[WARNING]: ${e.host ? `${e.host}: ` : ''}${e.message}`).join('\n')
    if (st.warned.has(text)) return []
    st.warned.add(text)
    return [{ ...out(text, Colors.warn, o), stream: 'err' }]
  },
  verbose: (e, _st, o) => {
    if (o.verbosity < Math.max(3, e.level)) return []
    return [out(e.host ? `<${e.host}> ${e.message}` : e.message, Colors.verbose, o)]
  },
  no_more_hosts: (_e, st) => {
    st.task = undefined
    return [out(banner('NO MORE HOSTS LEFT'))]
  },
  recap: (e, st, o) => {
    st.task = undefined
    const hosts = Object.keys(e.hosts).sort()
    const lines = hosts.map((h) => out(recapLine(h, e.hosts[h]!, o.color)))
    return [out(banner('PLAY RECAP')), ...lines, out(''), out(summary(e, st))]
  },
}

/** The chunks for one event (a typed dispatch through the table) */
export function formatEvent(e: RunEvent, st: LineState, o: LineOptions): Chunk[] {
  const f = formatters[e.type] as (e: RunEvent, st: LineState, o: LineOptions) => Chunk[]
  return f(e, st, o)
}
