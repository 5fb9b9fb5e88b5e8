/** sysctl.conf editing as a pure function (key lines only; other lines are kept byte for byte). */
import { toBool } from '../command-run.js'

/** Ansible's _parse_value: booleans become 1/0, strings are trimmed. */
export function sysctlValue(v: unknown): string {
  if (v === undefined || v === null) return ''
  if (typeof v === 'boolean') return v ? '1' : '0'
  const s = String(v).trim()
  if (/^(yes|on|true|y|t|no|off|false|n|f)$/i.test(s)) return toBool(s, false) ? '1' : '0'
  return s
}

/** Values compare as whitespace-separated words (`32768\t60999` equals `32768 60999`). */
export function sameSysctlValue(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b
  return a.split(/\s+/).filter(Boolean).join(' ') === b.split(/\s+/).filter(Boolean).join(' ')
}

export interface SysctlEdit {
  content: string
  changed: boolean
  /** The value the file sets now (its last assignment), if any */
  current?: string | undefined
  /** The key's lines before and after, for --diff */
  before: string[]
  after: string[]
}

function keyOf(line: string): { key: string; value: string } | undefined {
  const t = line.trim()
  if (!t || t.startsWith('#') || t.startsWith(';') || !t.includes('=')) return undefined
  const i = t.indexOf('=')
  return { key: t.slice(0, i).trim(), value: t.slice(i + 1).trim() }
}

/** Sets `name` to `value` (undefined: removes it): the first line is rewritten, later duplicates dropped. */
export function editSysctl(content: string, name: string, value: string | undefined): SysctlEdit {
  const lines = content.match(/[^\n]*\n|[^\n]+$/g) ?? []
  const hits = lines.map((l, i) => ({ i, kv: keyOf(l.replace(/\n$/, '')) })).filter((h) => h.kv?.key === name)
  const before = hits.map((h) => lines[h.i]!.replace(/\n$/, ''))
  const current = hits.length ? hits[hits.length - 1]!.kv!.value : undefined
  if (value === undefined) {
    const drop = new Set(hits.map((h) => h.i))
    const kept = lines.filter((_, i) => !drop.has(i)).join('')
    return { content: kept, changed: hits.length > 0, current, before, after: [] }
  }
  const newLine = `${name}=${value}`
  if (hits.length === 1 && sameSysctlValue(current, value))
    return { content, changed: false, current, before, after: before }
  let out: string[]
  if (!hits.length) {
    out = [...lines]
    if (out.length && !out[out.length - 1]!.endsWith('\n')) out[out.length - 1] += '\n'
    out.push(`${newLine}\n`)
  } else {
    const first = hits[0]!.i
    const drop = new Set(hits.slice(1).map((h) => h.i))
    out = lines.flatMap((l, i) => (i === first ? [`${newLine}\n`] : drop.has(i) ? [] : [l]))
  }
  return { content: out.join(''), changed: true, current, before, after: [newLine] }
}
