/**
 * A playbook file → validated, typed plays. Everything that can be checked without contacting a host
 * is checked here, and every problem is reported at once.
 */
import { dirname, resolve } from 'node:path'
import type { SourceLocation } from '../errors.js'
import { locate } from '../yaml/load.js'
import { checkReferences } from './checks.js'
import { isTemplated, LoadContext, type LoadOptions } from './context.js'
import { inheritable, stringList } from './keywords.js'
import { expandRole, newPlayScope, type PlayScope } from './roles.js'
import { validatePlay, validateVarsFile } from './schema/index.js'
import { normalizeTaskList, type TaskFileScope } from './tasks.js'
import type { AnyNode, Play, Playbook, TaskNode } from './types.js'

export type { LoadOptions } from './context.js'

/** Loads and validates a playbook; throws one TsplayError listing every problem found. */
export function loadPlaybook(file: string, opts: LoadOptions = {}): Playbook {
  const ctx = new LoadContext(file, opts)
  const plays = loadPlays(resolve(ctx.cwd, file), ctx, [])
  for (const play of plays) checkReferences(play, ctx)
  ctx.problems.throwIfAny()
  return { file: ctx.display(resolve(ctx.cwd, file)), plays }
}

function loadPlays(path: string, ctx: LoadContext, chain: string[], from?: SourceLocation): Play[] {
  const data = ctx.yaml(path, from, 'playbook')
  if (data === undefined) return []
  const file = ctx.display(path)
  if (!Array.isArray(data)) {
    ctx.problems.add({
      code: 'PLAYBOOK_SHAPE',
      message: 'a playbook must be a YAML list of plays',
      loc: locate(data) ?? { file, line: 1, column: 1 },
      hint: 'start each play with `- hosts: ...`',
    })
    return []
  }
  const plays: Play[] = []
  data.forEach((entry, i) => {
    const loc = locate(data, i) ?? { file, line: 0, column: 0 }
    const raw = entry as Record<string, unknown>
    const imported = raw?.['import_playbook'] ?? raw?.['ansible.builtin.import_playbook']
    if (typeof imported === 'string') {
      const target = resolve(dirname(path), imported)
      if (chain.includes(target)) {
        ctx.problems.add({
          code: 'IMPORT_CYCLE',
          message: `\`${imported}\` imports itself`,
          loc,
          hint: 'remove the circular import_playbook',
        })
      } else plays.push(...loadPlays(target, ctx, [...chain, path], loc))
      return
    }
    const problems = validatePlay(entry, file)
    for (const p of problems) ctx.problems.add(p)
    if (problems.length && (entry === null || typeof entry !== 'object' || Array.isArray(entry))) return
    plays.push(normalizePlay(raw, path, loc, ctx))
  })
  return plays
}

function normalizePlay(
  raw: Record<string, unknown>,
  path: string,
  loc: SourceLocation,
  ctx: LoadContext,
): Play {
  const file = ctx.display(path)
  const baseDir = dirname(path)
  const scope = newPlayScope()
  const fileScope: TaskFileScope = { file: path, baseDir, play: scope, handlers: false, importing: [path] }
  const section = (key: string) => normalizeTaskList(raw[key], ctx, fileScope, locate(raw, key))
  const preTasks = section('pre_tasks')
  const roles = roleSection(raw['roles'], ctx, scope, file)
  const tasks = [...roles, ...section('tasks')]
  const postTasks = section('post_tasks')
  const handlers = normalizeTaskList(
    raw['handlers'],
    ctx,
    { ...fileScope, handlers: true },
    locate(raw, 'handlers'),
  )
  for (const h of handlers) if (h.kind === 'task') scope.handlers.push(h)
  const hosts = Array.isArray(raw['hosts']) ? raw['hosts'].map(String) : stringList(raw['hosts'])
  const serial =
    raw['serial'] === undefined ? [] : Array.isArray(raw['serial']) ? raw['serial'] : [raw['serial']]
  return {
    id: ctx.id('p'),
    name: typeof raw['name'] === 'string' ? raw['name'] : hosts.join(','),
    hosts,
    loc,
    file,
    vars: (raw['vars'] as Record<string, unknown> | undefined) ?? {},
    varsFiles: varsFiles(raw, baseDir, ctx),
    preTasks,
    tasks,
    postTasks,
    handlers: scope.handlers as TaskNode[],
    gatherFacts:
      raw['gather_facts'] === undefined
        ? true
        : raw['gather_facts'] === true || raw['gather_facts'] === 'yes',
    serial: serial as (number | string)[],
    strategy: raw['strategy'] === 'free' ? 'free' : 'linear',
    maxFailPercentage:
      typeof raw['max_fail_percentage'] === 'number' ? raw['max_fail_percentage'] : undefined,
    forceHandlers: raw['force_handlers'] === true,
    inherit: inheritable(raw),
  }
}

/** `roles:` entries become blocks carrying the entry's keywords around the role's tasks. */
function roleSection(raw: unknown, ctx: LoadContext, play: PlayScope, file: string): AnyNode[] {
  if (!Array.isArray(raw)) return []
  const out: AnyNode[] = []
  raw.forEach((entry, i) => {
    const loc = locate(raw, i) ?? { file, line: 0, column: 0 }
    const e = typeof entry === 'string' ? { role: entry } : ((entry ?? {}) as Record<string, unknown>)
    const name = String(e['role'] ?? e['name'] ?? '')
    if (!name) {
      ctx.problems.add({
        code: 'ROLE_NAME',
        message: 'a role entry needs `role: <name>`',
        loc,
        hint: 'write `- role: my_role` or `- my_role`',
      })
      return
    }
    const {
      role: _r,
      name: _n,
      vars,
      when,
      tags,
      become,
      become_user,
      become_method,
      environment,
      ...params
    } = e
    const allParams = { ...params, ...((vars as Record<string, unknown> | undefined) ?? {}) }
    for (const k of ['delegate_to', 'ignore_errors', 'no_log', 'check_mode', 'any_errors_fatal', 'run_once'])
      delete allParams[k]
    const tasks = expandRole(name, allParams, { loc, dedupe: true }, ctx, play)
    if (!tasks) return
    out.push({
      kind: 'block',
      id: ctx.id('b'),
      name: `role ${name}`,
      loc,
      vars: {},
      ...inheritable({ when, tags, become, become_user, become_method, environment, ...pick(e) }),
      block: tasks,
      rescue: [],
      always: [],
    })
  })
  return out
}

function pick(e: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const k of ['delegate_to', 'ignore_errors', 'no_log', 'check_mode', 'any_errors_fatal', 'run_once'])
    if (k in e) out[k] = e[k]
  return out
}

function varsFiles(raw: Record<string, unknown>, baseDir: string, ctx: LoadContext): Play['varsFiles'] {
  const list = raw['vars_files']
  if (!Array.isArray(list)) return []
  return list.map((entry, i) => {
    const name = String(Array.isArray(entry) ? entry[0] : entry)
    if (isTemplated(name)) return { path: name }
    const path = resolve(baseDir, name)
    const loc = locate(list, i)
    const data = ctx.yaml(path, loc, 'vars file')
    if (data !== undefined)
      for (const p of validateVarsFile(data ?? {}, ctx.display(path))) ctx.problems.add(p)
    return { path: ctx.display(path), vars: (data as Record<string, unknown> | null) ?? {} }
  })
}
