/**
 * Roles: found on the roles path, loaded once per play (defaults, vars, meta, tasks, handlers), their
 * dependencies first. A role's tasks become nodes carrying a RoleScope, so variables and relative
 * `src` lookups know which role they belong to. Argument specs are checked against static parameters
 * now and, through a first `validate_argument_spec` task, against the real values when the role runs.
 */
import { isAbsolute, join, resolve } from 'node:path'
import { didYouMean, type SourceLocation } from '../errors.js'
import { locate } from '../yaml/load.js'
import { findYaml, isDir, type LoadContext } from './context.js'
import {
  checkRoleArguments,
  validateArgumentSpecs,
  validateRoleMeta,
  validateVarsFile,
} from './schema/index.js'
import { syntheticTask } from './synthetic.js'
import { normalizeTaskList } from './tasks.js'
import type { AnyNode, RoleScope, TaskNode } from './types.js'
import { readdirSync } from 'node:fs'

export interface PlayScope {
  handlers: TaskNode[]
  /** Roles already expanded in this play, by name + parameters, to run each once */
  expanded: Set<string>
  /** Handlers files already loaded, by role path */
  handlerRoles: Set<string>
}

export function newPlayScope(): PlayScope {
  return { handlers: [], expanded: new Set(), handlerRoles: new Set() }
}

interface RoleFiles {
  name: string
  path: string
  defaults: Record<string, unknown>
  vars: Record<string, unknown>
  meta: Record<string, unknown>
  argumentSpecs: Record<string, unknown> | undefined
}

const roleCache = new WeakMap<LoadContext, Map<string, RoleFiles | undefined>>()

export function findRole(name: string, ctx: LoadContext): string | undefined {
  if (name.includes('/') || isAbsolute(name)) {
    const p = resolve(ctx.cwd, name)
    return isDir(p) ? p : undefined
  }
  return ctx.rolesPath.map((dir) => join(dir, name)).find(isDir)
}

function knownRoles(ctx: LoadContext): string[] {
  const names: string[] = []
  for (const dir of ctx.rolesPath) {
    try {
      names.push(...readdirSync(dir).filter((n) => isDir(join(dir, n))))
    } catch {
      // a missing roles directory just has no roles
    }
  }
  return names
}

function loadRoleFiles(name: string, loc: SourceLocation, ctx: LoadContext): RoleFiles | undefined {
  let cache = roleCache.get(ctx)
  if (!cache) roleCache.set(ctx, (cache = new Map()))
  if (cache.has(name)) return cache.get(name)
  const path = findRole(name, ctx)
  if (!path) {
    const guess = didYouMean(name, knownRoles(ctx))
    ctx.problems.add({
      code: 'ROLE_NOT_FOUND',
      message: `role \`${name}\` was not found in ${ctx.rolesPath.map((p) => ctx.display(p)).join(', ')}`,
      loc,
      key: name,
      hint: guess
        ? `did you mean \`${guess}\`?`
        : 'create roles/<name>/tasks/main.yml or add its directory with --roles-path',
    })
    cache.set(name, undefined)
    return undefined
  }
  const varsOf = (dir: string): Record<string, unknown> => {
    const file = findYaml(join(path, dir), 'main')
    if (!file) return {}
    const data = ctx.yaml(file)
    for (const p of validateVarsFile(data ?? {}, ctx.display(file))) ctx.problems.add(p)
    return (data as Record<string, unknown> | null) ?? {}
  }
  const metaFile = findYaml(join(path, 'meta'), 'main')
  const meta = metaFile ? ((ctx.yaml(metaFile) as Record<string, unknown> | null) ?? {}) : {}
  if (metaFile) for (const p of validateRoleMeta(meta, ctx.display(metaFile))) ctx.problems.add(p)
  const specFile = findYaml(join(path, 'meta'), 'argument_specs')
  const specDoc = specFile ? (ctx.yaml(specFile) as Record<string, unknown> | null) : undefined
  if (specFile && specDoc)
    for (const p of validateArgumentSpecs(specDoc, ctx.display(specFile))) ctx.problems.add(p)
  const argumentSpecs = (specDoc?.['argument_specs'] ?? meta['argument_specs']) as
    Record<string, unknown> | undefined
  const files: RoleFiles = {
    name,
    path,
    defaults: varsOf('defaults'),
    vars: varsOf('vars'),
    meta,
    argumentSpecs,
  }
  cache.set(name, files)
  return files
}

export interface ExpandOptions {
  tasksFrom?: string | undefined
  loc: SourceLocation
  /** Roles in a play's `roles:` and dependencies run once per parameter set; `import_role` always runs */
  dedupe: boolean
}

/** The role's tasks (after its dependencies), or undefined when it cannot be loaded. */
export function expandRole(
  name: string,
  params: Record<string, unknown>,
  opts: ExpandOptions,
  ctx: LoadContext,
  play: PlayScope,
  chain: string[] = [],
): AnyNode[] | undefined {
  if (chain.includes(name)) {
    ctx.problems.add({
      code: 'ROLE_CYCLE',
      message: `role dependency cycle: ${[...chain, name].join(' → ')}`,
      loc: opts.loc,
      key: name,
      hint: 'remove one of the dependencies in meta/main.yml',
    })
    return undefined
  }
  const role = loadRoleFiles(name, opts.loc, ctx)
  if (!role) return undefined
  const key = `${name}\0${opts.tasksFrom ?? 'main'}\0${JSON.stringify(params)}`
  if (opts.dedupe && play.expanded.has(key) && role.meta['allow_duplicates'] !== true) return []
  play.expanded.add(key)
  const scope: RoleScope = { name, path: role.path, defaults: role.defaults, vars: role.vars, params }
  const nodes: AnyNode[] = [...dependencies(role, ctx, play, [...chain, name])]
  const entry = opts.tasksFrom ?? 'main'
  const spec = (role.argumentSpecs?.[entry] as Record<string, unknown> | undefined)?.['options']
  if (spec && typeof spec === 'object') {
    const where = { file: ctx.display(opts.loc.file), fallback: opts.loc, container: params, role: name }
    // Now only the parameters written here are checked: required values may still come from the
    // inventory, a vault or -e, so the role's first task checks them against the real variables.
    for (const p of checkRoleArguments(optional(spec as Record<string, unknown>), params, where))
      ctx.problems.add(p)
    nodes.push(argumentCheckTask(scope, spec as Record<string, unknown>, entry, ctx, opts.loc))
  }
  const tasksDir = join(role.path, 'tasks')
  const tasksFile = findYaml(tasksDir, entry)
  if (tasksFile) {
    const fileScope = {
      file: tasksFile,
      baseDir: tasksDir,
      role: scope,
      play,
      handlers: false,
      importing: [tasksFile],
    }
    nodes.push(...normalizeTaskList(ctx.yaml(tasksFile), ctx, fileScope))
  } else if (opts.tasksFrom) {
    ctx.problems.add({
      code: 'ROLE_TASKS_FROM',
      message: `role \`${name}\` has no tasks file \`tasks/${opts.tasksFrom}.yml\``,
      loc: opts.loc,
      key: 'tasks_from',
      hint: 'check the file name under the role’s tasks/ directory',
    })
  }
  loadHandlers(role, scope, ctx, play)
  return nodes
}

function dependencies(role: RoleFiles, ctx: LoadContext, play: PlayScope, chain: string[]): AnyNode[] {
  const deps = role.meta['dependencies']
  if (!Array.isArray(deps)) return []
  const out: AnyNode[] = []
  deps.forEach((dep, i) => {
    const loc = locate(deps, i) ?? { file: role.path, line: 0, column: 0 }
    const entry = typeof dep === 'string' ? { role: dep } : (dep as Record<string, unknown>)
    const depName = String(entry['role'] ?? entry['name'] ?? '')
    const { role: _r, name: _n, vars, when: _w, tags: _t, ...rest } = entry
    const params = { ...rest, ...((vars as Record<string, unknown> | undefined) ?? {}) }
    const nodes = expandRole(depName, params, { loc, dedupe: true }, ctx, play, chain)
    if (nodes) out.push(...nodes)
  })
  return out
}

function loadHandlers(role: RoleFiles, scope: RoleScope, ctx: LoadContext, play: PlayScope): void {
  if (play.handlerRoles.has(role.path)) return
  play.handlerRoles.add(role.path)
  const dir = join(role.path, 'handlers')
  const file = findYaml(dir, 'main')
  if (!file) return
  const fileScope = { file, baseDir: dir, role: scope, play, handlers: true, importing: [file] }
  for (const node of normalizeTaskList(ctx.yaml(file), ctx, fileScope)) {
    if (node.kind === 'task') play.handlers.push(node)
  }
}

function optional(spec: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(spec).map(([k, v]) => [
      k,
      v && typeof v === 'object' ? { ...(v as object), required: false } : v,
    ]),
  )
}

function argumentCheckTask(
  scope: RoleScope,
  spec: Record<string, unknown>,
  entry: string,
  ctx: LoadContext,
  loc: SourceLocation,
): TaskNode {
  return syntheticTask({
    id: ctx.id('t'),
    name: `Validating arguments against arg spec ${entry}`,
    loc: { ...loc, file: ctx.display(loc.file) },
    role: scope,
    module: 'validate_argument_spec',
    args: { argument_spec: spec },
  })
}
