/**
 * The private Handlebars environment: our helpers, compile options, Jinja-like scoping in blocks,
 * and parse errors turned into problems with line and column.
 */
import Handlebars from 'handlebars'
import type { Problem } from '../errors.js'
import { buildHelpers, depthedLookup, PUBLIC_HELPERS } from './helpers.js'
import { lineNote, locate, type TemplateOrigin } from './origin.js'

export const env = Handlebars.create()
env.unregisterHelper('log')

/**
 * Our helpers are not registered in `env`: Handlebars re-wraps every registered helper on every
 * render (~0.1 µs each), so each template gets only the helpers it uses, passed at render time.
 */
const HELPERS: Record<string, unknown> = { ...buildHelpers(), __depthed: depthedLookup }

export function helpersFor(names: Iterable<string>): Record<string, Handlebars.HelperDelegate> {
  const out: Record<string, Handlebars.HelperDelegate> = {}
  for (const name of names) {
    if (HELPERS[name]) out[name] = HELPERS[name] as Handlebars.HelperDelegate
  }
  return out
}
// Silence Handlebars' console warnings about denied prototype access: denial is what we want.
;(env as unknown as { logger: { level: number } }).logger.level = 4
// Keep jison's error details (line/column) on the thrown error; the default handler drops them.
;(env as unknown as { Parser: { parseError: unknown } }).Parser.parseError = (
  message: string,
  hash: unknown,
) => {
  throw Object.assign(new Error(message), { hash })
}

/**
 * With `compat`, names not found on the current block context are looked up in enclosing ones.
 * Handlebars' own version skips null values; ours stops at any own property, so `x: null` is defined.
 */
const Base = (env as unknown as { JavaScriptCompiler: unknown }).JavaScriptCompiler as {
  new (): object
  prototype: Record<string, unknown>
}
function ScopedCompiler(this: object): void {
  Base.call(this)
}
ScopedCompiler.prototype = Object.create(Base.prototype) as Record<string, unknown>
ScopedCompiler.prototype.compiler = ScopedCompiler
ScopedCompiler.prototype.depthedLookup = function (
  this: { aliasable(s: string): string; quotedString(s: string): string },
  name: string,
) {
  // `container` is passed last because Handlebars sets `.lookupProperty` on a helper's last argument.
  return [this.aliasable('container.helpers.__depthed'), '(depths, ', this.quotedString(name), ', container)']
}
;(env as unknown as { JavaScriptCompiler: unknown }).JavaScriptCompiler = ScopedCompiler

const KNOWN_HELPERS = Object.fromEntries(
  [...PUBLIC_HELPERS, '__var', '__outvar', '__out', '__capture'].map((n) => [n, true]),
)
export const COMPILE_OPTIONS = {
  noEscape: true,
  compat: true,
  knownHelpers: KNOWN_HELPERS,
  knownHelpersOnly: true,
  preventIndent: true,
}

export function syntaxProblem(
  origin: TemplateOrigin | undefined,
  line: number,
  column: number,
  message: string,
  hint?: string,
): Problem {
  const loc = locate(origin, line, column)
  return {
    code: 'TEMPLATE_SYNTAX',
    message: `${message}${lineNote(origin, line, column)}`,
    loc,
    key: origin?.key,
    hint,
  }
}

interface JisonHash {
  text?: string
  token?: string | number
  loc?: { first_line: number; first_column: number }
}

export function parseError(err: unknown, source: string, origin: TemplateOrigin | undefined): Problem {
  const e = err as Error & { hash?: JisonHash; lineNumber?: number; column?: number }
  const line = e.hash?.loc?.first_line ?? e.lineNumber ?? 1
  const token = e.hash?.text
  if (e.hash?.token === 'EOF') {
    const open = unclosedBlock(source)
    if (open) {
      return syntaxProblem(
        origin,
        open.line,
        open.column,
        `invalid template: \`{{#${open.name}}}\` is never closed`,
        `add \`{{/${open.name}}}\``,
      )
    }
  }
  const lineText = source.split('\n')[line - 1] ?? ''
  // jison reports where the failing rule started; the offending token itself is more helpful
  const reported = e.hash?.loc?.first_column ?? e.column ?? 0
  const found = token ? lineText.indexOf(token, reported) : -1
  const column = (found >= 0 ? found : reported) + 1
  const detail = !e.hash
    ? e.message.replace(/ - \d+:\d+$/, '')
    : e.hash.token === 'EOF'
      ? 'unexpected end of template'
      : token
        ? `unexpected \`${token}\``
        : 'unexpected text'
  const jinjaFilter = /\{\{[^}]*\|/.test(lineText)
  const hint = jinjaFilter
    ? "filters are helpers here: write `{{ default x 'y' }}` instead of `{{ x | default('y') }}`"
    : e.hash?.token === 'EOF'
      ? 'close every `{{#block}}` with its `{{/block}}` and every `{{` with `}}`'
      : 'check that every `{{` has a matching `}}`; write `\\{{` for a literal `{{`'
  return syntaxProblem(origin, line, column, `invalid template: ${detail}`, hint)
}

/** The innermost block opened and not closed, for a clearer message than "unexpected EOF". */
function unclosedBlock(source: string): { name: string; line: number; column: number } | undefined {
  const stack: { name: string; at: number }[] = []
  for (const m of source.matchAll(/\{\{~?\s*([#/])\s*([\w-]+)/g)) {
    if (m[1] === '#') stack.push({ name: m[2]!, at: m.index })
    else if (stack.at(-1)?.name === m[2]) stack.pop()
  }
  const open = stack.at(-1)
  if (!open) return undefined
  const before = source.slice(0, open.at)
  return { name: open.name, line: before.split('\n').length, column: open.at - before.lastIndexOf('\n') }
}

export function jinjaStatement(source: string, origin: TemplateOrigin | undefined): Problem | undefined {
  const m = /\{%-?\s*(\w+)?/.exec(source)
  if (!m) return undefined
  const before = source.slice(0, m.index)
  const line = before.split('\n').length
  const column = m.index - before.lastIndexOf('\n')
  return syntaxProblem(
    origin,
    line,
    column,
    `Jinja statement \`{% ${m[1] ?? ''} %}\` is not template syntax here`,
    'use Handlebars blocks: `{{#if cond}}…{{else}}…{{/if}}`, `{{#each list}}…{{/each}}`',
  )
}
