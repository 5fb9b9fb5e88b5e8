/** Reading keywords along a task's chain of enclosing nodes (play → blocks → task). */
import type { AnyNode, TaskNode } from '../playbook/types.js'

/** The effective value of an inheritable keyword: the innermost node that sets it wins. */
export function inherited<K extends keyof AnyNode>(chain: AnyNode[], key: K): AnyNode[K] | undefined {
  for (let i = chain.length - 1; i >= 0; i--) {
    const v = chain[i]![key]
    if (v !== undefined) return v
  }
  return undefined
}

export function taskName(task: TaskNode): string {
  const name = task.name ?? task.module
  return task.role ? `${task.role.name} : ${name}` : name
}
