/** Turning a task outcome into host state (register, facts, notify) and a redacted event. */
import { UnreachableError } from '../connection/types.js'
import { isTsplayError } from '../errors.js'
import type { Vars } from '../inventory/model.js'
import { ModuleFailure, type ModuleResult } from '../modules/types.js'
import type { AnyNode, TaskNode } from '../playbook/types.js'
import { renderDeep, toBool } from '../template/index.js'
import type { PlayContext } from './context.js'
import type { HostState } from './state.js'
import type { SecretSet } from '../vault/redact.js'
import { inherited, taskName } from './chain.js'
import type { TaskOutcome } from './task.js'

const CENSORED =
  "the output has been hidden due to the fact that 'no_log: true' was specified for this result"

export function failureOutcome(err: unknown): TaskOutcome {
  if (err instanceof UnreachableError)
    return {
      status: 'unreachable',
      ignored: false,
      result: { changed: false, unreachable: true, msg: err.reason },
    }
  if (err instanceof ModuleFailure)
    return {
      status: 'failed',
      ignored: false,
      result: { changed: false, ...err.result, failed: true, msg: err.message },
    }
  if (isTsplayError(err))
    return { status: 'failed', ignored: false, result: { changed: false, failed: true, msg: err.message } }
  throw err
}

/** ignore_errors, no_log, register, set_fact, notify, and the event. */
export function recordOutcome(
  pc: PlayContext,
  task: TaskNode,
  chain: AnyNode[],
  state: HostState,
  outcome: TaskOutcome,
  ms: number,
  target?: string,
) {
  if (pc.opts.verbosity >= 3) {
    pc.opts.sink({
      type: 'verbose',
      level: 3,
      host: state.name,
      message: `task "${taskName(task)}" took ${ms} ms`,
    })
  }
  if (outcome.status === 'failed') {
    const ignore = keyword(pc, state, chain, task, 'ignoreErrors')
    outcome.ignored = ignore.error ? false : ignore.value
    if (ignore.error) outcome.result = { ...outcome.result, msg: ignore.error }
  }
  if (outcome.status === 'failed' && !outcome.ignored) state.lastFailure = failure(task, outcome.result)
  if (outcome.status === 'unreachable' && (task.ignoreUnreachable ?? inherited(chain, 'ignoreUnreachable')))
    outcome.ignored = true
  const facts = outcome.result['ansible_facts'] as Vars | undefined
  if (facts && outcome.status !== 'failed') {
    if (task.module === 'setup') {
      state.facts = { ...state.facts, ...facts }
      state.version++
    } else state.setFacts(facts, task.module !== 'include_vars')
  }
  if (task.register) state.setFacts({ [task.register]: registered(outcome.result) }, true)
  if (
    outcome.status === 'changed' ||
    (outcome.status !== 'failed' && outcome.result.changed && !outcome.result.skipped)
  ) {
    for (const n of task.notify) state.notified.add(n)
  }
  // after a loop's items, the per-host summary (renderers show `...ignoring`/`skipping` for it);
  // no_log hides the result from output only: register and set_fact above kept the real one
  emitResult(pc, task, state.name, isHidden(pc, state, chain, task) ? censored(outcome) : outcome, ms, target)
}

/** no_log for this task on this host (a template that cannot be rendered hides, to be safe). */
export function isHidden(pc: PlayContext, state: HostState, chain: AnyNode[], task: TaskNode): boolean {
  const k = keyword(pc, state, chain, task, 'noLog')
  return k.error ? true : k.value
}

export function censored(o: TaskOutcome): TaskOutcome {
  return { ...o, result: { changed: o.result.changed, failed: o.result.failed, censored: CENSORED } }
}

/** A boolean keyword that may be a template; a rendering error is reported, not thrown. */
function keyword(
  pc: PlayContext,
  state: HostState,
  chain: AnyNode[],
  task: TaskNode,
  key: 'ignoreErrors' | 'noLog',
) {
  const v = inherited(chain, key)
  if (v === undefined || typeof v === 'boolean') return { value: v === true }
  try {
    return { value: toBool(renderDeep(v, pc.varsOf(state.name, chain), task.loc)) }
  } catch (err) {
    if (!isTsplayError(err)) throw err
    return { value: false, error: err.message }
  }
}

export function emitResult(
  pc: PlayContext,
  task: TaskNode,
  host: string,
  o: TaskOutcome,
  ms: number,
  target?: string,
  item?: string,
) {
  const redact = (v: unknown) => redactDeep(v, pc.opts.secrets)
  const { diff, ...rest } = o.result
  pc.opts.sink({
    type: 'host_result',
    host,
    task: taskName(task),
    action: task.module,
    status: o.status,
    ignored: o.ignored || undefined,
    item: item === undefined ? undefined : pc.opts.secrets.redact(item),
    delegatedTo: target,
    msg: typeof o.result.msg === 'string' ? pc.opts.secrets.redact(o.result.msg) : undefined,
    result: redact(rest) as Record<string, unknown>,
    diff: diff && !o.result['censored'] ? (redact(diff) as ModuleResult['diff']) : undefined,
    durationMs: ms,
  })
}

/** Every string inside `v` with secrets masked (walking the value keeps numbers and JSON intact). */
function redactDeep(v: unknown, secrets: SecretSet): unknown {
  if (!secrets.size) return v // nothing to mask: no walk, no copy
  if (typeof v === 'string') return secrets.redact(v)
  if (Array.isArray(v)) return v.map((x) => redactDeep(x, secrets))
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redactDeep(x, secrets)]))
  }
  return v
}

/**
 * A result as `register` keeps it: Ansible adds `failed: false` to what a module returned (not to
 * a skipped task, nor to a loop's summary, whose items have it), though output never shows it.
 */
export function registered(result: ModuleResult): ModuleResult {
  if (result.skipped || 'failed' in result || Array.isArray(result['results'])) return result
  return { ...result, failed: false }
}

/** What a rescue sees of the task that failed (Ansible's serialized task, its main fields). */
export function failure(task: Pick<TaskNode, 'name' | 'module' | 'args'>, result: ModuleResult) {
  return { task: { name: task.name ?? '', action: task.module, args: task.args }, result }
}

/** A task whose condition was false on the host */
export const SKIPPED = (): TaskOutcome => ({
  status: 'skipped',
  ignored: false,
  result: { changed: false, skipped: true, skip_reason: 'Conditional result was False' },
})

/** Ansible's recap counting: an ignored failure is `ok` and `ignored` (and `changed` if it changed). */
export function count(h: HostState, o: TaskOutcome): void {
  const c = h.counts
  switch (o.status) {
    case 'ok':
    case 'changed':
      c.ok++
      if (o.status === 'changed') c.changed++
      break
    case 'skipped':
      c.skipped++
      break
    case 'failed':
      if (o.ignored) {
        c.ok++
        c.ignored++
        if (o.result.changed) c.changed++
      } else {
        c.failed++
        h.failed = true
      }
      break
    case 'unreachable':
      if (o.ignored) c.ignored++
      else {
        c.unreachable++
        h.unreachable = true
      }
  }
}
