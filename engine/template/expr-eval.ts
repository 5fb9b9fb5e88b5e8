/**
 * Evaluator for parsed conditions. A tree walk over plain data: no `eval`, no property reads except
 * through `getItem` (own data only), no calls except the filter and test tables.
 * Undefined values travel as `Undef` so that `is defined` and `default` can see them; any other use
 * of one is an error naming the variable.
 */
import { EncryptedString } from '../yaml/vault-tag.js'
import type { Node } from './expr-parse.js'
import { TESTS } from './expr-tests.js'
import { FILTERS, type FilterDef } from './filters.js'
import {
  asFault,
  compare,
  contains,
  deepEqual,
  getItem,
  revealSecret,
  TemplateFault,
  toBool,
  toText,
  truthy,
  typeName,
  type SecretResolver,
} from './values.js'

class Undef {
  constructor(readonly path: string) {}
}

export interface Scope {
  vars: unknown
  /** Names that shadow `vars` (template `expr` helper arguments, loop items) */
  locals?: unknown
  resolveSecret?: SecretResolver | undefined
}

export function evalNode(n: Node, s: Scope): unknown {
  const v = raw(n, s)
  if (v instanceof Undef) throw undefinedFault(v.path)
  return v
}

function undefinedFault(path: string): TemplateFault {
  const head = /^[A-Za-z_]\w*/.exec(path)?.[0] ?? path
  const hint =
    head === path
      ? `define it, or guard with \`${path} is defined\`, or use \`${path} | default(…)\``
      : `guard with \`${path} is defined\` or use \`${path} | default(…)\``
  return new TemplateFault(`variable \`${path}\` is undefined`, hint, 'EXPR_UNDEFINED')
}

function reveal(v: unknown, s: Scope): unknown {
  return v instanceof EncryptedString ? revealSecret(v, s.resolveSecret) : v
}

function raw(n: Node, s: Scope): unknown {
  switch (n.k) {
    case 'lit':
      return n.v
    case 'var': {
      let v = s.locals === undefined ? undefined : getItem(s.locals, n.name)
      if (v === undefined) v = getItem(s.vars, n.name)
      return v === undefined ? new Undef(n.name) : reveal(v, s)
    }
    case 'get': {
      const obj = raw(n.obj, s)
      if (obj instanceof Undef) return obj
      const v = getItem(obj, evalNode(n.key, s))
      return v === undefined ? new Undef(n.path) : reveal(v, s)
    }
    case 'list':
      return n.items.map((x) => evalNode(x, s))
    case 'dict': {
      const out: Record<string, unknown> = {}
      for (const [k, v] of n.entries) {
        // defineProperty: a `__proto__` key must stay data, never become the prototype
        Object.defineProperty(out, toText(evalNode(k, s)), {
          value: evalNode(v, s),
          enumerable: true,
          writable: true,
          configurable: true,
        })
      }
      return out
    }
    case 'not':
      return !truthy(evalNode(n.arg, s))
    case 'neg':
      return -num(evalNode(n.arg, s), '-')
    case 'and': {
      const left = evalNode(n.left, s)
      return truthy(left) ? evalNode(n.right, s) : left
    }
    case 'or': {
      const left = evalNode(n.left, s)
      return truthy(left) ? left : evalNode(n.right, s)
    }
    case 'cmp':
      return comparison(n.op, evalNode(n.left, s), evalNode(n.right, s))
    case 'math':
      return math(n.op, evalNode(n.left, s), evalNode(n.right, s))
    case 'filter':
      return filter(n, s)
    case 'test': {
      const { name } = n
      let result: boolean
      if (name === 'defined' || name === 'undefined')
        result = !(raw(n.arg, s) instanceof Undef) === (name === 'defined')
      else result = Boolean(call(TESTS.get(name)!, name, evalNode(n.arg, s), n.args, n.kwargs, s))
      return n.negate ? !result : result
    }
  }
}

function comparison(op: string, a: unknown, b: unknown): boolean {
  switch (op) {
    case '==':
      return deepEqual(a, b)
    case '!=':
      return !deepEqual(a, b)
    case 'in':
      return contains(b, a)
    case 'not in':
      return !contains(b, a)
    default:
      return compare(a, b, op as '<')
  }
}

function num(v: unknown, op: string): number {
  if (typeof v === 'number') return v
  if (typeof v === 'boolean') return v ? 1 : 0
  throw new TemplateFault(
    `\`${op}\` needs numbers, got ${typeName(v)}`,
    'convert with `| int` or `| float`',
    'EXPR_TYPE',
  )
}

function math(op: string, a: unknown, b: unknown): unknown {
  if (op === '~') return toText(a) + toText(b)
  if (op === '+') {
    if (typeof a === 'string' && typeof b === 'string') return a + b
    if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b]
  }
  const x = num(a, op)
  const y = num(b, op)
  if ((op === '/' || op === '//' || op === '%') && y === 0)
    throw new TemplateFault('division by zero', undefined, 'EXPR_TYPE')
  switch (op) {
    case '+':
      return x + y
    case '-':
      return x - y
    case '*':
      return x * y
    case '/':
      return x / y
    case '//':
      return Math.floor(x / y)
    default:
      return ((x % y) + y) % y
  }
}

const EXTRA_FILTERS = new Map<string, FilterDef>([
  [
    'list',
    {
      params: [],
      fn: (v) => (Array.isArray(v) ? v : typeof v === 'string' ? [...v] : Object.keys(v as object)),
    },
  ],
  ['abs', { params: [], fn: (v) => Math.abs(num(v, 'abs')) }],
  ['min', { params: [], fn: (v) => Math.min(...(v as number[]).map((x) => num(x, 'min'))) }],
  ['max', { params: [], fn: (v) => Math.max(...(v as number[]).map((x) => num(x, 'max'))) }],
])

function filter(n: Extract<Node, { k: 'filter' }>, s: Scope): unknown {
  if (n.name === 'default' || n.name === 'd') {
    const v = raw(n.arg, s)
    const [fallback, boolean] = n.args
    const useFallback =
      v instanceof Undef || (boolean !== undefined && toBool(evalNode(boolean, s)) && !truthy(v))
    return useFallback ? (fallback ? evalNode(fallback, s) : '') : v
  }
  const f = FILTERS.get(n.name) ?? EXTRA_FILTERS.get(n.name)!
  return call(f, n.name, evalNode(n.arg, s), n.args, n.kwargs, s)
}

function call(
  f: FilterDef,
  name: string,
  value: unknown,
  args: Node[],
  kwargs: Map<string, Node>,
  s: Scope,
): unknown {
  const values = args.map((a) => evalNode(a, s))
  for (const [key, node] of kwargs) {
    const i = f.params.indexOf(key)
    if (i < 0)
      throw new TemplateFault(
        `\`${name}\` has no parameter \`${key}\``,
        `its parameters: ${f.params.join(', ') || 'none'}`,
        'EXPR_SYNTAX',
      )
    values[i] = evalNode(node, s)
  }
  try {
    return f.fn(value, ...values)
  } catch (err) {
    throw asFault(err, name)
  }
}
