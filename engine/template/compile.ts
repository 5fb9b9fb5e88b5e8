/**
 * Template compilation: Handlebars parses, we rewrite the AST so that every variable lookup goes
 * through a strict helper (except the first argument of `default`/`defined`), reject what we do not
 * support (partials, unknown helpers, Jinja syntax) with positions, and cache the result per text.
 *
 * Why not Handlebars' `strict` mode: it checks helper arguments only partly (`default a.b 'y'` throws
 * when `a` is missing, yet `eq x 1` passes an undefined `x` silently), and its messages do not name
 * the full path. The rewrite gives one rule: every lookup is checked, except where undefined is the
 * point (`default`, `defined`).
 */
import type Handlebars from 'handlebars'
import { didYouMean, type Problem } from '../errors.js'
import { checkExpression } from './expr.js'
import { COMPILE_OPTIONS, env, helpersFor, jinjaStatement, parseError, syntaxProblem } from './hbs.js'
import { fastPath, type FastFn } from './fast-path.js'
import { excerpt, type TemplateOrigin } from './origin.js'
import { BLOCK_HELPERS, LENIENT_FIRST_PARAM, PUBLIC_HELPERS, type HelperOptions } from './helpers.js'

/* Loose view of Handlebars' AST: we only touch a few fields. */
interface Pos {
  line: number
  column: number
}
interface HbNode {
  type: string
  loc?: { start: Pos; end: Pos }
  [field: string]: unknown
}
type Params = HbNode[]

export type TemplateFn = (vars: object) => string

export interface CompiledTemplate {
  readonly source: string
  /** The text is one `{{ expression }}`: rendering yields its value, not text. */
  readonly single: boolean
  readonly run: TemplateFn
  /** Always text, even for a single expression (template files) */
  readonly runText: TemplateFn
  /** Text and plain variables only: rendered without Handlebars (fast-path.ts) */
  readonly fast?: FastFn | undefined
}

/** Thrown for every problem found while compiling; holds them all. */
export class TemplateSyntaxError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => p.message).join('\n'))
  }
}

class Rewriter {
  readonly problems: Problem[] = []
  /** Helpers the template calls, internal ones included: only these are passed at render time */
  readonly used = new Set<string>(['__depthed'])
  private readonly lineStarts: number[] = [0]

  constructor(
    private readonly source: string,
    private readonly origin: TemplateOrigin | undefined,
  ) {
    for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) this.lineStarts.push(i + 1)
  }

  program(p: HbNode): void {
    const body = p['body'] as HbNode[]
    for (let i = 0; i < body.length; i++) body[i] = this.statement(body[i]!)
  }

  private statement(s: HbNode): HbNode {
    switch (s.type) {
      case 'MustacheStatement':
        return this.mustache(s)
      case 'BlockStatement': {
        const name = pathName(s['path'] as HbNode)
        if (name) this.used.add(name)
        if (!name || !BLOCK_HELPERS.has(name)) {
          this.fail(
            s,
            `\`{{#${this.text(s['path'] as HbNode)}}}\` is not a block helper`,
            'blocks are #if, #unless, #each and #with',
          )
        }
        s['params'] = this.params(s['params'] as Params, name ?? '')
        this.hash(s['hash'] as HbNode | undefined, name ?? '')
        if (s['program']) this.program(s['program'] as HbNode)
        if (s['inverse']) this.program(s['inverse'] as HbNode)
        return s
      }
      case 'PartialStatement':
      case 'PartialBlockStatement':
      case 'DecoratorBlock':
      case 'Decorator':
        this.fail(
          s,
          'partials and decorators are not supported',
          'use the `template` module for separate files',
        )
        return s
      default:
        return s
    }
  }

  /** `{{ x }}` → `{{__outvar "x" x}}`; `{{ f a }}` → `{{__out "f a" (f a)}}`. */
  private mustache(m: HbNode): HbNode {
    const path = m['path'] as HbNode
    const call = isCall(m)
    if (!call && path.type === 'PathExpression') {
      return {
        ...m,
        path: this.internal('__outvar', m),
        params: [str(String(path['original']), m), path],
        hash: undefined,
      }
    }
    return {
      ...m,
      path: this.internal('__out', m),
      params: [str(this.text(m), m), this.value(m)],
      hash: undefined,
    }
  }

  /** The value a mustache or sub-expression stands for, as a helper argument. */
  value(m: HbNode): HbNode {
    const path = m['path'] as HbNode
    if (!isCall(m)) return path.type === 'PathExpression' ? this.param(path, '', 1) : path
    const name = pathName(path)
    if (name) this.used.add(name)
    if (!name || !PUBLIC_HELPERS.has(name)) {
      const guess = name ? didYouMean(name, PUBLIC_HELPERS) : undefined
      this.fail(
        path,
        `unknown helper \`${this.text(path)}\``,
        guess ? `did you mean \`${guess}\`?` : 'see docs/templates.md for the helper list',
      )
    }
    if (name === 'expr') this.checkExpr(m)
    const params = this.params(m['params'] as Params, name ?? '')
    this.hash(m['hash'] as HbNode | undefined, name ?? '')
    return { type: 'SubExpression', path, params, hash: m['hash'], loc: m.loc }
  }

  /** `expr 'cond'` with a literal condition: check it now rather than at render time. */
  private checkExpr(m: HbNode): void {
    const first = (m['params'] as Params)[0]
    if (first?.type !== 'StringLiteral') return
    const problem = checkExpression(String(first['value']))
    if (problem) this.fail(first, problem.message, problem.hint)
  }

  private params(params: Params, helper: string): Params {
    return params.map((p, i) => this.param(p, helper, i))
  }

  private hash(hash: HbNode | undefined, helper: string): void {
    for (const pair of (hash?.['pairs'] as HbNode[] | undefined) ?? [])
      pair['value'] = this.param(pair['value'] as HbNode, helper, 1)
  }

  private param(p: HbNode, helper: string, index: number): HbNode {
    if (p.type === 'SubExpression') return this.value(p)
    if (p.type !== 'PathExpression' || (index === 0 && LENIENT_FIRST_PARAM.has(helper))) return p
    return {
      type: 'SubExpression',
      path: this.internal('__var', p),
      params: [str(String(p['original']), p), p],
      loc: p.loc,
    }
  }

  internal(name: string, at: HbNode): HbNode {
    this.used.add(name)
    return { type: 'PathExpression', data: false, depth: 0, parts: [name], original: name, loc: at.loc }
  }

  /** Source text of a node, for messages. */
  text(n: HbNode): string {
    if (!n.loc) return String(n['original'] ?? '')
    const from = this.offset(n.loc.start)
    const to = this.offset(n.loc.end)
    return excerpt(this.source.slice(from, to).replace(/^\{\{[{#~]*\s*|\s*~?\}\}\}?$/g, ''))
  }

  private offset(p: Pos): number {
    return (this.lineStarts[p.line - 1] ?? 0) + p.column
  }

  fail(n: HbNode, message: string, hint?: string): void {
    const line = n.loc?.start.line ?? 1
    const column = (n.loc?.start.column ?? 0) + 1
    this.problems.push(syntaxProblem(this.origin, line, column, message, hint))
  }
}

const pathName = (p: HbNode): string | undefined =>
  p.type === 'PathExpression' && !p['data'] && p['depth'] === 0 && (p['parts'] as string[]).length === 1
    ? (p['parts'] as string[])[0]
    : undefined

const isCall = (m: HbNode): boolean => (m['params'] as Params).length > 0 || m['hash'] !== undefined

const str = (value: string, at: HbNode): HbNode => ({
  type: 'StringLiteral',
  value,
  original: value,
  loc: at.loc,
})

let compileCount = 0
const cache = new Map<string, CompiledTemplate>()
const CACHE_LIMIT = 20_000

/** Compile (or fetch from cache) a template; throws TemplateSyntaxError listing every problem. */
export function compileTemplate(source: string, origin?: TemplateOrigin): CompiledTemplate {
  const hit = cache.get(source)
  if (hit) return hit
  const jinja = jinjaStatement(source, origin)
  if (jinja) throw new TemplateSyntaxError([jinja])
  let ast: HbNode
  try {
    ast = env.parse(source) as unknown as HbNode
  } catch (err) {
    throw new TemplateSyntaxError([parseError(err, source, origin)])
  }
  const rewriter = new Rewriter(source, origin)
  rewriter.program(ast)
  if (rewriter.problems.length) throw new TemplateSyntaxError(rewriter.problems)
  const compiled = build(source, ast, rewriter)
  compileCount++
  if (cache.size >= CACHE_LIMIT) cache.clear()
  cache.set(source, compiled)
  return compiled
}

function build(source: string, ast: HbNode, rewriter: Rewriter): CompiledTemplate {
  const body = ast['body'] as HbNode[]
  // exactly one `{{ }}` and nothing else: any text around it (even a newline) makes it a string
  const only = body.length === 1 ? body[0]! : undefined
  if (only?.type === 'MustacheStatement' && only['params']) {
    // Rewritten `{{__out label expr}}` or `{{__outvar name path}}`: capture the value instead.
    const [label, value] = only['params'] as Params
    const expr =
      pathName(only['path'] as HbNode) === '__outvar'
        ? rewriter.value({ ...only, path: value!, params: [], hash: undefined })
        : value!
    const capture = { ...only, path: rewriter.internal('__capture', only), params: [label, expr] }
    const run = withHelpers(env.compile({ ...ast, body: [capture] } as never, COMPILE_OPTIONS), rewriter.used)
    return {
      source,
      single: true,
      run,
      runText: withHelpers(env.compile(ast as never, COMPILE_OPTIONS), rewriter.used),
      fast: fastPath(body),
    }
  }
  const run = withHelpers(env.compile(ast as never, COMPILE_OPTIONS), rewriter.used)
  return { source, single: false, run, runText: run, fast: fastPath(body) }
}

function withHelpers(fn: Handlebars.TemplateDelegate, used: Set<string>): TemplateFn {
  const options = { helpers: helpersFor(used) }
  return (vars) => fn(vars, options)
}

export function templateStats(): { compiles: number; cached: number } {
  return { compiles: compileCount, cached: cache.size }
}

export type { HelperOptions }
