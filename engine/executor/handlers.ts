/**
 * Handlers run once each, in definition order, at the end of each section (or at
 * `meta: flush_handlers`), on the hosts that notified them with a changed result.
 */
import type { TaskNode } from '../playbook/types.js'
import type { PlayContext } from './context.js'
import type { HostState } from './state.js'
import type { Strategy } from './strategy.js'
import { bannerName } from './chain.js'

export class Handlers {
  constructor(
    private readonly pc: PlayContext,
    private readonly handlers: TaskNode[],
  ) {}

  private answersTo(h: TaskNode): string[] {
    const names = [...h.listen]
    if (h.name) names.push(h.name, ...(h.role ? [`${h.role.name} : ${h.name}`] : []))
    return names
  }

  async flush(hosts: HostState[], strategy: Strategy): Promise<void> {
    for (const handler of this.handlers) {
      const names = this.answersTo(handler)
      const eligible = hosts.filter(
        (h) =>
          (h.active || (this.pc.opts.forceHandlers && !h.unreachable)) &&
          names.some((n) => h.notified.has(n)),
      )
      if (!eligible.length || this.pc.opts.stop.aborted) continue
      for (const h of eligible) for (const n of names) h.notified.delete(n)
      this.pc.opts.sink({
        type: 'task_start',
        name: bannerName(handler, this.pc.varsOf(eligible[0]!.name, [handler]), (s) =>
          this.pc.opts.secrets.redact(s),
        ),
        hosts: eligible.length,
        handler: true,
      })
      const wasFailed = eligible.filter((h) => h.failed)
      for (const h of wasFailed) h.failed = false // --force-handlers: run them anyway
      await Promise.all(eligible.map((h) => strategy.limited(() => strategy.onHost(handler, [handler], h))))
      for (const h of wasFailed) h.failed = true
    }
    for (const h of hosts) if (h.active) h.notified.clear()
  }
}
