/**
 * Role parameters checked against the role's `argument_specs`, with Ansible's conversions
 * (validate_argument_spec): 'int' takes "42", 'bool' takes yes/no/on/off/1/0, 'list' takes a
 * comma-separated string, 'dict' takes `k=v` pairs or JSON. Templated values wait for run time.
 */
import { type Problem, type SourceLocation } from '../../errors.js'
import { locate } from '../../yaml/load.js'
import { preview } from './describe.js'
import { suggest } from './messages.js'
import { isDeferred } from './problems.js'

export const ARGUMENT_TYPES = [
  'str',
  'int',
  'bool',
  'list',
  'dict',
  'path',
  'raw',
  'float',
  'bytes',
  'bits',
  'json',
  'jsonarg',
]

const TRUE = new Set(['y', 'yes', 'on', '1', 'true', 't'])
const FALSE = new Set(['n', 'no', 'off', '0', 'false', 'f'])

const TYPE_PHRASE: Readonly<Record<string, string>> = {
  str: 'a string',
  path: 'a path (a string)',
  int: 'an int (a whole number, possibly quoted)',
  float: 'a float (a number, possibly quoted)',
  bool: 'a bool (true/false, yes/no, on/off, 1/0)',
  list: 'a list (or a comma-separated string)',
  dict: 'a dict (a mapping, `k=v` pairs or JSON)',
  bytes: "a size such as 10 or '1.5K'",
  bits: "a size in bits such as '1Mb'",
  json: 'JSON text or a structure',
  jsonarg: 'JSON text or a structure',
}

type Converted = { ok: true; value: unknown } | { ok: false }

/** Ansible's conversion of `value` to `type`; { ok: false } when Ansible would reject it. */
export function convertArgument(type: string, value: unknown): Converted {
  const ok = (v: unknown): Converted => ({ ok: true, value: v })
  const no: Converted = { ok: false }
  switch (type) {
    case 'raw':
      return ok(value)
    case 'str':
    case 'path':
      // Ansible would stringify a list or mapping too; that is never what the role author meant.
      return value !== null && typeof value === 'object' ? no : ok(String(value))
    case 'int': {
      if (typeof value === 'number') return Number.isInteger(value) ? ok(value) : no
      if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) return ok(Number.parseInt(value, 10))
      return no
    }
    case 'float': {
      if (typeof value === 'number') return ok(value)
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
        return ok(Number(value))
      return no
    }
    case 'bool': {
      if (typeof value === 'boolean') return ok(value)
      const s = String(value).toLowerCase()
      if (typeof value !== 'object' && TRUE.has(s)) return ok(true)
      if (typeof value !== 'object' && FALSE.has(s)) return ok(false)
      return no
    }
    case 'list': {
      if (Array.isArray(value)) return ok(value)
      if (typeof value === 'string') return ok(value.split(','))
      if (typeof value === 'number') return ok([String(value)])
      return no
    }
    case 'dict': {
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) return ok(value)
      if (typeof value === 'string') {
        const t = value.trim()
        if (t.startsWith('{')) {
          try {
            return ok(JSON.parse(t))
          } catch {
            return no
          }
        }
        if (/^[^=\s]+=/.test(t))
          return ok(Object.fromEntries(t.split(/[\s,]+/).map((kv) => kv.split('=', 2))))
      }
      return no
    }
    case 'bytes':
    case 'bits':
      return typeof value === 'number' ||
        (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*[a-zA-Z]*\s*$/.test(value))
        ? ok(value)
        : no
    default:
      return ok(value)
  }
}

type Option = Record<string, unknown>

export interface RoleArgumentsWhere {
  file: string
  /** Where the role is applied (its `roles:` entry or include), when a parameter has no position */
  fallback?: SourceLocation
  /** The YAML mapping of the role parameters, for locate() */
  container?: unknown
  role?: string
  /** Report parameters the spec does not declare (Ansible does for nested options only) */
  reportUnknown?: boolean
}

export function checkRoleArguments(
  spec: Record<string, unknown>,
  values: Record<string, unknown>,
  where: RoleArgumentsWhere,
): Problem[] {
  const problems: Problem[] = []
  const subject = where.role ? `role \`${where.role}\`: ` : ''
  const at = (container: unknown, key?: string): SourceLocation =>
    (key !== undefined
      ? locate(container, Array.isArray(container) && /^\d+$/.test(key) ? Number(key) : key)
      : undefined) ??
    where.fallback ??
    locate(container) ?? { file: where.file, line: 0, column: 0 }
  const bad = (
    path: string,
    value: unknown,
    expected: string,
    container: unknown,
    key: string,
    extra = '',
  ): void => {
    problems.push({
      code: 'ROLE_ARGUMENTS',
      message: `${subject}invalid value ${preview(value)} for argument \`${path}\``,
      key: path,
      loc: at(container, key),
      hint: `\`${path}\` must be ${expected}${extra}`,
    })
  }

  const checkValue = (opt: Option, value: unknown, path: string, container: unknown, key: string): void => {
    if (value === null || value === undefined || isDeferred(value)) return
    const type = typeof opt.type === 'string' ? opt.type : 'str'
    const conv = convertArgument(type, value)
    if (!conv.ok) return bad(path, value, TYPE_PHRASE[type] ?? `of type ${type}`, container, key)
    const choices = Array.isArray(opt.choices) ? opt.choices : undefined
    const items = type === 'list' ? (conv.value as unknown[]) : [conv.value]
    if (choices) {
      for (const item of items) {
        if (isDeferred(item) || choices.some((c) => c === item || String(c) === String(item))) continue
        const guess = typeof item === 'string' ? suggest(item, choices.map(String)) : undefined
        const list = `one of ${choices.map(String).join(', ')}`
        return bad(path, item, list, container, key, guess ? `; did you mean \`${guess}\`?` : '')
      }
    }
    if (type === 'list' && typeof opt.elements === 'string') {
      const elemOpt: Option = { type: opt.elements, options: opt.options }
      ;(conv.value as unknown[]).forEach((item, i) => {
        const itemContainer = Array.isArray(value) ? value : container
        checkValue(elemOpt, item, `${path}[${i}]`, itemContainer, Array.isArray(value) ? String(i) : key)
      })
      return
    }
    const sub = opt.options
    if (type === 'dict' && sub && typeof sub === 'object') {
      checkOptions(
        sub as Record<string, Option>,
        conv.value as Record<string, unknown>,
        `${path}.`,
        value,
        true,
      )
    }
  }

  const checkOptions = (
    options: Record<string, Option>,
    vals: Record<string, unknown>,
    prefix: string,
    container: unknown,
    reportUnknown: boolean,
  ): void => {
    const known = new Set<string>()
    for (const [name, raw] of Object.entries(options)) {
      const opt = raw && typeof raw === 'object' ? raw : {}
      const aliases = Array.isArray(opt.aliases) ? opt.aliases.map(String) : []
      for (const n of [name, ...aliases]) known.add(n)
      const key = [name, ...aliases].find((n) => n in vals)
      const path = `${prefix}${key ?? name}`
      if (key === undefined) {
        if (opt.required === true) {
          problems.push({
            code: 'ROLE_ARGUMENTS',
            message: `${subject}missing required argument \`${prefix}${name}\``,
            key: `${prefix}${name}`,
            loc: at(container),
            hint: `pass \`${name}\`${typeof opt.description === 'string' ? ` (${opt.description.trim()})` : ''}`,
          })
        }
        continue
      }
      checkValue(opt, vals[key], path, container, key)
    }
    if (!reportUnknown) return
    for (const k of Object.keys(vals)) {
      if (known.has(k)) continue
      const guess = suggest(k, [...known])
      problems.push({
        code: 'ROLE_ARGUMENTS',
        message: `${subject}unknown argument \`${prefix}${k}\``,
        key: `${prefix}${k}`,
        loc: at(container, k),
        hint: guess ? `did you mean \`${guess}\`?` : `valid arguments: ${[...known].join(', ')}`,
      })
    }
  }

  checkOptions(
    spec as Record<string, Option>,
    values,
    '',
    where.container ?? values,
    where.reportUnknown ?? false,
  )
  return problems
}
