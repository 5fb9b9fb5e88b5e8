/** Reading keywords along a task's chain of enclosing nodes (play → blocks → task). */
import type { Vars } from '../inventory/model.js'
import type { AnyNode, Inheritable, TaskNode } from '../playbook/types.js'
import { renderDeep } from '../template/index.js'

/** The effective value of an inheritable keyword: the innermost node that sets it wins. */
export function inherited<K extends keyof AnyNode>(chain: AnyNode[], key: K): AnyNode[K] | undefined {
  for (let i = chain.length - 1; i >= 0; i--) {
    const v = chain[i]![key]
    if (v !== undefined) return v
  }
  return undefined
}

export function taskName(task: TaskNode, name: string = task.name ?? task.module): string {
  return task.role ? `${task.role.name} : ${name}` : name
}

/**
 * The TASK banner's name, templated with the first host's variables as Ansible does; a template
 * that fails (`{{ item }}` outside the loop, an undefined variable) shows as written. `redact`
 * masks vault values a template may have pulled in.
 */
export function bannerName(task: TaskNode, vars: Vars | undefined, redact: (s: string) => string): string {
  const name = task.name
  if (!vars || !name?.includes('{{')) return taskName(task)
  try {
    const out = renderDeep(name, vars, { ...task.loc, key: 'name' })
    const text = typeof out === 'object' && out !== null ? JSON.stringify(out) : String(out ?? '')
    return taskName(task, redact(text))
  } catch {
    return taskName(task)
  }
}

/**
 * The variables a host's connection is opened with: the `connection` and `remote_user` keywords
 * (task, block, role or play) fill in `ansible_connection` and `ansible_user` where the host's
 * variables leave them unset, as variables win over keywords in Ansible.
 */
export function loginVars(chain: AnyNode[], play: Inheritable, vars: Vars): Vars {
  const connection = vars['ansible_connection'] ?? inherited(chain, 'connection') ?? play.connection
  const user = vars['ansible_user'] ?? inherited(chain, 'remoteUser') ?? play.remoteUser
  if (connection === vars['ansible_connection'] && user === vars['ansible_user']) return vars
  const loc = chain.at(-1)?.loc
  return {
    ...vars,
    ...(connection === undefined ? {} : { ansible_connection: renderDeep(connection, vars, loc) }),
    ...(user === undefined ? {} : { ansible_user: renderDeep(user, vars, loc) }),
  }
}

/** The task's `environment:`, merged along its chain (inner keys win). */
export function environment(chain: AnyNode[], vars: Vars): Record<string, string> | undefined {
  const env: Record<string, string> = {}
  for (const node of chain)
    if (node.environment) Object.assign(env, renderDeep(node.environment, vars, node.loc))
  return Object.keys(env).length
    ? Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]))
    : undefined
}
