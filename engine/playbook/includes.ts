/**
 * `import_tasks` / `include_tasks` / `import_role` / `include_role` at load time: imports are
 * expanded into blocks; includes stay nodes, with static targets loaded now so that their problems
 * are reported before anything runs.
 */
import { dirname, resolve } from 'node:path'
import type { SourceLocation } from '../errors.js'
import { locate } from '../yaml/load.js'
import { findYaml, isTemplated, type LoadContext } from './context.js'
import { loopControl } from './keywords.js'
import { expandRole } from './roles.js'
import { base, normalizeTaskList, type TaskFileScope } from './tasks.js'
import type { AnyNode } from './types.js'

export function tasksInclude(
  kind: 'import_tasks' | 'include_tasks',
  task: Record<string, unknown>,
  key: string,
  ctx: LoadContext,
  scope: TaskFileScope,
  loc: SourceLocation,
): AnyNode | undefined {
  const v = task[key]
  const target =
    typeof v === 'string'
      ? v
      : typeof v === 'object' && v
        ? String((v as Record<string, unknown>)['file'] ?? '')
        : ''
  const keyLoc = locate(task, key) ?? loc
  if (!target) {
    ctx.problems.add({
      code: 'INCLUDE_FILE',
      message: `\`${key}\` needs a file name`,
      loc: keyLoc,
      key,
      hint: `write \`${key}: other.yml\``,
    })
    return undefined
  }
  if (kind === 'include_tasks' && isTemplated(target)) {
    return {
      kind: 'include_tasks',
      ...base(task, ctx, scope, loc, 'i'),
      target,
      baseDir: scope.baseDir,
      loop: task['loop'],
      loopControl: loopControl(task['loop_control']),
    }
  }
  if (isTemplated(target)) {
    ctx.problems.add({
      code: 'IMPORT_TEMPLATED',
      message: `\`import_tasks\` is static and cannot use a templated file name (\`${target}\`)`,
      loc: keyLoc,
      key,
      hint: 'use `include_tasks` for file names that depend on variables',
    })
    return undefined
  }
  const path = resolve(scope.baseDir, target)
  if (scope.importing.includes(path)) {
    ctx.problems.add({
      code: 'IMPORT_CYCLE',
      message: `\`${target}\` imports itself`,
      loc: keyLoc,
      key,
      hint: 'remove the circular import',
    })
    return undefined
  }
  const found = findYaml(scope.baseDir, target) ?? path
  const data = ctx.yaml(found, keyLoc, 'task file')
  const inner: TaskFileScope = {
    ...scope,
    file: found,
    baseDir: dirname(found),
    importing: [...scope.importing, path],
  }
  const tasks = data === undefined ? [] : normalizeTaskList(data, ctx, inner)
  if (kind === 'import_tasks')
    return { kind: 'block', ...base(task, ctx, scope, loc, 'b'), block: tasks, rescue: [], always: [] }
  // A static include is still an include (runs when reached), but its file is checked now.
  return {
    kind: 'include_tasks',
    ...base(task, ctx, scope, loc, 'i'),
    target: found,
    baseDir: scope.baseDir,
    loop: task['loop'],
    loopControl: loopControl(task['loop_control']),
    preloaded: tasks,
  }
}

export function roleInclude(
  kind: 'import_role' | 'include_role',
  task: Record<string, unknown>,
  key: string,
  ctx: LoadContext,
  scope: TaskFileScope,
  loc: SourceLocation,
): AnyNode | undefined {
  const v = (task[key] ?? {}) as Record<string, unknown>
  const name = typeof v['name'] === 'string' ? v['name'] : ''
  const tasksFrom = typeof v['tasks_from'] === 'string' ? v['tasks_from'] : undefined
  const keyLoc = locate(task, key) ?? loc
  if (!name) {
    ctx.problems.add({
      code: 'ROLE_NAME',
      message: `\`${key}\` needs \`name\``,
      loc: keyLoc,
      key,
      hint: `write \`${key}: { name: my_role }\``,
    })
    return undefined
  }
  const params = (task['vars'] as Record<string, unknown> | undefined) ?? {}
  if (kind === 'include_role' && isTemplated(name)) {
    return {
      kind: 'include_role',
      ...base(task, ctx, scope, loc, 'i'),
      target: name,
      tasksFrom,
      baseDir: scope.baseDir,
      loop: task['loop'],
      loopControl: loopControl(task['loop_control']),
    }
  }
  const expanded = expandRole(name, params, { tasksFrom, loc: keyLoc, dedupe: false }, ctx, scope.play)
  if (!expanded) return undefined
  const node = { ...base(task, ctx, scope, loc, 'b'), vars: {} }
  if (kind === 'import_role') return { kind: 'block', ...node, block: expanded, rescue: [], always: [] }
  return {
    kind: 'include_role',
    ...node,
    target: name,
    tasksFrom,
    baseDir: scope.baseDir,
    loop: task['loop'],
    loopControl: loopControl(task['loop_control']),
    preloaded: expanded,
  }
}
