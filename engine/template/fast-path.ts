/**
 * Most templates in a play are text with plain variable references (`{{ root }}/etc`,
 * `{{ kernel.stdout }}`). Those render here without Handlebars' runtime, which costs ~15 µs a call
 * and is a tenth of a big run's controller CPU. Anything unusual on the way (a missing or null
 * value, a vault value, a property that is not the object's own) returns MISS, and the caller
 * renders with Handlebars, which holds the one definition of those cases and their errors.
 */
import { EncryptedString } from '../yaml/vault-tag.js'
import { toText } from './values.js'

export const MISS: unique symbol = Symbol('template fast path miss')
export type FastFn = (vars: object, asText: boolean) => unknown

/* The rewritten AST's nodes, as compile.ts sees them */
interface Node {
  type: string
  [field: string]: unknown
}

const SIMPLE_PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/
const hasOwn = Object.prototype.hasOwnProperty

/** A fast renderer for a body of text and `{{__outvar "name" name}}` mustaches, else undefined. */
export function fastPath(body: Node[]): FastFn | undefined {
  const pieces: (string | string[])[] = []
  for (const n of body) {
    if (n.type === 'ContentStatement') {
      pieces.push(String(n['value']))
      continue
    }
    if (n.type !== 'MustacheStatement' || n['hash'] !== undefined) return undefined
    const path = n['path'] as Node
    const [, ref] = n['params'] as Node[]
    if ((path['parts'] as string[] | undefined)?.join('.') !== '__outvar' || ref?.type !== 'PathExpression')
      return undefined
    const original = String(ref['original'])
    const parts = ref['parts'] as string[]
    // `this`, `this.x` and `../x` name contexts, not variables: Handlebars' own path
    if (ref['data'] || ref['depth'] !== 0 || !SIMPLE_PATH.test(original) || parts.join('.') !== original)
      return undefined
    pieces.push(original.split('.'))
  }
  const only = pieces.length === 1 ? pieces[0] : undefined
  if (Array.isArray(only)) {
    return (vars, asText) => {
      const v = lookup(vars, only)
      return v === MISS || !asText ? v : toText(v)
    }
  }
  return (vars) => {
    let out = ''
    for (const p of pieces) {
      if (typeof p === 'string') out += p
      else {
        const v = lookup(vars, p)
        if (v === MISS) return MISS
        out += toText(v)
      }
    }
    return out
  }
}

function lookup(root: object, parts: string[]): unknown {
  let cur: unknown = root
  for (const key of parts) {
    if (cur === null || (typeof cur !== 'object' && typeof cur !== 'string') || !hasOwn.call(cur, key))
      return MISS
    cur = (cur as Record<string, unknown>)[key]
  }
  return cur === undefined || cur === null || cur instanceof EncryptedString ? MISS : cur
}
