/**
 * Running a list of nodes on a set of hosts. `linear`: every active host finishes a task before the
 * next task starts; `free`: each host goes through the list on its own. Blocks, includes, meta
 * tasks, run_once, delegate_to, any_errors_fatal and max_fail_percentage are handled here.
 */
import pLimit from 'p-limit'
import { isTsplayError } from '../errors.js'
import type { Vars } from '../inventory/model.js'
import type { AnyNode, BlockNode, IncludeNode, TaskNode } from '../playbook/types.js'
import { shouldRun } from '../playbook/tags.js'
import { renderDeep } from '../template/index.js'
import type { PlayContext } from './context.js'
import { includeBanner, loadInclude, type LoadedInclude } from './includes.js'
import type { HostState } from './state.js'
import { bannerName, inherited, taskName } from './chain.js'
import { count, failure, registered, SKIPPED } from './record.js'
import type { TaskOutcome, TaskRunner } from './task.js'
import type { Handlers } from './handlers.js'

export class Strategy {
  private readonly limit: ReturnType<typeof pLimit>
  private readonly started = new Set<string>()

  constructor(
    private readonly pc: PlayContext,
    private readonly runner: TaskRunner,
    private readonly handlers: Handlers,
  ) {
    this.limit = pLimit(Math.max(1, pc.opts.forks))
  }

  async runSection(nodes: AnyNode[], hosts: HostState[]): Promise<void> {
    if (this.pc.play.strategy === 'free') {
      await Promise.all(hosts.map((h) => this.runNodes(nodes, [], [h], true)))
    } else await this.runNodes(nodes, [], hosts, false)
  }

  private usable(hosts: HostState[]): HostState[] {
    return this.pc.run.aborted || this.pc.opts.stop.aborted ? [] : hosts.filter((h) => h.active)
  }

  private async runNodes(
    nodes: AnyNode[],
    chain: AnyNode[],
    hosts: HostState[],
    free: boolean,
  ): Promise<void> {
    for (const node of nodes) {
      const active = this.usable(hosts)
      if (!active.length) return
      if (node.kind === 'block') await this.block(node, chain, active, free)
      else if (node.kind === 'task') await this.task(node, chain, active)
      else await this.include(node, chain, active, free)
    }
  }

  private async block(node: BlockNode, chain: AnyNode[], hosts: HostState[], free: boolean) {
    const inner = [...chain, node]
    await this.runNodes(node.block, inner, hosts, free)
    const failed = hosts.filter((h) => h.failed && !h.unreachable)
    if (node.rescue.length && failed.length) {
      for (const h of failed) {
        h.failed = false
        h.counts.failed--
        h.counts.rescued++
        const f = h.lastFailure
        if (f) h.setFacts({ ansible_failed_task: f.task, ansible_failed_result: f.result }, true)
      }
      await this.runNodes(node.rescue, inner, failed, free)
    }
    if (node.always.length) {
      // hosts that failed in the block still run `always`, and stay failed afterwards
      const stillFailed = hosts.filter((h) => h.failed && !h.unreachable)
      for (const h of stillFailed) h.failed = false
      await this.runNodes(
        node.always,
        inner,
        hosts.filter((h) => h.active),
        free,
      )
      for (const h of stillFailed) h.failed = true
    }
  }

  private selected(task: TaskNode | IncludeNode, chain: AnyNode[]): boolean {
    const tags = [...this.pc.play.inherit.tags, ...chain.flatMap((n) => n.tags), ...task.tags]
    if (!shouldRun(tags, this.pc.opts.tags)) return false
    if (this.pc.run.waitingForStart && task.kind === 'task') {
      const start = this.pc.opts.startAtTask
      if (start !== task.name && start !== taskName(task)) return false
      this.pc.run.waitingForStart = false
    }
    return true
  }

  private async task(task: TaskNode, chain: AnyNode[], hosts: HostState[]) {
    if (!this.selected(task, chain)) return
    const inner = [...chain, task]
    // with `free`, the banner shows when the first host reaches the task (a meta task has one too)
    // one banner per task and enclosing blocks: each item of a looped include shows its own
    const key = bannerKey(inner)
    if (!this.started.has(key)) {
      this.started.add(key)
      this.pc.opts.sink({
        type: 'task_start',
        name: bannerName(task, hosts[0] && this.pc.varsOf(hosts[0].name, inner), (s) =>
          this.pc.opts.secrets.redact(s),
        ),
        hosts: hosts.length,
        handler: false,
        path: `${task.loc.file}:${task.loc.line}`,
      })
    }
    if (task.module === 'meta') return this.meta(task, inner, hosts)
    // pause bypasses the host loop, as in Ansible: once per batch, whatever run_once says
    const runOnce = task.module === 'pause' || (task.runOnce ?? inherited(chain, 'runOnce'))
    const targets = runOnce ? hosts.slice(0, 1) : hosts
    const outcomes = await Promise.all(targets.map((h) => this.limit(() => this.onHost(task, inner, h))))
    if (runOnce && outcomes[0]) {
      // every host of the batch gets the result, and the facts it set, as in Ansible
      const facts =
        outcomes[0].status === 'failed'
          ? undefined
          : (outcomes[0].result['ansible_facts'] as Vars | undefined)
      for (const h of hosts.slice(1)) {
        if (facts && task.module !== 'setup') h.setFacts(facts, task.module !== 'include_vars')
        if (task.register) h.setFacts({ [task.register]: registered(outcomes[0].result) }, true)
      }
    }
    this.afterTask(task, inner, hosts)
  }

  /** Runs `fn` within the forks limit (handlers use it too). */
  limited<T>(fn: () => Promise<T>): Promise<T> {
    return this.limit(fn)
  }

  async onHost(task: TaskNode, chain: AnyNode[], h: HostState): Promise<TaskOutcome> {
    const delegate = inherited(chain, 'delegateTo')
    let target: string | undefined
    try {
      target = delegate ? String(renderDeep(delegate, this.pc.varsOf(h.name, chain), task.loc)) : undefined
    } catch (err) {
      if (!isTsplayError(err)) throw err
      return this.failHost(h, task.name ?? task.module, err.message)
    }
    const outcome = await this.runner.run(task, chain, h, target)
    count(h, outcome)
    return outcome
  }

  /** any_errors_fatal and max_fail_percentage, checked after each task. */
  private afterTask(task: TaskNode, chain: AnyNode[], hosts: HostState[]) {
    const anyFailed = hosts.some((h) => h.failed || h.unreachable)
    // inside a block with a rescue the failure is handled there first, as in Ansible
    const rescued = chain.some((n) => n.kind === 'block' && n.rescue.length > 0)
    if (
      anyFailed &&
      !rescued &&
      (inherited(chain, 'anyErrorsFatal') ?? this.pc.play.inherit.anyErrorsFatal)
    ) {
      this.pc.run.aborted = true
      this.pc.opts.sink({
        type: 'no_more_hosts',
        reason: `any_errors_fatal: task "${taskName(task)}" failed`,
      })
      return
    }
    const pct = this.pc.play.maxFailPercentage
    if (pct !== undefined) {
      const batch = this.pc.run.hosts.filter((h) => this.pc.run.batch.includes(h.name))
      const failed = batch.filter((h) => h.failed || h.unreachable).length
      if (batch.length && (failed / batch.length) * 100 > pct) {
        this.pc.run.aborted = true
        this.pc.opts.sink({ type: 'no_more_hosts', reason: `max_fail_percentage ${pct}% exceeded` })
      }
    }
  }

  private async include(node: IncludeNode, chain: AnyNode[], hosts: HostState[], free: boolean) {
    if (!this.selected(node, chain)) return
    const name = includeBanner(node)
    const key = bannerKey([...chain, node])
    if (!this.started.has(key)) {
      this.started.add(key)
      const path = `${node.loc.file}:${node.loc.line}`
      this.pc.opts.sink({ type: 'task_start', name, hosts: hosts.length, handler: false, path })
    }
    // the include's own `when` decides once whether it happens; the included tasks do not inherit it
    const inner = [...chain, { ...node, when: [] }]
    // hosts whose include resolves to the same content run it together
    const groups = new Map<string, LoadedInclude & { hosts: HostState[] }>()
    for (const h of hosts) {
      let loaded
      try {
        loaded = await loadInclude(node, [...chain, node], h, this.pc)
      } catch (err) {
        if (!isTsplayError(err)) throw err
        this.failHost(h, node.name ?? `${node.kind}: ${node.target}`, err.message)
        continue
      }
      if (!loaded) {
        this.settle(h, name, SKIPPED())
        continue
      }
      const g = groups.get(loaded.key) ?? { ...loaded, hosts: [] }
      g.hosts.push(h)
      groups.set(loaded.key, g)
    }
    // Ansible's `included: FILE for HOSTS` line, an `ok` for each host (per loop item)
    for (const g of groups.values()) {
      if (!g.file) continue
      for (const item of g.items ?? [undefined]) {
        this.pc.opts.sink({ type: 'included', file: g.file, hosts: g.hosts.map((h) => h.name), item })
        for (const h of g.hosts) h.counts.ok++
      }
    }
    for (const g of groups.values()) await this.runNodes(g.nodes, inner, g.hosts, free)
  }

  /** A per-host error outside a module (a template in a keyword): that host fails, the run goes on. */
  private failHost(h: HostState, task: string, msg: string): TaskOutcome {
    const outcome = this.settle(h, task, {
      status: 'failed',
      ignored: false,
      result: { changed: false, failed: true, msg },
    })
    h.lastFailure = failure({ name: task, module: '', args: {} }, outcome.result)
    return outcome
  }

  /** An outcome decided here rather than by a module (a failed keyword, a skipped include): shown and counted. */
  private settle(h: HostState, task: string, outcome: TaskOutcome): TaskOutcome {
    const msg = typeof outcome.result.msg === 'string' ? outcome.result.msg : undefined
    this.pc.opts.sink({
      type: 'host_result',
      host: h.name,
      task,
      status: outcome.status,
      msg,
      result: outcome.result,
      durationMs: 0,
    })
    count(h, outcome)
    return outcome
  }

  private async meta(task: TaskNode, chain: AnyNode[], all: HostState[]) {
    const action = String(task.args['_raw_params'] ?? '').trim()
    const hosts = all.filter((h) => this.runner.conditionsHold(chain, this.pc.varsOf(h.name, chain)))
    if (action === 'flush_handlers') await this.handlers.flush(hosts, this)
    else if (action === 'end_play' || action === 'end_batch') {
      for (const h of this.pc.run.hosts) h.ended = true
      if (action === 'end_play') this.pc.run.playEnded = true // later serial batches do not start
    } else if (action === 'end_host') for (const h of hosts) h.ended = true
    else if (action === 'clear_facts')
      for (const h of hosts) {
        h.facts = undefined
        h.version++
      }
    else if (action === 'clear_host_errors') for (const h of this.pc.run.hosts) h.failed = false
    else if (action === 'reset_connection')
      await Promise.all(hosts.map((h) => this.runner.resetConnection(h.name)))
  }
}

const bannerKey = (chain: AnyNode[]) => chain.map((n) => n.id).join('/')
