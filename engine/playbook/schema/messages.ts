/** The wording of schema problems: what is wrong, where, and what would be accepted. */
import type { ErrorObject } from 'ajv'
import { didYouMean, type Problem, type SourceLocation } from '../../errors.js'
import { positionOf } from '../../yaml/load.js'
import { describe, preview } from './describe.js'
import type { JsonSchema, MapContext } from './problems.js'

/**
 * "Did you mean": edit distance, then one swapped pair of letters (`dset`), then the same word
 * with `-`/`_` or case differences, then a unique prefix.
 */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const close = didYouMean(word, candidates)
  if (close) return close
  for (let i = 0; i + 1 < word.length; i++) {
    const swapped = word.slice(0, i) + word.charAt(i + 1) + word.charAt(i) + word.slice(i + 2)
    if (candidates.includes(swapped)) return swapped
  }
  const norm = (w: string): string => w.toLowerCase().replace(/[-_]/g, '')
  const same = candidates.find((c) => norm(c) === norm(word))
  if (same) return same
  if (word.length < 3) return undefined
  const prefixed = candidates.filter((c) => c.startsWith(word) || word.startsWith(c))
  if (prefixed.length === 1) return prefixed[0]
  // Abbreviations: `msg` for `message`
  const abbrev = candidates.filter((c) => c.length >= 3 && isSubsequence(c, word))
  return abbrev.length === 1 ? abbrev[0] : undefined
}

function isSubsequence(short: string, long: string): boolean {
  let i = 0
  for (const ch of long) if (ch === short[i]) i++
  return i === short.length
}

export function resolveRef(s: JsonSchema, root: JsonSchema | undefined): JsonSchema {
  const ref = s.$ref
  if (typeof ref !== 'string' || !root || !ref.startsWith('#/')) return s
  let node: unknown = root
  for (const part of ref.slice(2).split('/')) node = (node as Record<string, unknown> | undefined)?.[part]
  return node && typeof node === 'object' ? resolveRef(node as JsonSchema, root) : s
}

export function segments(pointer: string): string[] {
  if (!pointer) return []
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
}

function child(node: unknown, seg: string): unknown {
  return node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[seg] : undefined
}

function navigate(root: unknown, path: string[]): unknown {
  return path.reduce(child, root)
}

/** `["roles", "0", "tags"]` → `roles[0].tags` */
export function displayPath(path: string[]): string {
  return path.reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '')
}

/** Position of `key` inside the container at `path`, else the fallback, else the container. */
export function where(ctx: MapContext, path: string[], key?: string): SourceLocation {
  const holders = path.length ? [navigate(ctx.root, path)] : [ctx.root, ...(ctx.holders ?? [])]
  if (key !== undefined) {
    for (const h of holders) {
      const pos = positionOf(h)
      const loc = Array.isArray(h) && /^\d+$/.test(key) ? pos?.items[Number(key)] : pos?.keys.get(key)
      if (loc) return loc
    }
  }
  // A key that is not there: the fallback (e.g. the task) says more than the enclosing mapping.
  if (key !== undefined && ctx.fallback) return ctx.fallback
  for (const h of holders) {
    const pos = positionOf(h)
    if (pos) return pos.self
  }
  return ctx.fallback ?? { file: ctx.file, line: 0, column: 0 }
}

function nounFor(ctx: MapContext, path: string[]): string {
  return path.length ? 'key' : (ctx.noun ?? 'key')
}

export function unknownKey(ctx: MapContext, path: string[], key: string, parent: unknown): Problem {
  const props = Object.keys(((parent as JsonSchema | undefined)?.properties as JsonSchema | undefined) ?? {})
  const allowed = props.filter((p) => !p.startsWith('_'))
  const guess = suggest(key, allowed)
  const full = displayPath([...path, key])
  const noun = nounFor(ctx, path)
  return {
    code: ctx.code,
    message: `${ctx.subject ?? ''}unknown ${noun} \`${full}\``,
    key: full,
    loc: where(ctx, path, key),
    hint: guess
      ? `did you mean \`${guess}\`?`
      : allowed.length
        ? `valid ${noun}s${path.length ? ` here` : ''}: ${allowed.join(', ')}`
        : `remove \`${key}\``,
  }
}

export function missing(ctx: MapContext, path: string[], names: string[], cond: string | undefined): Problem {
  const canon = new Set(names.map((n) => ctx.aliases?.[n] ?? n))
  const noun = nounFor(ctx, path)
  const when = cond ? ` (required when ${cond})` : ''
  const [first] = canon
  if (canon.size === 1 && first !== undefined) {
    const full = displayPath([...path, first])
    const others = names.filter((n) => n !== first)
    return {
      code: ctx.code,
      message: `${ctx.subject ?? ''}missing required ${noun} \`${full}\`${when}`,
      key: full,
      loc: where(ctx, path),
      hint: `add \`${first}\`${others.length ? ` (also accepted as ${others.map((o) => `\`${o}\``).join(' or ')})` : ''}`,
    }
  }
  const list = names.map((n) => `\`${n}\``).join(', ')
  return {
    code: ctx.code,
    message: `${ctx.subject ?? ''}one of ${list} is required${when}`,
    key: displayPath([...path, names[0] ?? '']),
    loc: where(ctx, path),
    hint: `add one of ${list}`,
  }
}

export function exclusive(ctx: MapContext, path: string[], e: ErrorObject): Problem {
  const data = e.data as Record<string, unknown>
  const groups: string[][] = []
  const collect = (s: unknown): void => {
    if (!s || typeof s !== 'object') return
    const req = (s as JsonSchema).required
    if (Array.isArray(req)) groups.push(req.map(String))
    const any = (s as JsonSchema).anyOf
    if (Array.isArray(any)) any.forEach(collect)
  }
  collect(e.schema)
  const hit =
    groups.find((g) => g.every((k) => data && typeof data === 'object' && k in data)) ?? groups[0] ?? []
  const names = hit.map((k) => `\`${k}\``).join(' and ')
  const last = hit[hit.length - 1]
  return {
    code: ctx.code,
    message: `${ctx.subject ?? ''}${names} are mutually exclusive`,
    key: displayPath([...path, last ?? '']),
    loc: where(ctx, path, last),
    hint: `keep only one of ${names}`,
  }
}

export function invalidName(ctx: MapContext, path: string[], name: string): Problem {
  const full = displayPath([...path, name])
  const fixed = name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(\d)/, '_$1')
  return {
    code: ctx.code,
    message: `${ctx.subject ?? ''}invalid variable name \`${name}\``,
    key: full,
    loc: where(ctx, path, name),
    hint: `variable names must start with a letter or underscore and contain only letters, digits and underscores, e.g. \`${fixed}\``,
  }
}

export function badValue(ctx: MapContext, path: string[], e: ErrorObject): Problem {
  const full = displayPath(path) || 'value'
  const parent = path.slice(0, -1)
  const last = path[path.length - 1]
  const schema = e.parentSchema
  const expected = describe(schema, ctx.rootSchema)
  let hint = `\`${full}\` must be ${expected}`
  const choices = enumOf(schema as JsonSchema, ctx.rootSchema)
  if (typeof e.data === 'string' && choices) {
    const guess = suggest(e.data, choices)
    if (guess) hint += `; did you mean \`${guess}\`?`
  }
  return {
    code: ctx.code,
    message: `${ctx.subject ?? ''}invalid value ${preview(e.data)} for \`${full}\``,
    key: full,
    loc: last === undefined ? where(ctx, []) : where(ctx, parent, last),
    hint,
  }
}

function enumOf(s: JsonSchema | undefined, root: JsonSchema | undefined): string[] | undefined {
  if (!s) return undefined
  const r = resolveRef(s, root)
  if (Array.isArray(r.enum)) return r.enum.filter((v): v is string => typeof v === 'string')
  const any = r.anyOf ?? r.oneOf
  if (!Array.isArray(any)) return undefined
  const all = any.flatMap((b) => enumOf(b as JsonSchema, root) ?? [])
  return all.length ? all : undefined
}
