/**
 * `include_tasks` / `include_role` when a host reaches them: the condition, the (templated) target,
 * and the loop are resolved per host; the content is loaded (or taken from load time when static).
 */
import { dirname, resolve } from 'node:path'
import type { SourceLocation } from '../errors.js'
import { findYaml, LoadContext } from '../playbook/context.js'
import { expandRole, newPlayScope } from '../playbook/roles.js'
import { normalizeTaskList } from '../playbook/tasks.js'
import type { AnyNode, IncludeNode } from '../playbook/types.js'
import { evalCondition, renderString } from '../template/index.js'
import type { PlayContext } from './context.js'
import { itemLabel, loopItems } from './loop.js'
import type { HostState } from './state.js'

export interface LoadedInclude {
  /** Same key = same content: hosts with the same key run it together */
  key: string
  nodes: AnyNode[]
  /** include_tasks: the task file, for the `included:` line */
  file?: string | undefined
  /** With a loop: the label of each item included */
  items?: string[] | undefined
}

/** The TASK banner of an include: its name, else `include_tasks` / `include_role : NAME`. */
export function includeBanner(node: IncludeNode): string {
  const name = node.name ?? (node.kind === 'include_role' ? `include_role : ${node.target}` : 'include_tasks')
  return node.role ? `${node.role.name} : ${name}` : name
}

export async function loadInclude(
  node: IncludeNode,
  chain: AnyNode[],
  h: HostState,
  pc: PlayContext,
): Promise<LoadedInclude | undefined> {
  const vars = pc.varsOf(h.name, chain)
  const holds = (nodes: AnyNode[], v: typeof vars) =>
    nodes.every((n) => n.when.every((c) => evalCondition(c, v, { ...n.loc, key: 'when' })))
  // the enclosing blocks' conditions once; the include's own per loop item, as for tasks
  if (!holds(chain.slice(0, -1), vars)) return undefined
  const items = loopItems(node, vars)
  if (items === undefined && !holds([node], vars)) return undefined
  const target = String(renderString(node.target, vars, { ...node.loc, key: node.kind }))
  const nodes = target === node.target && node.preloaded ? node.preloaded : loadTarget(node, target, pc)
  const file = node.kind === 'include_tasks' ? taskFile(node, target) : undefined
  if (items === undefined) return { key: `${node.id}:${target}`, nodes, file }
  const loopVar = node.loopControl?.loopVar ?? 'item'
  const chosen = items.filter((item) => holds([node], pc.varsOf(h.name, chain, { [loopVar]: item })))
  if (!chosen.length) return undefined
  // one block per item, carrying the item as a block variable
  const perItem: AnyNode[] = chosen.map((item, i) => ({
    kind: 'block',
    id: `${node.id}-item${i}`,
    loc: node.loc,
    vars: { [loopVar]: item },
    when: [],
    tags: [],
    block: nodes,
    rescue: [],
    always: [],
  }))
  const labels = chosen.map((item) => itemLabel(node, pc.varsOf(h.name, chain, { [loopVar]: item }), item))
  return { key: `${node.id}:${target}:${JSON.stringify(chosen)}`, nodes: perItem, file, items: labels }
}

const taskFile = (node: IncludeNode, target: string) =>
  findYaml(node.baseDir, target) ?? resolve(node.baseDir, target)

/** Loads a dynamic target; its problems make the host fail, as a bad file would in Ansible. */
function loadTarget(node: IncludeNode, target: string, pc: PlayContext): AnyNode[] {
  const ctx = new LoadContext(resolve(pc.playDir, 'playbook'), { cwd: pc.playDir })
  const play = newPlayScope()
  const loc: SourceLocation = node.loc
  let nodes: AnyNode[] | undefined
  if (node.kind === 'include_tasks') {
    const file = taskFile(node, target)
    const data = ctx.yaml(file, loc, 'task file')
    nodes =
      data === undefined
        ? []
        : normalizeTaskList(data, ctx, {
            file,
            baseDir: dirname(file),
            role: node.role,
            play,
            handlers: false,
            importing: [file],
          })
  } else {
    nodes = expandRole(target, {}, { tasksFrom: node.tasksFrom, loc, dedupe: false }, ctx, play) ?? []
  }
  ctx.problems.throwIfAny()
  return nodes
}
