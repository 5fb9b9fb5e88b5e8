/** Loop items: `loop`, `with_items` (flattened one level) and `with_dict` ({key, value} pairs). */
import { TsplayError } from '../errors.js'
import type { Vars } from '../inventory/model.js'
import type { IncludeNode, TaskNode } from '../playbook/types.js'
import { renderDeep } from '../template/index.js'

export function loopItems(node: TaskNode | IncludeNode, vars: Vars): unknown[] | undefined {
  if (node.loop === undefined || node.loop === null) return undefined
  const value = renderDeep(node.loop, vars, { ...node.loc, key: 'loop' })
  const style = node.kind === 'task' ? node.loopStyle : 'list'
  if (style === 'dict') {
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw loopError(node, value, 'a mapping')
    return Object.entries(value).map(([key, v]) => ({ key, value: v }))
  }
  if (!Array.isArray(value)) throw loopError(node, value, 'a list')
  return style === 'flatten' ? value.flatMap((v) => (Array.isArray(v) ? v : [v])) : value
}

function loopError(node: TaskNode | IncludeNode, value: unknown, expected: string): TsplayError {
  return new TsplayError({
    code: 'LOOP_TYPE',
    message: `\`loop\` must be ${expected}, got ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value}`,
    loc: node.loc,
    key: 'loop',
    hint: 'write `loop: [a, b]` or `loop: "{{ my_list }}"`',
  })
}

/** The label shown for an item: loop_control.label rendered, else the item itself. */
export function itemLabel(node: TaskNode | IncludeNode, vars: Vars, item: unknown): string {
  if (node.loopControl?.label !== undefined) return String(renderDeep(node.loopControl.label, vars, node.loc))
  return typeof item === 'string' ? item : JSON.stringify(item)
}

/**
 * The per-item variables of a loop item: the loop variable, ansible_loop_var and, with index_var,
 * the index and ansible_index_var. Ansible adds the same keys to each item's result.
 */
export function itemVars(node: TaskNode | IncludeNode, item: unknown, index: number): Vars {
  const loopVar = node.loopControl?.loopVar ?? 'item'
  const extra: Vars = { [loopVar]: item, ansible_loop_var: loopVar }
  const indexVar = node.loopControl?.indexVar
  if (indexVar) Object.assign(extra, { [indexVar]: index, ansible_index_var: indexVar })
  return extra
}
