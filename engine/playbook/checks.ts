/**
 * Checks that need the whole play: notified handlers exist, conditions and templates parse, static
 * `src` files of `template`/`copy`/`script` exist. Nothing here contacts a host.
 */
import { dirname, isAbsolute, join, resolve } from 'node:path'
import type { SourceLocation } from '../errors.js'
import { checkExpression, checkTemplateSyntax } from '../template/index.js'
import { isFile, isDir, isTemplated, type LoadContext } from './context.js'
import type { AnyNode, Play, TaskNode } from './types.js'

export function checkReferences(play: Play, ctx: LoadContext): void {
  const topics = new Set<string>()
  for (const h of play.handlers) {
    if (h.name) topics.add(h.name)
    if (h.name && h.role) topics.add(`${h.role.name} : ${h.name}`)
    for (const l of h.listen) topics.add(l)
  }
  const playDir = dirname(resolve(ctx.cwd, play.file))
  for (const node of walk([...play.preTasks, ...play.tasks, ...play.postTasks, ...play.handlers])) {
    checkSyntax(node, ctx)
    if (node.kind !== 'task') continue
    for (const n of node.notify) {
      if (isTemplated(n) || topics.has(n)) continue
      ctx.problems.add({
        code: 'HANDLER_NOT_FOUND',
        message: `notified handler \`${n}\` is not defined`,
        loc: node.loc,
        key: 'notify',
        hint: topics.size
          ? `defined handlers and topics: ${[...topics].map((t) => `\`${t}\``).join(', ')}`
          : 'add it under `handlers:` in the play or in the role’s handlers/main.yml',
      })
    }
    checkSource(node, playDir, ctx)
  }
}

export function* walk(nodes: AnyNode[]): Generator<AnyNode> {
  for (const n of nodes) {
    yield n
    if (n.kind === 'block') yield* walk([...n.block, ...n.rescue, ...n.always])
  }
}

function checkSyntax(node: AnyNode, ctx: LoadContext): void {
  const conds: [string, (string | boolean)[]][] = [['when', node.when]]
  if (node.kind === 'task') {
    conds.push(['changed_when', node.changedWhen], ['failed_when', node.failedWhen], ['until', node.until])
    const that = node.module === 'assert' ? node.args['that'] : undefined
    if (typeof that === 'string' || Array.isArray(that))
      conds.push(['that', [that].flat() as (string | boolean)[]])
  }
  for (const [key, list] of conds) {
    for (const c of list) {
      if (typeof c !== 'string') continue
      const p = checkExpression(c, { ...(node.keyLocs?.get(key) ?? node.loc), key })
      if (p) ctx.problems.add(p)
    }
  }
  const values: unknown[] = [node.name, node.vars]
  if (node.kind === 'task') values.push(node.args, node.loop)
  for (const s of strings(values)) {
    if (!s.includes('{{')) continue
    const p = checkTemplateSyntax(s, node.loc)
    if (p) ctx.problems.add(p)
  }
}

function* strings(v: unknown): Generator<string> {
  if (typeof v === 'string') yield v
  else if (Array.isArray(v)) for (const x of v) yield* strings(x)
  else if (v && typeof v === 'object' && v.constructor === Object)
    for (const x of Object.values(v)) yield* strings(x)
}

/** Where Ansible looks for a relative `src`: the role's files/ or templates/, then beside the playbook. */
export function sourceCandidates(task: TaskNode, playDir: string, src: string): string[] {
  if (isAbsolute(src)) return [src]
  const sub = task.module === 'template' ? 'templates' : 'files'
  const dirs = task.role ? [join(task.role.path, sub), task.role.path] : []
  return [...dirs, join(playDir, sub), playDir].map((d) => join(d, src))
}

function checkSource(task: TaskNode, playDir: string, ctx: LoadContext): void {
  if (!['template', 'copy', 'script'].includes(task.module)) return
  if (task.args['remote_src'] === true) return
  const src = task.module === 'script' ? scriptPath(task) : task.args['src']
  if (typeof src !== 'string' || isTemplated(src)) return
  const found = sourceCandidates(task, playDir, src).find(
    (p) => isFile(p) || (task.module === 'copy' && isDir(p)),
  )
  if (!found) {
    ctx.problems.add({
      code: 'SRC_NOT_FOUND',
      message: `\`${task.module}\` source \`${src}\` does not exist`,
      loc: task.loc as SourceLocation,
      key: 'src',
      hint: task.role
        ? `put it in ${ctx.display(join(task.role.path, task.module === 'template' ? 'templates' : 'files'))}/`
        : `put it next to the playbook in ${task.module === 'template' ? 'templates' : 'files'}/`,
    })
    return
  }
  if (task.module === 'template') {
    const p = checkTemplateFile(found, ctx)
    if (p) ctx.problems.add(p)
  }
}

function scriptPath(task: TaskNode): string | undefined {
  const raw = task.args['cmd'] ?? task.args['_raw_params']
  return typeof raw === 'string' ? raw.trim().split(/\s+/)[0] : undefined
}

function checkTemplateFile(path: string, ctx: LoadContext) {
  return checkTemplateSyntax(ctx.readText(path), { file: ctx.display(path), line: 1, column: 1 })
}
