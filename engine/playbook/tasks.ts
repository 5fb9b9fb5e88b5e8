/**
 * Task lists → typed nodes. Each raw task is a mapping with exactly one action (a module, `block`,
 * or an import/include) plus keywords; imports are expanded here, includes stay nodes that the
 * executor resolves per host (but static names are loaded now so that their errors show up early).
 */
import { didYouMean, type SourceLocation } from '../errors.js'
import { moduleCatalog, moduleNames, resolveModuleName, validateModuleArgs } from '../modules/catalog.js'
import { locate, positionOf } from '../yaml/load.js'
import type { LoadContext } from './context.js'
import { conditions, inheritable, loopControl, splitKeyValues, stringList } from './keywords.js'
import { taskKeywords, validateTaskKeywords } from './schema/index.js'
import type { AnyNode, BlockNode, RoleScope, TaskNode } from './types.js'
import type { PlayScope } from './roles.js'
import { roleInclude, tasksInclude } from './includes.js'

const CONTROL = new Set(['block', 'include_tasks', 'import_tasks', 'include_role', 'import_role'])
const BLOCK_PARTS = new Set(['block', 'rescue', 'always'])
/** Arguments Ansible pulls out of a free-form command line (`chdir=/tmp ls`). */
const FREE_FORM_PARAMS = new Set(['chdir', 'creates', 'removes', 'executable', 'stdin', 'stdin_add_newline'])

export interface TaskFileScope {
  file: string
  baseDir: string
  role?: RoleScope | undefined
  play: PlayScope
  handlers: boolean
  /** Files being imported, to stop import cycles */
  importing: string[]
}

export function normalizeTaskList(
  raw: unknown,
  ctx: LoadContext,
  scope: TaskFileScope,
  at?: SourceLocation,
): AnyNode[] {
  if (raw === null || raw === undefined) return []
  if (!Array.isArray(raw)) {
    ctx.problems.add({
      code: 'TASK_LIST',
      message: 'a task list must be a YAML list of tasks',
      loc: at ?? locate(raw) ?? { file: scope.file, line: 0, column: 0 },
      hint: 'start each task with `- name: ...`',
    })
    return []
  }
  const out: AnyNode[] = []
  raw.forEach((item, i) => {
    const node = normalizeTask(item, ctx, scope, locate(raw, i) ?? { file: scope.file, line: 0, column: 0 })
    if (node) out.push(...(Array.isArray(node) ? node : [node]))
  })
  return out
}

function controlName(key: string): string | undefined {
  const short = key.replace(/^ansible\.(builtin|legacy)\./, '')
  return CONTROL.has(short) ? short : undefined
}

function normalizeTask(
  raw: unknown,
  ctx: LoadContext,
  scope: TaskFileScope,
  loc: SourceLocation,
): AnyNode | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    ctx.problems.add({
      code: 'TASK_SHAPE',
      message: 'each task must be a mapping with a module name as one of its keys',
      loc,
      hint: 'write e.g. `- name: Say hello\n  debug: { msg: hello }`',
    })
    return undefined
  }
  const task = raw as Record<string, unknown>
  for (const p of validateTaskKeywords(task, ctx.display(scope.file))) ctx.problems.add(p)
  const actions = Object.keys(task).filter((k) => !taskKeywords.has(k) && !BLOCK_PARTS.has(k))
  if ('block' in task) {
    for (const k of actions) unknownKey(k, task, ctx, scope, 'block')
    return blockNode(task, ctx, scope, loc)
  }
  const known = actions.filter((k) => controlName(k) || resolveModuleName(k))
  const unknown = actions.filter((k) => !known.includes(k))
  for (const k of unknown) unknownKey(k, task, ctx, scope, known.length ? 'keyword' : 'module')
  if (known.length > 1) {
    ctx.problems.add({
      code: 'TASK_ACTIONS',
      message: `a task has one action, this one has ${known.length}: ${known.map((k) => `\`${k}\``).join(', ')}`,
      loc: locate(task, known[1]) ?? loc,
      key: known[1],
      hint: 'split it into one task per module',
    })
    return undefined
  }
  const action = known[0]
  if (!action) {
    if (!unknown.length) {
      ctx.problems.add({
        code: 'TASK_NO_ACTION',
        message: 'this task names no module',
        loc,
        hint: 'add a module, e.g. `command: echo hi`, or `block:` with tasks',
      })
    }
    return undefined
  }
  const control = controlName(action)
  if (control === 'import_tasks' || control === 'include_tasks')
    return tasksInclude(control, task, action, ctx, scope, loc)
  if (control === 'import_role' || control === 'include_role')
    return roleInclude(control, task, action, ctx, scope, loc)
  return moduleTask(resolveModuleName(action)!, action, task, ctx, scope, loc)
}

function unknownKey(
  k: string,
  task: Record<string, unknown>,
  ctx: LoadContext,
  scope: TaskFileScope,
  as: string,
) {
  const candidates = as === 'module' ? [...moduleNames(), ...CONTROL, ...taskKeywords] : [...taskKeywords]
  const guess = didYouMean(k, candidates)
  ctx.problems.add({
    code: as === 'module' ? 'UNKNOWN_MODULE' : 'UNKNOWN_KEYWORD',
    message: as === 'module' ? `unknown module \`${k}\`` : `unknown task keyword \`${k}\``,
    loc: locate(task, k) ?? { file: scope.file, line: 0, column: 0 },
    key: k,
    hint: guess ? `did you mean \`${guess}\`?` : `see \`tsplay schema\` for the ${as}s tsplay knows`,
  })
}

export function base(
  task: Record<string, unknown>,
  ctx: LoadContext,
  scope: TaskFileScope,
  loc: SourceLocation,
  prefix: string,
) {
  return {
    id: ctx.id(prefix),
    name: typeof task['name'] === 'string' ? task['name'] : undefined,
    loc: { ...loc, file: ctx.display(loc.file) },
    keyLocs: displayed(positionOf(task)?.keys, ctx),
    vars: (task['vars'] as Record<string, unknown> | undefined) ?? {},
    role: scope.role,
    ...inheritable(task),
  }
}

function displayed(keys: Map<string, SourceLocation> | undefined, ctx: LoadContext) {
  if (!keys) return undefined
  return new Map([...keys].map(([k, l]) => [k, { ...l, file: ctx.display(l.file) }]))
}

function blockNode(
  task: Record<string, unknown>,
  ctx: LoadContext,
  scope: TaskFileScope,
  loc: SourceLocation,
): BlockNode {
  const part = (k: string) => normalizeTaskList(task[k], ctx, scope, locate(task, k))
  return {
    kind: 'block',
    ...base(task, ctx, scope, loc, 'b'),
    block: part('block'),
    rescue: part('rescue'),
    always: part('always'),
  }
}

function moduleTask(
  module: string,
  key: string,
  task: Record<string, unknown>,
  ctx: LoadContext,
  scope: TaskFileScope,
  loc: SourceLocation,
): TaskNode {
  const spec = moduleCatalog.get(module)!
  const value = task[key]
  let args: Record<string, unknown> = {}
  if (typeof value === 'string') {
    const { pairs, rest } = splitKeyValues(value)
    const freeForm = spec.freeForm !== 'none'
    for (const [k, v] of pairs) {
      if (freeForm && !FREE_FORM_PARAMS.has(k)) rest.push(`${k}=${v}`)
      else args[k] = v
    }
    if (rest.length) {
      if (freeForm) args[spec.freeFormArg ?? '_raw_params'] = pairs.length ? rest.join(' ') : value.trim()
      else
        ctx.problems.add({
          code: 'MODULE_ARGS',
          message: `\`${module}\` takes arguments as \`key=value\` pairs or a mapping, not \`${rest[0]}\``,
          loc: locate(task, key) ?? loc,
          key,
          hint: `write the arguments as a mapping under \`${key}:\``,
        })
    }
  } else if (value && typeof value === 'object' && !Array.isArray(value)) {
    args = { ...(value as Record<string, unknown>) }
  }
  const extra = task['args']
  if (extra && typeof extra === 'object') args = { ...(extra as Record<string, unknown>), ...args }
  const container = value && typeof value === 'object' ? value : task
  for (const p of validateModuleArgs(module, args, {
    container,
    file: ctx.display(scope.file),
    fallback: loc,
  })) {
    ctx.problems.add(p)
  }
  const loopKey = ['loop', 'with_items', 'with_list', 'with_dict'].find((k) => k in task)
  return {
    kind: 'task',
    ...base(task, ctx, scope, loc, 't'),
    module,
    args,
    loop: loopKey ? task[loopKey] : undefined,
    loopStyle: loopKey === 'with_items' ? 'flatten' : loopKey === 'with_dict' ? 'dict' : 'list',
    loopControl: loopControl(task['loop_control']),
    register: typeof task['register'] === 'string' ? task['register'] : undefined,
    changedWhen: conditions(task['changed_when']),
    failedWhen: conditions(task['failed_when']),
    until: conditions(task['until']),
    retries: task['retries'] as number | string | undefined,
    delay: task['delay'] as number | string | undefined,
    timeout: task['timeout'] as number | string | undefined,
    notify: stringList(task['notify']),
    listen: stringList(task['listen']),
  }
}
