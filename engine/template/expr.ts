/**
 * Conditions: `when`, `changed_when`, `failed_when`, `until`, `assert.that`. Public entry points
 * around the parser and evaluator, with parse caching and errors that name the condition and where
 * it is written.
 */
import { TsplayError, type Problem } from '../errors.js'
import { evalNode } from './expr-eval.js'
import { ExprSyntaxError, parse, type Node } from './expr-parse.js'
import { excerpt, type TemplateOrigin } from './origin.js'
import { TemplateFault, truthy, type SecretResolver } from './values.js'

export interface Expression {
  readonly source: string
  readonly root: Node
}

export interface EvalOptions {
  origin?: TemplateOrigin | undefined
  resolveSecret?: SecretResolver | undefined
}

const cache = new Map<string, Expression>()
const CACHE_LIMIT = 20_000

function originLoc(origin: TemplateOrigin | undefined) {
  return origin && { file: origin.file, line: origin.line ?? 0, column: origin.column ?? 0 }
}

function syntaxProblem(text: string, err: ExprSyntaxError, origin: TemplateOrigin | undefined): Problem {
  return {
    code: 'EXPR_SYNTAX',
    message: `invalid condition \`${excerpt(text, 80)}\`: ${err.message} at column ${err.column}`,
    loc: originLoc(origin),
    key: origin?.key,
    hint:
      err.hint ?? "conditions are Jinja expressions: `x == 1`, `x is defined`, `'a' in list`, `r is failed`",
  }
}

function parseUncached(text: string): Node {
  const braces = text.indexOf('{{')
  if (braces >= 0) {
    throw new ExprSyntaxError(
      'template delimiters `{{ }}` in a condition',
      braces + 1,
      'a condition is already an expression: write `x == 1` not `{{ x == 1 }}`',
    )
  }
  return parse(text)
}

/** Parse once per distinct text; throws TsplayError `EXPR_SYNTAX`. */
export function parseExpression(text: string, origin?: TemplateOrigin): Expression {
  const hit = cache.get(text)
  if (hit) return hit
  let root: Node
  try {
    root = parseUncached(text)
  } catch (err) {
    if (err instanceof ExprSyntaxError) throw new TsplayError(syntaxProblem(text, err, origin))
    throw err
  }
  const expr = { source: text, root }
  if (cache.size >= CACHE_LIMIT) cache.clear()
  cache.set(text, expr)
  return expr
}

/** Load-time check: the problem with a condition's syntax, or undefined when it parses. */
export function checkExpression(text: string, origin?: TemplateOrigin): Problem | undefined {
  try {
    parseExpression(text, origin)
    return undefined
  } catch (err) {
    if (err instanceof TsplayError) return err.problems[0]
    throw err
  }
}

/** Value of an expression; undefined variables (outside `is defined`/`default`) are errors. */
export function evaluate(expr: Expression, vars: object, options: EvalOptions = {}): unknown {
  try {
    return evalNode(expr.root, { vars, resolveSecret: options.resolveSecret })
  } catch (err) {
    throw wrap(err, expr.source, options.origin)
  }
}

/** For the template `expr` helper: hash arguments shadow the variables. */
export function evaluateWithLocals(
  expr: Expression,
  vars: object,
  locals: object,
  resolveSecret?: SecretResolver,
): unknown {
  return evalNode(expr.root, { vars, locals, resolveSecret })
}

function wrap(err: unknown, source: string, origin: TemplateOrigin | undefined): unknown {
  if (!(err instanceof TemplateFault)) return err
  return new TsplayError({
    code: err.code,
    message: `condition \`${excerpt(source, 80)}\`: ${err.message}`,
    loc: originLoc(origin),
    key: origin?.key,
    hint: err.hint,
  })
}

const BOOLEAN_WORDS = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'y', 'n'])

/**
 * A condition as written in a task: a string expression, a boolean, or a list of those that must
 * all hold. An empty condition holds, as in Ansible.
 */
export function evalCondition(
  condition: unknown,
  vars: object,
  origin?: TemplateOrigin,
  options: EvalOptions = {},
): boolean {
  if (typeof condition === 'boolean') return condition
  if (condition === null || condition === undefined || condition === '') return true
  if (typeof condition === 'number') return condition !== 0
  if (Array.isArray(condition)) return condition.every((c) => evalCondition(c, vars, origin, options))
  if (typeof condition !== 'string') {
    throw new TsplayError({
      code: 'EXPR_INVALID',
      message: `a condition must be a string, a boolean or a list of them, not ${JSON.stringify(condition)}`,
      loc: originLoc(origin),
      key: origin?.key,
      hint: 'write an expression such as `result.rc == 0`',
    })
  }
  const expr = parseExpression(condition, origin)
  let value: unknown
  try {
    value = evalNode(expr.root, { vars, resolveSecret: options.resolveSecret })
  } catch (err) {
    throw wrap(err, expr.source, origin)
  }
  if (typeof value === 'boolean') return value
  if (typeof value === 'string' && BOOLEAN_WORDS.has(value.trim().toLowerCase())) {
    throw new TsplayError({
      code: 'EXPR_AMBIGUOUS',
      message: `condition \`${excerpt(condition, 80)}\` evaluated to the string ${JSON.stringify(value)}, which would count as true because it is not empty`,
      loc: originLoc(origin),
      key: origin?.key,
      hint: `convert it explicitly: \`${condition.trim()} | bool\``,
    })
  }
  return truthy(value)
}
