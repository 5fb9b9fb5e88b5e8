/**
 * Jinja/Ansible tests (`x is <test>`). `defined`/`undefined` are handled by the evaluator because
 * they must see an undefined value without failing.
 */
import type { FilterDef } from './filters.js'
import { pyRegex, regexFlags } from './filters.js'
import {
  contains,
  deepEqual,
  getItem,
  isPlainObject,
  TemplateFault,
  toText,
  truthy,
  typeName,
} from './values.js'

const def = (params: readonly string[], fn: FilterDef['fn']): FilterDef => ({ params, fn })

function result(v: unknown, test: string): Record<string, unknown> {
  if (isPlainObject(v)) return v
  throw new TemplateFault(
    `the \`${test}\` test expects a task result (a mapping), got ${typeName(v)}`,
    'register the task result and test that variable: `result is failed`',
    'TEMPLATE_TYPE',
  )
}

const failed = (v: unknown): boolean => truthy(getItem(result(v, 'failed'), 'failed'))

function changed(v: unknown): boolean {
  const r = result(v, 'changed')
  if (truthy(r['changed'])) return true
  const results = r['results']
  return Array.isArray(results) && results.some((x) => isPlainObject(x) && truthy(x['changed']))
}

const skipped = (v: unknown): boolean => truthy(getItem(result(v, 'skipped'), 'skipped'))

function regexTest(anchored: boolean) {
  return (v: unknown, pattern: unknown, ignorecase?: unknown, multiline?: unknown): boolean =>
    pyRegex(pattern, regexFlags(ignorecase, multiline), anchored).test(toText(v))
}

/** Loose version comparison as Ansible's `version` test does by default. */
function version(v: unknown, other: unknown, operator: unknown = 'eq'): boolean {
  const parts = (x: unknown): (number | string)[] =>
    toText(x)
      .split(/[.\-+_]/)
      .map((p) => (/^\d+$/.test(p) ? Number(p) : p))
  const a = parts(v)
  const b = parts(other)
  let c = 0
  for (let i = 0; i < Math.max(a.length, b.length) && c === 0; i++) {
    const x = a[i] ?? 0
    const y = b[i] ?? 0
    if (typeof x === 'number' && typeof y === 'number') c = x - y
    else c = String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0
  }
  const op = toText(operator)
  const table: Record<string, boolean> = {
    '<': c < 0,
    lt: c < 0,
    '<=': c <= 0,
    le: c <= 0,
    '>': c > 0,
    gt: c > 0,
  }
  Object.assign(table, {
    '>=': c >= 0,
    ge: c >= 0,
    '==': c === 0,
    '=': c === 0,
    eq: c === 0,
    '!=': c !== 0,
    '<>': c !== 0,
    ne: c !== 0,
  })
  const out = table[op]
  if (out === undefined)
    throw new TemplateFault(`version: unknown operator \`${op}\``, 'use one of < <= > >= == !=')
  return out
}

const number = (v: unknown): boolean => typeof v === 'number'

export const TESTS: ReadonlyMap<string, FilterDef> = new Map<string, FilterDef>([
  ['defined', def([], () => true)],
  ['undefined', def([], () => false)],
  ['none', def([], (v) => v === null)],
  ['true', def([], (v) => v === true)],
  ['false', def([], (v) => v === false)],
  ['truthy', def([], truthy)],
  ['falsy', def([], (v) => !truthy(v))],
  ['failed', def([], failed)],
  ['failure', def([], failed)],
  ['succeeded', def([], (v) => !failed(v))],
  ['success', def([], (v) => !failed(v))],
  ['successful', def([], (v) => !failed(v))],
  ['changed', def([], changed)],
  ['change', def([], changed)],
  ['skipped', def([], skipped)],
  ['skip', def([], skipped)],
  ['match', def(['pattern', 'ignorecase', 'multiline'], regexTest(true))],
  ['search', def(['pattern', 'ignorecase', 'multiline'], regexTest(false))],
  [
    'regex',
    def(['pattern', 'ignorecase', 'multiline', 'match_type'], (v, p, i, m, type = 'search') =>
      regexTest(type === 'match')(v, p, i, m),
    ),
  ],
  ['string', def([], (v) => typeof v === 'string')],
  ['number', def([], number)],
  ['integer', def([], (v) => Number.isInteger(v))],
  ['float', def([], (v) => number(v) && !Number.isInteger(v))],
  ['boolean', def([], (v) => typeof v === 'boolean')],
  ['mapping', def([], isPlainObject)],
  ['sequence', def([], (v) => Array.isArray(v) || typeof v === 'string')],
  ['iterable', def([], (v) => Array.isArray(v) || typeof v === 'string' || isPlainObject(v))],
  ['contains', def(['item'], (v, item) => contains(v, item))],
  ['eq', def(['other'], deepEqual)],
  ['equalto', def(['other'], deepEqual)],
  ['ne', def(['other'], (a, b) => !deepEqual(a, b))],
  ['divisibleby', def(['n'], (v, n) => Number(v) % Number(n) === 0)],
  ['even', def([], (v) => Number(v) % 2 === 0)],
  ['odd', def([], (v) => Math.abs(Number(v) % 2) === 1)],
  ['version', def(['other', 'operator'], version)],
  ['version_compare', def(['other', 'operator'], version)],
])
