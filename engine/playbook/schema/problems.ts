/**
 * ajv errors → Problems. ajv reports every failing keyword of every anyOf branch; users want one
 * sentence per mistake, at the line of the key, with what would have been accepted.
 */
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv'
import { createRequire } from 'node:module'
import type { Problem, SourceLocation } from '../../errors.js'
import { EncryptedString } from '../../yaml/vault-tag.js'
import { UnsafeText } from '../../yaml/unsafe-tag.js'
import { precompiled } from './precompiled.js'
import { describeCondition } from './describe.js'
import {
  badValue,
  exclusive,
  invalidName,
  missing,
  resolveRef,
  segments,
  suggest,
  unknownKey,
} from './messages.js'

export type JsonSchema = Record<string, unknown>

/** One ajv for all of tsplay's schemas: every error, with data and schema attached for messages. */
export const AJV_OPTIONS = {
  allErrors: true,
  verbose: true,
  strictTypes: false,
  strictTuples: false,
} as const

/** ajv itself loads only when something is compiled at run time (~40 ms of start-up otherwise). */
export function newAjv(): Ajv {
  const { Ajv: AjvClass } = createRequire(import.meta.url)('ajv') as typeof import('ajv')
  return new AjvClass(AJV_OPTIONS)
}

let sharedAjv: Ajv | undefined
const registered: JsonSchema[] = []

/** Every schema given to lazyValidator so far (what the build precompiles). */
export function registeredSchemas(): readonly JsonSchema[] {
  return registered
}

/**
 * Compile on first use, then reuse. Validators precompiled at build time are taken as they are
 * (compiling the play and task schemas was ~45% of `tsplay check`'s time).
 */
export function lazyValidator(schema: JsonSchema): () => ValidateFunction {
  registered.push(schema)
  let compiled: ValidateFunction | undefined
  return () => (compiled ??= precompiled(schema) ?? (sharedAjv ??= newAjv()).compile(schema))
}

/** A value only known at run time: a Jinja2 template or a vault-encrypted string. */
export function isDeferred(value: unknown): boolean {
  return (
    (typeof value === 'string' && /\{\{|\{%/.test(value)) ||
    value instanceof EncryptedString ||
    value instanceof UnsafeText
  )
}

export interface MapContext {
  code: string
  file: string
  /** The data that was validated */
  root: unknown
  /** Prefix of every message, e.g. "`copy`: " */
  subject?: string
  /** What a top-level key is called: "argument", "play keyword" */
  noun?: string
  /** Objects that may hold the top-level keys' positions (besides `root`) */
  holders?: unknown[]
  fallback?: SourceLocation
  /** Skip value errors on templated/encrypted values (module arguments) */
  skipDeferred?: boolean
  /** alias → canonical name, for messages about required arguments */
  aliases?: Readonly<Record<string, string>>
  /** The whole schema, to resolve `$ref` when describing */
  rootSchema?: JsonSchema
}

export function validateWith(validate: ValidateFunction, data: unknown, ctx: MapContext): Problem[] {
  return validate(data) ? [] : toProblems(validate.errors ?? [], ctx)
}

export function toProblems(all: ErrorObject[], ctx: MapContext): Problem[] {
  let errors = ctx.skipDeferred ? all.filter((e) => !underDeferred(ctx.root, e.instancePath)) : all
  errors = pruneBranches(errors, ctx)
  const ifErrors = errors.filter((e) => e.keyword === 'if')
  const problems: Problem[] = []
  const seen = new Set<string>()
  const push = (id: string, p: Problem): void => {
    if (seen.has(id)) return
    seen.add(id)
    problems.push(p)
  }
  // A misspelt required key is reported once, as unknown (with the suggestion), not also as missing.
  const suggested = new Set<string>()
  for (const e of errors) {
    if (e.keyword !== 'additionalProperties') continue
    const props = Object.keys(
      ((e.parentSchema as JsonSchema | undefined)?.properties as JsonSchema | undefined) ?? {},
    )
    const guess = suggest(String((e.params as { additionalProperty: string }).additionalProperty), props)
    if (guess) suggested.add(`${e.instancePath}/${guess}`)
  }
  const misspelt = (e: ErrorObject, names: string[]): boolean =>
    names.some((n) => suggested.has(`${e.instancePath}/${n}`))
  // Outermost failure first, so that one bad value gives one problem.
  const sorted = [...errors].sort((a, b) => a.schemaPath.length - b.schemaPath.length)
  for (const e of sorted) {
    if (e.keyword === 'if' || e.keyword === 'propertyNames') continue
    const path = segments(e.instancePath)
    if (e.propertyName !== undefined) {
      push(`name:${e.instancePath}/${e.propertyName}`, invalidName(ctx, path, e.propertyName))
      continue
    }
    const cond = conditionOf(e, ifErrors)
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = String((e.params as { additionalProperty: string }).additionalProperty)
        push(`extra:${e.instancePath}/${key}`, unknownKey(ctx, path, key, e.parentSchema))
        break
      }
      case 'required': {
        const key = String((e.params as { missingProperty: string }).missingProperty)
        if (!misspelt(e, [key])) push(`req:${e.instancePath}/${key}`, missing(ctx, path, [key], cond))
        break
      }
      case 'not':
        push(`not:${e.instancePath}:${e.schemaPath}`, exclusive(ctx, path, e))
        break
      default: {
        const names = requiredAlternatives(e)
        if (names) {
          if (!misspelt(e, names))
            push(`req:${e.instancePath}/${names.join('|')}`, missing(ctx, path, names, cond))
        } else push(`value:${e.instancePath}`, badValue(ctx, path, e))
      }
    }
  }
  return problems.sort(
    (a, b) => (a.loc?.line ?? 0) - (b.loc?.line ?? 0) || (a.loc?.column ?? 0) - (b.loc?.column ?? 0),
  )
}

/**
 * For each failing anyOf/oneOf: when exactly one branch could take a value of this JSON type and
 * it failed deeper inside the value, report that branch's errors (the user meant it); otherwise
 * report the anyOf itself, described as a whole.
 */
function pruneBranches(errors: ErrorObject[], ctx: MapContext): ErrorObject[] {
  const removed = new Set<ErrorObject>()
  const unions = errors
    .filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
    .sort((a, b) => a.schemaPath.length - b.schemaPath.length)
  for (const u of unions) {
    if (removed.has(u)) continue
    const prefix = `${u.schemaPath}/`
    // Items of one list share schema paths: a branch's errors are also under the union's value.
    const under = (e: ErrorObject): boolean =>
      e.instancePath === u.instancePath || e.instancePath.startsWith(`${u.instancePath}/`)
    const inside = errors.filter((e) => e.schemaPath.startsWith(prefix) && under(e) && !removed.has(e))
    const branches = Array.isArray(u.schema) ? (u.schema as unknown[]) : []
    const fits = branches.map((b, i) => (accepts(b, u.data, ctx) ? i : -1)).filter((i) => i >= 0)
    const only = fits.length === 1 ? `${prefix}${fits[0]}/` : undefined
    const deeper = only && inside.some((e) => e.schemaPath.startsWith(only) && !leafOf(e, u.instancePath))
    if (only && deeper) {
      removed.add(u)
      for (const e of inside) if (!e.schemaPath.startsWith(only)) removed.add(e)
    } else {
      for (const e of inside) removed.add(e)
    }
  }
  return errors.filter((e) => !removed.has(e))
}

const LEAF_KEYWORDS = new Set(['type', 'enum', 'const', 'pattern', 'format', 'multipleOf', 'anyOf', 'oneOf'])

/** A failure of the value itself (its type or form), as opposed to something inside it. */
function leafOf(e: ErrorObject, at: string): boolean {
  if (e.instancePath !== at || e.propertyName !== undefined || requiredAlternatives(e)) return false
  return LEAF_KEYWORDS.has(e.keyword) || /^(min|max|exclusiveM)/.test(e.keyword)
}

/** Could `schema` accept a value of this JSON type at all (ignoring everything but types)? */
function accepts(schema: unknown, value: unknown, ctx: MapContext): boolean {
  if (schema === true || schema === undefined) return true
  if (schema === false || schema === null || typeof schema !== 'object') return false
  const s = resolveRef(schema as JsonSchema, ctx.rootSchema)
  const t = jsonType(value)
  if (Array.isArray(s.enum))
    return s.enum.some((v) => jsonType(v) === t || (t === 'integer' && jsonType(v) === 'number'))
  if ('const' in s) return jsonType(s.const) === t
  const types =
    typeof s.type === 'string' ? [s.type] : Array.isArray(s.type) ? (s.type as string[]) : undefined
  if (types && !types.some((ty) => ty === t || (ty === 'number' && t === 'integer'))) return false
  for (const k of ['anyOf', 'oneOf'] as const) {
    const list = s[k]
    if (Array.isArray(list) && !list.some((b) => accepts(b, value, ctx))) return false
  }
  return true
}

function jsonType(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number'
  return typeof v === 'object' ? 'object' : typeof v
}

function underDeferred(root: unknown, pointer: string): boolean {
  let node = root
  for (const seg of segments(pointer)) {
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[seg] : undefined
    if (isDeferred(node)) return true
  }
  return false
}

/** `anyOf: [{required: [a]}, {required: [b]}]` → [a, b] */
function requiredAlternatives(e: ErrorObject): string[] | undefined {
  if (e.keyword !== 'anyOf' || !Array.isArray(e.schema)) return undefined
  const names: string[] = []
  for (const b of e.schema as JsonSchema[]) {
    const req = b.required
    if (Object.keys(b).length !== 1 || !Array.isArray(req) || req.length !== 1) return undefined
    names.push(String(req[0]))
  }
  return names
}

function conditionOf(e: ErrorObject, ifErrors: ErrorObject[]): string | undefined {
  for (const i of ifErrors) {
    const base = i.schemaPath.slice(0, -'if'.length)
    if (e.instancePath === i.instancePath && e.schemaPath.startsWith(`${base}then/`))
      return describeCondition((i.parentSchema as JsonSchema).if)
  }
  return undefined
}
