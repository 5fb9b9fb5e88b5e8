/** Turning a task outcome into host state (register, facts, notify) and a redacted event. */
import { UnreachableError } from '../connection/types.js'
import { isTsplayError } from '../errors.js'
import type { Vars } from '../inventory/model.js'
import { ModuleFailure, type ModuleResult } from '../modules/types.js'
import type { AnyNode, TaskNode } from '../playbook/types.js'
import { renderDeep, toBool } from '../template/index.js'
import type { PlayContext } from './context.js'
import type { HostState } from './state.js'
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
  const vars = () => pc.varsOf(state.name, chain)
  if (outcome.status === 'failed') {
    const ignore = inherited(chain, 'ignoreErrors')
    outcome.ignored =
      ignore !== undefined &&
      (typeof ignore === 'boolean' ? ignore : toBool(renderDeep(ignore, vars(), task.loc)))
  }
  if (outcome.status === 'unreachable' && (task.ignoreUnreachable ?? inherited(chain, 'ignoreUnreachable')))
    outcome.ignored = true
  const noLog = inherited(chain, 'noLog')
  const hidden =
    noLog !== undefined && (typeof noLog === 'boolean' ? noLog : toBool(renderDeep(noLog, vars(), task.loc)))
  if (hidden)
    outcome.result = { changed: outcome.result.changed, failed: outcome.result.failed, censored: CENSORED }
  const facts = outcome.result['ansible_facts'] as Vars | undefined
  if (facts && outcome.status !== 'failed' && !hidden) {
    if (task.module === 'setup') state.facts = { ...state.facts, ...facts }
    else Object.assign(state.hostFacts, facts)
    state.version++
  }
  if (task.register) {
    state.hostFacts[task.register] = outcome.result
    state.version++
  }
  if (
    outcome.status === 'changed' ||
    (outcome.status !== 'failed' && outcome.result.changed && !outcome.result.skipped)
  ) {
    for (const n of task.notify) state.notified.add(n)
  }
  // after a loop's items, the per-host summary (renderers show `...ignoring`/`skipping` for it)
  emitResult(pc, task, state.name, outcome, ms, target)
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
  const redact = (v: unknown) => JSON.parse(pc.opts.secrets.redact(JSON.stringify(v ?? null))) as unknown
  const { diff, ...rest } = o.result
  pc.opts.sink({
    type: 'host_result',
    host,
    task: taskName(task),
    action: task.module,
    status: o.status,
    ignored: o.ignored || undefined,
    item,
    delegatedTo: target,
    msg: typeof o.result.msg === 'string' ? pc.opts.secrets.redact(o.result.msg) : undefined,
    result: redact(rest) as Record<string, unknown>,
    diff: diff && !o.result['censored'] ? (redact(diff) as ModuleResult['diff']) : undefined,
    durationMs: ms,
  })
}
