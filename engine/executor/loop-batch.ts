/**
 * A loop whose module can do its items in one round trip (Module.batch: `file` with
 * state=directory) sends them together: five directories cost one command instead of five. The
 * host still does each item's work in order, and each item's result goes through the usual
 * until/changed_when/register steps. Whatever the batch cannot do runs one by one as before.
 */
import type { Vars } from '../inventory/model.js'
import { getModule } from '../modules/index.js'
import type { ItemOutcome } from '../modules/types.js'
import type { AnyNode, TaskNode } from '../playbook/types.js'
import { renderDeep } from '../template/index.js'
import { environment } from './chain.js'
import type { TaskRunner } from './task.js'

export async function batchItems(
  runner: TaskRunner,
  task: TaskNode,
  chain: AnyNode[],
  host: string,
  /** Each item's variables (with its loop variable) */
  items: Vars[],
  target: string | undefined,
  hidden: boolean,
): Promise<Map<number, ItemOutcome>> {
  const none = new Map<number, ItemOutcome>()
  const module = getModule(task.module)
  // retries, pauses and timeouts are per item: those loops keep one command per item
  if (!module.batch || items.length < 2 || task.until.length || task.loopControl?.pause) return none
  if (task.timeout !== undefined) return none
  const picked: { index: number; args: Record<string, unknown>; vars: Vars }[] = []
  let shape: string | undefined
  try {
    for (const [index, vars] of items.entries()) {
      if (!runner.conditionsHold([task], vars)) continue
      // one connection and context serve all items: only when nothing shaping them differs
      const login = runner.loginOf(chain, vars, target)
      const own = JSON.stringify([
        runner.become(chain, vars),
        environment(chain, vars),
        ['ansible_user', 'ansible_host', 'ansible_port', 'ansible_connection'].map((k) => login[k]),
      ])
      if ((shape ??= own) !== own) return none
      picked.push({ index, args: renderDeep(task.args, vars, task.loc) as Record<string, unknown>, vars })
    }
    if (picked.length < 2) return none
    const ctx = await runner.moduleContext(task, chain, host, picked[0]!.vars, target, hidden)
    const outcomes = await module.batch(
      picked.map((p) => p.args),
      ctx,
    )
    return new Map(outcomes.map((o, i) => [picked[i]!.index, o]))
  } catch {
    // a template error, an unreachable host, a failed batch: each item's own run reports it
    return none
  }
}
