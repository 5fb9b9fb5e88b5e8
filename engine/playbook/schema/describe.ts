/**
 * JSON Schema → a short English noun phrase ("a string, a boolean or a list of them"), so that
 * every schema error can say what would have been accepted. A schema's `title` overrides.
 */
import { EncryptedString } from '../../yaml/vault-tag.js'

type S = Record<string, unknown>

export function describe(schema: unknown, root?: S): string {
  if (schema === true || schema === undefined) return 'any value'
  if (!schema || typeof schema !== 'object') return 'nothing'
  let s = schema as S
  if (typeof s.$ref === 'string' && root && s.$ref.startsWith('#/')) {
    let node: unknown = root
    for (const part of s.$ref.slice(2).split('/')) node = (node as S | undefined)?.[part]
    if (node && typeof node === 'object') s = node as S
  }
  if (typeof s.title === 'string') return s.title
  if (Array.isArray(s.enum)) return oneOf(s.enum)
  if ('const' in s) return `\`${String(s.const)}\``
  const union = (s.anyOf ?? s.oneOf) as unknown[] | undefined
  if (Array.isArray(union)) return describeUnion(union, root)
  const types = typeof s.type === 'string' ? [s.type] : Array.isArray(s.type) ? (s.type as string[]) : []
  if (!types.length) return s.properties || s.additionalProperties !== undefined ? 'a mapping' : 'any value'
  return join(types.map((t) => describeType(t, s, root)))
}

function describeType(t: string, s: S, root?: S): string {
  switch (t) {
    case 'string':
      if (typeof s.pattern === 'string') return `a string matching /${s.pattern}/`
      return s.minLength ? 'a non-empty string' : 'a string'
    case 'integer':
    case 'number':
      return `${t === 'integer' ? 'an integer' : 'a number'}${range(s)}`
    case 'boolean':
      return 'a boolean'
    case 'null':
      return 'empty (null)'
    case 'object':
      return 'a mapping'
    case 'array':
      return s.items && typeof s.items === 'object'
        ? `a list of ${plural(describe(s.items, root))}`
        : 'a list'
    default:
      return `a ${t}`
  }
}

function range(s: S): string {
  const min = typeof s.minimum === 'number' ? s.minimum : undefined
  const max = typeof s.maximum === 'number' ? s.maximum : undefined
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`
  if (min !== undefined) return ` of at least ${min}`
  if (max !== undefined) return ` of at most ${max}`
  return ''
}

function describeUnion(branches: unknown[], root?: S): string {
  const listIdx = branches.findIndex((b) => b && typeof b === 'object' && (b as S).type === 'array')
  const list = branches[listIdx] as S | undefined
  if (list && list.items && typeof list.items === 'object') {
    const others = branches.filter((_, i) => i !== listIdx)
    const rest = unique(others.map((b) => describe(b, root)))
    const items = describe(list.items, root)
    // "a string or a list of strings" reads better as "a string or a list of them"
    const plain = rest.filter((r) => r !== 'a templated string')
    if (plain.length && join(plain) === items) {
      return join([...plain, 'a list of them', ...rest.filter((r) => !plain.includes(r))])
    }
  }
  return join(unique(branches.map((b) => describe(b, root))))
}

function unique(list: string[]): string[] {
  return [...new Set(list)]
}

export function join(parts: string[]): string {
  if (parts.length <= 1) return parts[0] ?? 'nothing'
  return `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`
}

function oneOf(values: unknown[]): string {
  const shown = values.slice(0, 16).map((v) => (v === null ? 'null' : String(v)))
  if (values.length === 1) return `\`${shown[0]}\``
  return `one of ${shown.join(', ')}${values.length > 16 ? ', ...' : ''}`
}

function plural(phrase: string): string {
  const m = /^an? ([a-z]+)$/.exec(phrase)
  if (m) return `${m[1]}s`
  const parts = phrase.split(/, | or /)
  if (parts.length > 1 && parts.every((p) => /^an? [a-z]+$/.test(p))) return join(parts.map(plural))
  return `items that are ${phrase}`
}

/** `{properties: {state: {const: 'present'}}}` → "`state` is present" */
export function describeCondition(cond: unknown): string | undefined {
  if (!cond || typeof cond !== 'object') return undefined
  const props = (cond as S).properties as S | undefined
  if (!props) return undefined
  const parts = Object.entries(props).map(([k, v]) => {
    const c = v as S
    if ('const' in c) return `\`${k}\` is ${String(c.const)}`
    if (Array.isArray(c.enum)) return `\`${k}\` is ${c.enum.map(String).join(' or ')}`
    return `\`${k}\` is set`
  })
  return parts.length ? parts.join(' and ') : undefined
}

/** A short rendering of a bad value for a message. */
export function preview(v: unknown): string {
  if (v instanceof EncryptedString) return 'a vault-encrypted value'
  if (typeof v === 'string') return `'${v.length > 40 ? `${v.slice(0, 37)}...` : v}'`
  if (v === null || v === undefined) return 'null (empty)'
  if (Array.isArray(v)) return 'a list'
  if (typeof v === 'object') return 'a mapping'
  return String(v)
}
