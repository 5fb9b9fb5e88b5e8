/**
 * Value semantics shared by templates and conditions: Python/Jinja truthiness, Ansible's `bool` and
 * `int`, structural equality, ordering, and the only way either language reads a property.
 */
import { EncryptedString } from '../yaml/vault-tag.js'
import { UnsafeText } from '../yaml/unsafe-tag.js'

/** Thrown by helpers, filters and tests; the caller adds where it happened. */
export class TemplateFault extends Error {
  /** Line within the template, filled in by the helper wrapper */
  line: number | undefined

  constructor(
    message: string,
    readonly hint?: string,
    readonly code = 'TEMPLATE_ERROR',
  ) {
    super(message)
  }
}

/** Parse errors of `from_json`/`from_yaml` and the like are the user's data, not our bugs. */
export function asFault(err: unknown, name: string): unknown {
  if (err instanceof TemplateFault || !(err instanceof Error)) return err
  if (err instanceof SyntaxError || err.name.startsWith('YAML'))
    return new TemplateFault(`${name}: ${err.message.split('\n')[0]}`)
  return err
}

/** Decrypts a vault value; supplied by the caller so that this module never sees a password. */
export type SecretResolver = (secret: EncryptedString) => unknown

/** Names that would reach into the JavaScript object model instead of user data. */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype', '__defineGetter__', '__lookupGetter__'])

/**
 * The only property read either language performs: own data properties of objects, array and
 * string indexes (negative counts from the end, as in Python). Anything else is `undefined`.
 */
export function getItem(container: unknown, key: unknown): unknown {
  if (container === null || container === undefined) return undefined
  if (typeof key === 'number') {
    if (!Number.isInteger(key)) return undefined
    if (Array.isArray(container) || typeof container === 'string') {
      const i = key < 0 ? container.length + key : key
      return i >= 0 && i < container.length ? container[i] : undefined
    }
    key = String(key)
  }
  if (typeof key !== 'string' || typeof container !== 'object' || FORBIDDEN.has(key)) return undefined
  if (Array.isArray(container)) return /^\d+$/.test(key) ? container[Number(key)] : undefined
  if (container instanceof EncryptedString) return undefined
  return Object.prototype.hasOwnProperty.call(container, key)
    ? (container as Record<string, unknown>)[key]
    : undefined
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof EncryptedString)
}

/** Python truthiness: None, False, 0, '', [] and {} are false; everything else is true. */
export function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false) return false
  if (v === true) return true
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v)
  if (typeof v === 'string' || Array.isArray(v)) return v.length > 0
  if (isPlainObject(v)) {
    for (const _ in v) return true
    return false
  }
  return true
}

const TRUE_WORDS = new Set(['yes', 'on', '1', 'true', 'y', 't'])

/** Ansible's `bool` filter: 'yes'/'on'/'1'/'true'/'y'/'t' (any case) and 1 are true, all else false. */
export function toBool(v: unknown): boolean {
  if (typeof v === 'boolean') return v
  if (typeof v === 'number') return v === 1
  if (typeof v === 'string') return TRUE_WORDS.has(v.trim().toLowerCase())
  return false
}

/** Jinja's `int`: numbers truncate, numeric strings parse (also '0x1f', '12.7'), else the default. */
export function toInt(v: unknown, fallback: unknown = 0, base: unknown = 10): number {
  if (typeof v === 'boolean') return v ? 1 : 0
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : Number(fallback)
  if (typeof v === 'string') {
    const s = v.trim().replace(/_/g, '')
    const radix = Number(base)
    if (radix !== 10 && /^[0-9a-z]+$/i.test(s.replace(/^0[xob]/i, ''))) {
      const n = parseInt(s.replace(/^0[xob]/i, ''), radix)
      if (!Number.isNaN(n)) return n
    }
    if (/^[+-]?\d+$/.test(s)) return parseInt(s, 10)
    if (/^0x[0-9a-f]+$/i.test(s)) return parseInt(s.slice(2), 16)
    const f = Number(s)
    if (s !== '' && Number.isFinite(f)) return Math.trunc(f)
  }
  return Number(fallback)
}

export function toFloat(v: unknown, fallback: unknown = 0): number {
  if (typeof v === 'boolean') return v ? 1 : 0
  const f = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
  return Number.isNaN(f) ? Number(fallback) : f
}

/** Text of a value as templates print it: null is empty, lists and mappings are JSON. */
export function toText(v: unknown): string {
  if (typeof v === 'string') return v
  if (v === null || v === undefined) return ''
  if (v instanceof UnsafeText) return v.text
  if (typeof v === 'object' && !(v instanceof EncryptedString)) return JSON.stringify(v)
  return String(v)
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]))
  }
  const ka = Object.keys(a)
  if (ka.length !== Object.keys(b).length) return false
  return ka.every((k) => getItem(b, k) !== undefined && deepEqual(getItem(a, k), getItem(b, k)))
}

export type Ordering = '<' | '>' | '<=' | '>='

/** Python ordering: numbers with numbers, strings with strings, lists element-wise; else a type error. */
export function compare(a: unknown, b: unknown, op: Ordering): boolean {
  const c = order(a, b, op)
  return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0
}

function order(a: unknown, b: unknown, op: string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = order(a[i], b[i], op)
      if (c !== 0) return c
    }
    return a.length - b.length
  }
  throw new TemplateFault(
    `cannot compare ${typeName(a)} ${op} ${typeName(b)}`,
    'convert first, e.g. `x | int > 3` in a condition or `gt (int x) 3` in a template',
    'TEMPLATE_TYPE',
  )
}

/** Type as the user wrote it, with an article: 'a list', 'an int'. */
export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'none'
  if (Array.isArray(v)) return 'a list'
  if (v instanceof EncryptedString) return 'a vault value'
  if (typeof v === 'object') return 'a mapping'
  if (typeof v === 'number') return Number.isInteger(v) ? 'an int' : 'a float'
  return typeof v === 'boolean' ? 'a bool' : 'a string'
}

export function lengthOf(v: unknown): number {
  if (typeof v === 'string' || Array.isArray(v)) return v.length
  if (isPlainObject(v)) return Object.keys(v).length
  throw new TemplateFault(`${typeName(v)} has no length`, undefined, 'TEMPLATE_TYPE')
}

/** `x in y`: substring, list membership (structural), or mapping key. */
export function contains(container: unknown, item: unknown): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string')
      throw new TemplateFault(`\`in <string>\` needs a string on its left, not ${typeName(item)}`)
    return container.includes(item)
  }
  if (Array.isArray(container)) return container.some((x) => deepEqual(x, item))
  if (isPlainObject(container)) return typeof item === 'string' && getItem(container, item) !== undefined
  throw new TemplateFault(`\`in\` needs a string, list or mapping on its right, not ${typeName(container)}`)
}

/** Replace vault values with their plaintext, copying only the containers that hold one. */
export function revealSecrets(
  v: unknown,
  resolve: SecretResolver | undefined,
  seen = new Set<object>(),
): unknown {
  if (v instanceof EncryptedString) return revealSecret(v, resolve)
  if (v === null || typeof v !== 'object' || seen.has(v)) return v
  seen.add(v)
  if (Array.isArray(v)) {
    let copy: unknown[] | undefined
    v.forEach((item, i) => {
      const r = revealSecrets(item, resolve, seen)
      if (r !== item) (copy ??= v.slice())[i] = r
    })
    return copy ?? v
  }
  let copy: Record<string, unknown> | undefined
  for (const [k, item] of Object.entries(v)) {
    const r = revealSecrets(item, resolve, seen)
    if (r !== item) (copy ??= { ...v })[k] = r
  }
  return copy ?? v
}

export function revealSecret(v: EncryptedString, resolve: SecretResolver | undefined): unknown {
  if (!resolve) {
    throw new TemplateFault(
      'a vault-encrypted value is used but no vault secret is available here',
      'pass --ask-vault-pass or --vault-password-file',
      'TEMPLATE_VAULT',
    )
  }
  return resolve(v)
}
