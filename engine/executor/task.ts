/**
 * One task on one host: `when`, the loop, rendering arguments, the module's check/apply (the only
 * place a host is changed), retries/until, changed_when/failed_when, register and notify.
 */
import type { Vars } from '../inventory/model.js'
import { getModule } from '../modules/index.js'
import { ModuleFailure, type ItemOutcome, type ModuleContext, type ModuleResult } from '../modules/types.js'
import type { HostStatus } from '../output/events.js'
import type { AnyNode, TaskNode } from '../playbook/types.js'
import { evalCondition, renderDeep, toBool } from '../template/index.js'
import type { PlayContext } from './context.js'
import { itemLabel, itemVars, loopItems } from './loop.js'
import { batchItems } from './loop-batch.js'
import { becomeFor, type HostState } from './state.js'
import { withNoLog, type ConnectionPool } from './connections.js'
import {
  censored,
  emitResult,
  failureOutcome,
  isHidden,
  recordOutcome,
  registered,
  SKIPPED,
} from './record.js'
import { environment, inherited, loginVars, taskName } from './chain.js'

export interface TaskOutcome {
  status: HostStatus
  ignored: boolean
  result: ModuleResult
}

export class TaskRunner {
  constructor(
    readonly pc: PlayContext,
    private readonly pool: ConnectionPool,
  ) {}

  /** Runs `task` (with its enclosing `chain`) on `state.name`, emitting its host_result events. */
  async run(task: TaskNode, chain: AnyNode[], state: HostState, target?: string): Promise<TaskOutcome> {
    const started = Date.now()
    const host = state.name
    let outcome: TaskOutcome
    try {
      const vars = this.pc.varsOf(host, chain)
      // the enclosing blocks' conditions hold once; the task's own per loop item, as in Ansible
      const items = this.conditionsHold(chain.slice(0, -1), vars) ? loopItems(task, vars) : []
      if (items === undefined) {
        outcome = this.conditionsHold([task], vars)
          ? await this.once(task, chain, host, vars, target, isHidden(this.pc, state, chain, task))
          : SKIPPED()
      } else outcome = items.length ? await this.loop(task, chain, state, items, target) : SKIPPED()
    } catch (err) {
      outcome = failureOutcome(err)
    }
    recordOutcome(this.pc, task, chain, state, outcome, Date.now() - started, target)
    return outcome
  }

  /** `meta: reset_connection`: the next task opens a new connection. */
  resetConnection(host: string): Promise<void> {
    return this.pool.reset(host)
  }

  conditionsHold(chain: AnyNode[], vars: Vars): boolean {
    for (const node of chain) {
      for (const cond of node.when) {
        if (!evalCondition(cond, vars, { ...(node.keyLocs?.get('when') ?? node.loc), key: 'when' }))
          return false
      }
    }
    return true
  }

  private async loop(
    task: TaskNode,
    chain: AnyNode[],
    state: HostState,
    items: unknown[],
    target?: string,
  ): Promise<TaskOutcome> {
    const results: ModuleResult[] = []
    let status: HostStatus = 'skipped'
    const hidden = isHidden(this.pc, state, chain, task)
    // each item's variables, built once for its condition, its label, its run and the batch
    const views = items.map((item, index) => this.pc.varsOf(state.name, chain, itemVars(task, item, index)))
    const batched = await batchItems(this, task, chain, state.name, views, target, hidden)
    for (const [index, item] of items.entries()) {
      const vars = views[index]!
      const one = await Promise.resolve()
        .then(() =>
          this.conditionsHold([task], vars)
            ? this.once(task, chain, state.name, vars, target, hidden, batched.get(index))
            : SKIPPED(),
        )
        .catch((err: unknown) => failureOutcome(err))
      const label = hidden ? 'None' : itemLabel(task, vars, item)
      // as in Ansible, each item's result names its loop variable (and index), shown and registered
      const shown = { ...one, result: { ...one.result, ...itemVars(task, item, index) } }
      results.push(registered(shown.result))
      emitResult(this.pc, task, state.name, hidden ? censored(shown) : shown, 0, target, label)
      status = worst(status, one.status)
      if (task.loopControl?.pause) await sleep(task.loopControl.pause * 1000)
    }
    const failed = results.some((r) => r.failed)
    const skipped = results.length > 0 && results.every((r) => r.skipped)
    const result: ModuleResult = {
      changed: results.some((r) => r.changed),
      results,
      msg: failed ? 'One or more items failed' : skipped ? 'All items skipped' : 'All items completed',
      skipped,
    }
    if (failed) result.failed = true
    return { status: items.length ? status : 'skipped', ignored: false, result }
  }

  private async once(
    task: TaskNode,
    chain: AnyNode[],
    host: string,
    /** The task's variables on the host (with a loop item's own, in a loop) */
    vars: Vars,
    target: string | undefined,
    /** no_log: the -vvv command log shows no command lines either */
    hidden: boolean,
    done?: ItemOutcome,
  ): Promise<TaskOutcome> {
    const run = async (): Promise<ModuleResult> => {
      const args = renderDeep(task.args, vars, task.loc) as Record<string, unknown>
      const module = getModule(task.module)
      const ctx = await this.moduleContext(task, chain, host, vars, target, hidden)
      if (task.module === 'debug' && Number(args['verbosity'] ?? 0) > this.pc.opts.verbosity) {
        return { changed: false, skipped: true, skip_reason: 'Verbosity threshold not met.' }
      }
      const plan = await module.check(args, ctx)
      // a diff is kept where the task's diff mode (--diff or the `diff` keyword) asks for one
      const shown = (d: ModuleResult['diff']) => (ctx.diffMode ? d : undefined)
      if (ctx.checkMode) {
        if (plan.skipInCheck) return { changed: false, skipped: true, msg: plan.skipInCheck }
        return { ...plan.result, changed: plan.changed, diff: shown(plan.diff) }
      }
      if (!plan.changed) return { ...plan.result, changed: false, diff: shown(plan.diff) }
      const result = await module.apply(plan, args, ctx)
      return { ...result, diff: shown(result.diff ?? plan.diff) }
    }
    // a loop item done in its loop's batch (loop-batch.ts) only goes through until/changed_when
    let result = done ? await attempt(() => outcomeOf(done)) : await attempt(run)
    if (task.until.length) result = await this.retryUntil(task, host, vars, run, result)
    result = this.judge(task, vars, result)
    const status: HostStatus = result.failed
      ? 'failed'
      : result.skipped
        ? 'skipped'
        : result.changed
          ? 'changed'
          : 'ok'
    return { status, ignored: false, result }
  }

  private async retryUntil(
    task: TaskNode,
    host: string,
    vars: Vars,
    run: () => Promise<ModuleResult>,
    first: ModuleResult,
  ) {
    // ansible-core 2.14 makes `retries + 1` attempts (the first run, then the retries)
    const retries = Number(task.retries === undefined ? 3 : renderDeep(task.retries, vars, task.loc)) + 1
    const delay = Number(task.delay === undefined ? 5 : renderDeep(task.delay, vars, task.loc))
    let result = first
    for (let n = 1; ; n++) {
      if (task.register)
        Object.defineProperty(vars, task.register, {
          value: registered(result),
          enumerable: true,
          configurable: true,
        })
      const done = task.until.every((c) =>
        evalCondition(c, vars, { ...(task.keyLocs?.get('until') ?? task.loc), key: 'until' }),
      )
      if (done) return { ...result, attempts: n }
      if (n >= retries || this.pc.opts.stop.aborted)
        // ansible-core 2.14 reports `retries` attempts here, one fewer than it made
        return { ...result, failed: true, attempts: n - 1, msg: result.msg ?? 'Retries exhausted' }
      this.pc.opts.sink({ type: 'host_retry', host, task: taskName(task), attempt: n, retries })
      await sleep(delay * 1000)
      result = await attempt(run)
    }
  }

  /** changed_when / failed_when, with the result visible under the `register` name. */
  private judge(task: TaskNode, vars: Vars, result: ModuleResult): ModuleResult {
    if (result.skipped || result.unreachable) return result
    if (!task.changedWhen.length && !task.failedWhen.length) return result
    if (task.register)
      Object.defineProperty(vars, task.register, { value: result, enumerable: true, configurable: true })
    const out = { ...result }
    if (task.changedWhen.length)
      out.changed = task.changedWhen.every((c) =>
        evalCondition(c, vars, { ...task.loc, key: 'changed_when' }),
      )
    if (task.failedWhen.length) {
      out.failed = task.failedWhen.every((c) => evalCondition(c, vars, { ...task.loc, key: 'failed_when' }))
      out.failed_when_result = out.failed
    }
    return out
  }

  /** The connection and context a task's module runs with on a host. */
  async moduleContext(
    task: TaskNode,
    chain: AnyNode[],
    host: string,
    vars: Vars,
    target: string | undefined,
    hidden: boolean,
  ): Promise<ModuleContext> {
    const opts = this.pc.opts
    const runOn = target ?? host
    const pooled = await this.pool.get(runOn, this.loginOf(chain, vars, target))
    const timeout =
      task.timeout === undefined ? undefined : Number(renderDeep(task.timeout, vars, task.loc)) * 1000
    return this.pc.moduleContext(task, runOn, vars, {
      conn: hidden ? withNoLog(pooled) : pooled,
      become: this.become(chain, vars),
      env: environment(chain, vars),
      checkMode: task.checkMode ?? inherited(chain, 'checkMode') ?? opts.checkMode,
      diffMode: task.diffMode ?? inherited(chain, 'diffMode') ?? opts.diffMode,
      timeoutMs: timeout,
      signal: opts.kill,
    })
  }

  loginOf(chain: AnyNode[], vars: Vars, target: string | undefined): Vars {
    return loginVars(chain, this.pc.play.inherit, target ? this.pc.varsOf(target, []) : vars)
  }

  /** Keywords win over the `ansible_become*` variables (as in Ansible); all may be templates. */
  become(chain: AnyNode[], vars: Vars) {
    const play = this.pc.play.inherit
    const pick = (v: unknown, fallback: string) => {
      const value = v ?? vars[fallback]
      return value === undefined || value === null ? undefined : renderDeep(value, vars, chain.at(-1)!.loc)
    }
    // the command line's -b, --become-user and --become-method come last, as in Ansible
    const cli = this.pc.opts.become ?? {}
    const on = pick(inherited(chain, 'become') ?? play.become, 'ansible_become') ?? cli.on
    return becomeFor(
      on === true || (typeof on === 'string' && toBool(on)),
      (pick(inherited(chain, 'becomeUser') ?? play.becomeUser, 'ansible_become_user') ?? cli.user) as
        string | undefined,
      (pick(inherited(chain, 'becomeMethod') ?? play.becomeMethod, 'ansible_become_method') ?? cli.method) as
        string | undefined,
      this.pc.opts.becomePassword ??
        (vars['ansible_become_password'] as string | undefined) ??
        (vars['ansible_become_pass'] as string | undefined),
    )
  }
}

async function attempt(run: () => Promise<ModuleResult>): Promise<ModuleResult> {
  try {
    return await run()
  } catch (err) {
    if (err instanceof ModuleFailure) return { changed: false, ...err.result, failed: true, msg: err.message }
    throw err
  }
}

const outcomeOf = async (o: ItemOutcome): Promise<ModuleResult> => {
  if ('error' in o) throw o.error
  return o.result
}

const ORDER: HostStatus[] = ['skipped', 'ok', 'changed', 'failed', 'unreachable']
const worst = (a: HostStatus, b: HostStatus): HostStatus => (ORDER.indexOf(b) > ORDER.indexOf(a) ? b : a)
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
