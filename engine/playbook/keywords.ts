/** Reading task/play keywords into typed values; the schema has already checked their types. */
import type { Conditions, Inheritable, LoopControl } from './types.js'

export function conditions(v: unknown): Conditions {
  if (v === undefined || v === null) return []
  const list = Array.isArray(v) ? v : [v]
  return list.map((c) => (typeof c === 'boolean' ? c : String(c)))
}

export function stringList(v: unknown): string[] {
  if (v === undefined || v === null) return []
  if (Array.isArray(v)) return v.map(String)
  // Ansible accepts `tags: a, b` as two tags
  return String(v)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
}

const opt = <T>(v: unknown, f: (x: unknown) => T): T | undefined =>
  v === undefined || v === null ? undefined : f(v)
const boolOrTemplate = (v: unknown): boolean | string => (typeof v === 'boolean' ? v : String(v))
const bool = (v: unknown): boolean => v === true || v === 'true' || v === 'yes' || v === 'True'

/** The keywords children inherit from a play, block or role entry. */
export function inheritable(raw: Record<string, unknown>): Inheritable {
  return {
    when: conditions(raw['when']),
    tags: stringList(raw['tags']),
    become: opt(raw['become'], boolOrTemplate),
    becomeUser: opt(raw['become_user'], String),
    becomeMethod: opt(raw['become_method'], String),
    environment: opt(raw['environment'], (x) => x as Record<string, unknown>),
    ignoreErrors: opt(raw['ignore_errors'], boolOrTemplate),
    ignoreUnreachable: opt(raw['ignore_unreachable'], bool),
    checkMode: opt(raw['check_mode'], bool),
    diffMode: opt(raw['diff'], bool),
    noLog: opt(raw['no_log'], boolOrTemplate),
    delegateTo: opt(raw['delegate_to'], String),
    runOnce: opt(raw['run_once'], bool),
    anyErrorsFatal: opt(raw['any_errors_fatal'], bool),
    connection: opt(raw['connection'], String),
    remoteUser: opt(raw['remote_user'], String),
  }
}

export function loopControl(v: unknown): LoopControl | undefined {
  if (v === undefined || v === null || typeof v !== 'object') return undefined
  const lc = v as Record<string, unknown>
  return {
    loopVar: typeof lc['loop_var'] === 'string' ? lc['loop_var'] : 'item',
    indexVar: opt(lc['index_var'], String),
    label: opt(lc['label'], String),
    pause: opt(lc['pause'], Number),
    extended: opt(lc['extended'], bool),
  }
}

/**
 * Splits `a=1 b="x y" c='z'` into pairs, the way Ansible parses `k=v` module arguments. Tokens that
 * are not `k=v` are returned in `rest`, joined back with single spaces.
 */
export function splitKeyValues(text: string): { pairs: [string, string][]; rest: string[] } {
  const pairs: [string, string][] = []
  const rest: string[] = []
  for (const token of shellWords(text)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(token.raw)
    if (m) pairs.push([m[1]!, unquote(m[2]!)])
    else rest.push(token.raw)
  }
  return { pairs, rest }
}

/** Whitespace-separated words, keeping quotes (and `{{ }}` spans) intact inside each word. */
function shellWords(text: string): { raw: string }[] {
  const out: { raw: string }[] = []
  let cur = ''
  let quote: string | null = null
  let braces = 0
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quote) {
      cur += ch
      if (ch === '\\' && i + 1 < text.length) cur += text[++i]
      else if (ch === quote) quote = null
    } else if (ch === '{' && text[i + 1] === '{') {
      braces++
      cur += '{{'
      i++
    } else if (ch === '}' && text[i + 1] === '}' && braces > 0) {
      braces--
      cur += '}}'
      i++
    } else if ((ch === '"' || ch === "'") && braces === 0) {
      quote = ch
      cur += ch
    } else if (/\s/.test(ch) && braces === 0) {
      if (cur) out.push({ raw: cur })
      cur = ''
    } else cur += ch
  }
  if (cur) out.push({ raw: cur })
  return out
}

function unquote(v: string): string {
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) return v.slice(1, -1)
  return v
}
