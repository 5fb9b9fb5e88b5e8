/**
 * Handlebars helpers: every shared filter, plus the helpers that only make sense in templates
 * (comparisons, logic, `default`, host iteration) and the internal `__*` helpers that the compiler
 * inserts to make variable lookups strict.
 */
import { didYouMean } from '../errors.js'
import { EncryptedString } from '../yaml/vault-tag.js'
import { FILTERS } from './filters.js'
import { evaluateWithLocals, parseExpression } from './expr.js'
import {
  asFault,
  compare,
  deepEqual,
  getItem,
  isPlainObject,
  revealSecret,
  TemplateFault,
  toBool,
  toText,
  truthy,
  type SecretResolver,
} from './values.js'

export interface HelperOptions {
  hash: Record<string, unknown>
  data?: { root?: unknown }
  loc?: { start: { line: number; column: number } }
  fn?: (context: unknown) => string
  inverse?: (context: unknown) => string
}

type Helper = (this: unknown, ...args: unknown[]) => unknown
type Impl = (args: unknown[], options: HelperOptions, self: unknown) => unknown

/** State of the render in progress; rendering is synchronous, so one slot suffices. */
export const renderState = {
  resolveSecret: undefined as SecretResolver | undefined,
  captured: undefined as unknown,
}

/** Wraps an implementation: splits off Handlebars' options and tags faults with the template line. */
function helper(impl: Impl, name: string): Helper {
  return function (this: unknown, ...args: unknown[]): unknown {
    const options = args.pop() as HelperOptions
    try {
      return impl(args, options, this)
    } catch (caught) {
      const err = asFault(caught, name)
      if (err instanceof TemplateFault && err.line === undefined) err.line = options.loc?.start.line
      throw err
    }
  }
}

function reveal(v: unknown): unknown {
  return v instanceof EncryptedString ? revealSecret(v, renderState.resolveSecret) : v
}

function rootOf(options: HelperOptions): Record<string, unknown> {
  const root = options.data?.root
  return isPlainObject(root) ? root : {}
}

function undefinedFault(name: string, options: HelperOptions): TemplateFault {
  const head = name.split('.')[0] ?? name
  const guess = head.length > 2 ? didYouMean(head, Object.keys(rootOf(options))) : undefined
  const hint = guess
    ? `did you mean \`${guess}\`? Otherwise use \`default ${name} 'value'\``
    : `define it, or use \`default ${name} 'value'\` or \`#if (defined ${name})\``
  return new TemplateFault(`variable \`${name}\` is undefined`, hint, 'TEMPLATE_UNDEFINED')
}

function outputOf(label: unknown, value: unknown): unknown {
  if (value === undefined) {
    throw new TemplateFault(
      `\`${toText(label)}\` has no value`,
      'use `default` to supply one',
      'TEMPLATE_UNDEFINED',
    )
  }
  return reveal(value)
}

/** Positional arguments followed by keyword (`name=value`) arguments mapped by parameter name. */
function withHash(
  args: unknown[],
  hash: Record<string, unknown>,
  params: readonly string[],
  name: string,
): [unknown, ...unknown[]] {
  const out: [unknown, ...unknown[]] = [args[0], ...args.slice(1)]
  for (const key of Object.keys(hash)) {
    const i = params.indexOf(key)
    if (i < 0)
      throw new TemplateFault(
        `${name} has no parameter \`${key}\``,
        `its parameters: ${params.join(', ') || 'none'}`,
      )
    out[i + 1] = hash[key]
  }
  return out
}

function hostvarsOf(options: HelperOptions): unknown {
  const hostvars = getItem(rootOf(options), 'hostvars')
  if (hostvars === undefined) throw new TemplateFault('`hostvars` is not available here')
  return hostvars
}

function hostvar(host: unknown, name: unknown, rest: unknown[], options: HelperOptions): unknown {
  const vars = getItem(hostvarsOf(options), host)
  if (vars === undefined)
    throw new TemplateFault(`unknown host \`${toText(host)}\` in hostvar`, 'check the inventory')
  const value = getItem(vars, name)
  if (value !== undefined) return reveal(value)
  if (rest.length) return rest[0]
  throw new TemplateFault(
    `host \`${toText(host)}\` has no variable \`${toText(name)}\``,
    `supply a default: \`hostvar this '${toText(name)}' 'fallback'\``,
    'TEMPLATE_UNDEFINED',
  )
}

function hostsOf(group: unknown, options: HelperOptions): unknown[] {
  const members = getItem(getItem(rootOf(options), 'groups'), group)
  if (!Array.isArray(members)) {
    throw new TemplateFault(
      `unknown group \`${toText(group)}\` in hostsOf`,
      'check the inventory',
      'TEMPLATE_UNDEFINED',
    )
  }
  const hostvars = hostvarsOf(options)
  return members.map((host) => {
    const vars = getItem(hostvars, host)
    if (!isPlainObject(vars)) return { inventory_hostname: host }
    return vars['inventory_hostname'] === undefined ? { inventory_hostname: host, ...vars } : vars
  })
}

const cmp =
  (op: '<' | '>' | '<=' | '>='): Impl =>
  ([a, b]) =>
    compare(a, b, op)

const TEMPLATE_HELPERS: Record<string, Impl> = {
  default: ([value, fallback = '', boolean = false]) =>
    value === undefined || (toBool(boolean) && !truthy(value)) ? fallback : reveal(value),
  defined: ([value]) => value !== undefined,
  eq: ([a, b]) => deepEqual(a, b),
  ne: ([a, b]) => !deepEqual(a, b),
  lt: cmp('<'),
  gt: cmp('>'),
  le: cmp('<='),
  ge: cmp('>='),
  and: (args) => args.reduce((acc, v) => (truthy(acc) ? v : acc), true),
  or: (args) => args.reduce((acc, v) => (truthy(acc) ? acc : v), false),
  not: ([v]) => !truthy(v),
  contains: ([container, item]) =>
    typeof container === 'string'
      ? container.includes(toText(item))
      : Array.isArray(container) && container.some((x) => deepEqual(x, item)),
  concat: (args) => args.map(toText).join(''),
  hostvar: ([host, name, ...rest], options) => hostvar(host, name, rest, options),
  hostsOf: ([group], options) => hostsOf(group, options),
  expr: ([text], options) =>
    evaluateWithLocals(
      parseExpression(toText(text)),
      rootOf(options),
      options.hash,
      renderState.resolveSecret,
    ),
  if: ([cond], options, self) => (truthy(cond) ? options.fn!(self) : options.inverse!(self)),
  unless: ([cond], options, self) => (truthy(cond) ? options.inverse!(self) : options.fn!(self)),
  // Inserted by the compiler, never written by users:
  __var: ([name, value], options) => {
    if (value === undefined) throw undefinedFault(toText(name), options)
    return reveal(value)
  },
  __outvar: ([name, value], options) => {
    if (value === undefined) throw undefinedFault(toText(name), options)
    return toText(reveal(value))
  },
  __out: ([label, value]) => toText(outputOf(label, value)),
  __capture: ([label, value]) => {
    renderState.captured = outputOf(label, value)
    return ''
  },
}
TEMPLATE_HELPERS['d'] = TEMPLATE_HELPERS['default']!

/** Helpers whose first argument may be undefined: the compiler leaves it unchecked. */
export const LENIENT_FIRST_PARAM = new Set(['default', 'd', 'defined'])
export const BLOCK_HELPERS = new Set(['if', 'unless', 'each', 'with'])
const BUILTIN = ['each', 'with', 'lookup']

export function buildHelpers(): Record<string, Helper> {
  const out: Record<string, Helper> = {}
  for (const [name, f] of FILTERS) {
    out[name] = helper((args, options) => f.fn(...withHash(args, options.hash, f.params, name)), name)
  }
  for (const [name, impl] of Object.entries(TEMPLATE_HELPERS)) out[name] = helper(impl, name)
  return out
}

/** Names a template may call (internal `__*` helpers excluded). */
export const PUBLIC_HELPERS: ReadonlySet<string> = new Set([
  ...FILTERS.keys(),
  ...Object.keys(TEMPLATE_HELPERS).filter((n) => !n.startsWith('__')),
  ...BUILTIN,
])

/** Depth-first variable lookup through enclosing block contexts, as Jinja scopes loop variables. */
export function depthedLookup(depths: unknown[], name: string): unknown {
  for (const context of depths) {
    const v = getItem(context, name)
    if (v !== undefined) return v
  }
  return undefined
}
