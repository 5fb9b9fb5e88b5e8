/**
 * Rendering entry points. Strings without `{{` are returned untouched without parsing; a string
 * that is one `{{ expression }}` yields the expression's value (list, number, boolean…); anything
 * else is text and is never parsed back into data.
 */
import { statSync, readFileSync } from 'node:fs'
import { TsplayError, type Problem } from '../errors.js'
import { UnsafeText } from '../yaml/unsafe-tag.js'
import { EncryptedString } from '../yaml/vault-tag.js'
import { compileTemplate, TemplateSyntaxError, type CompiledTemplate } from './compile.js'
import { MISS } from './fast-path.js'
import { renderState } from './helpers.js'
import { excerpt, faultToError, type TemplateOrigin } from './origin.js'
import {
  isPlainObject,
  revealSecret,
  revealSecrets,
  TemplateFault,
  toText,
  type SecretResolver,
} from './values.js'

export interface RenderOptions {
  /** Decrypts `!vault` values met while rendering; without it they are an error */
  resolveSecret?: SecretResolver | undefined
}

/** Compile with errors as TsplayError (`TEMPLATE_SYNTAX`), listing every problem found. */
export function compile(source: string, origin?: TemplateOrigin): CompiledTemplate {
  try {
    return compileTemplate(source, origin)
  } catch (err) {
    if (err instanceof TemplateSyntaxError) throw new TsplayError(err.problems)
    throw err
  }
}

/** Render a compiled template; `asText` forces text even for a single expression. */
export function run(
  t: CompiledTemplate,
  vars: object,
  origin?: TemplateOrigin,
  options?: RenderOptions,
  asText = false,
): unknown {
  const saved = renderState.resolveSecret
  renderState.resolveSecret = options?.resolveSecret
  try {
    const fast = t.fast?.(vars, asText) ?? MISS
    if (fast !== MISS) return fast
    if (asText) return t.runText(vars)
    const text = t.run(vars)
    if (!t.single) return text
    const value = renderState.captured
    renderState.captured = undefined
    return value
  } catch (err) {
    const line = err instanceof TemplateFault ? (err.line ?? 1) : 1
    const context = origin && !origin.line ? '' : `template \`${excerpt(t.source)}\`: `
    throw faultToError(err, origin, line, context)
  } finally {
    renderState.resolveSecret = saved
  }
}

export function renderString(
  template: string,
  vars: object,
  origin?: TemplateOrigin,
  options?: RenderOptions,
): unknown {
  if (!template.includes('{{')) return template
  return run(compile(template, origin), vars, origin, options)
}

/** Render every string inside objects and arrays; unchanged containers are returned as is. */
export function renderDeep(
  value: unknown,
  vars: object,
  origin?: TemplateOrigin,
  options?: RenderOptions,
): unknown {
  if (typeof value === 'string') {
    if (!value.includes('{{')) return value
    const out = renderString(value, vars, origin, options)
    return options?.resolveSecret && typeof out === 'object' && out !== null
      ? revealSecrets(out, options.resolveSecret)
      : out
  }
  if (value instanceof EncryptedString) return secret(value, origin, options)
  if (value instanceof UnsafeText) return value.text
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined
    value.forEach((item, i) => {
      const r = renderDeep(item, vars, origin, options)
      if (r !== item) (copy ??= value.slice())[i] = r
    })
    return copy ?? value
  }
  if (isPlainObject(value)) {
    let copy: Record<string, unknown> | undefined
    for (const key of Object.keys(value)) {
      const item = value[key]
      const r = renderDeep(item, vars, origin, options)
      if (r !== item) (copy ??= { ...value })[key] = r
    }
    return copy ?? value
  }
  return value
}

function secret(
  value: EncryptedString,
  origin: TemplateOrigin | undefined,
  options: RenderOptions | undefined,
): unknown {
  try {
    return revealSecret(value, options?.resolveSecret)
  } catch (err) {
    throw faultToError(err, origin, 1, '')
  }
}

interface FileEntry {
  mtimeMs: number
  size: number
  template: CompiledTemplate
}
const files = new Map<string, FileEntry>()

/** Render a template file to text; recompiled only when its mtime or size changes. */
export function renderFile(path: string, vars: object, options?: RenderOptions): string {
  let stat
  try {
    stat = statSync(path)
  } catch (err) {
    throw new TsplayError({
      code: 'TEMPLATE_NOT_FOUND',
      message: `cannot read template ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      loc: { file: path, line: 0, column: 0 },
      hint: 'check the `src` path; role templates live in the role’s templates/ directory',
    })
  }
  const origin = { file: path }
  let entry = files.get(path)
  if (!entry || entry.mtimeMs !== stat.mtimeMs || entry.size !== stat.size) {
    entry = { mtimeMs: stat.mtimeMs, size: stat.size, template: compile(readFileSync(path, 'utf8'), origin) }
    files.set(path, entry)
  }
  return toText(run(entry.template, vars, origin, options, true))
}

/** Load-time check of a string or file text: the first syntax problem, or undefined. */
export function checkTemplateSyntax(text: string, origin?: TemplateOrigin): Problem | undefined {
  if (!text.includes('{{') && !text.includes('{%')) return undefined
  try {
    compileTemplate(text, origin)
    return undefined
  } catch (err) {
    if (err instanceof TemplateSyntaxError) return err.problems[0]
    throw err
  }
}
