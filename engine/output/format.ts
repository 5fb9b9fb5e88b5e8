/**
 * Pure text helpers that reproduce ansible-core's default stdout callback byte for byte: banners,
 * recap lines, colours and the JSON it prints (Python's `json.dumps(sort_keys=True)`).
 */
import type { HostCounts } from './events.js'

/** ansible-core's default colours (constants.COLOR_*), as SGR parameters */
export const Colors = {
  ok: '0;32',
  changed: '0;33',
  error: '0;31',
  unreachable: '1;31',
  skip: '0;36',
  warn: '1;35',
  debug: '1;30',
  verbose: '0;34',
  diffAdd: '0;32',
  diffRemove: '0;31',
  diffLines: '0;36',
} as const

export type Color = (typeof Colors)[keyof typeof Colors]

/** Ansible's stringc exactly: each line coloured separately, empty ones too (byte-identical output). */
export function paint(text: string, color: Color | undefined, on: boolean): string {
  if (!on || color === undefined) return text
  return text
    .split('\n')
    .map((l) => `\u001b[${color}m${l}\u001b[0m`)
    .join('\n')
}

/** Terminal width Ansible assumes when stdout is not a terminal (max(79, cols - 1)) */
export const BANNER_COLUMNS = 79

/** `\nPLAY [x] ****…` : the message, a space, then stars to 80 columns (at least 3). */
export function banner(msg: string): string {
  const m = msg.trim()
  return `\n${m} ${'*'.repeat(Math.max(3, BANNER_COLUMNS - m.length))}`
}

/** One PLAY RECAP line: `%-26s : ok=%-4s changed=%-4s …` (trailing spaces included, as Ansible). */
export function recapLine(host: string, c: HostCounts, color = false): string {
  const field = (lead: string, n: number, col: Color): string => {
    const s = `${lead}=${String(n).padEnd(4)}`
    return n !== 0 ? paint(s, col, color) : s
  }
  // Ansible pads the coloured host to 37 (26 + escape codes), so padding counts the codes
  const name = color
    ? paint(
        host,
        c.failed || c.unreachable ? Colors.error : c.changed ? Colors.changed : Colors.ok,
        true,
      ).padEnd(37)
    : host.padEnd(26)
  return [
    `${name} :`,
    field('ok', c.ok, Colors.ok),
    field('changed', c.changed, Colors.changed),
    field('unreachable', c.unreachable, Colors.unreachable),
    field('failed', c.failed, Colors.error),
    field('skipped', c.skipped, Colors.skip),
    field('rescued', c.rescued, Colors.ok),
    field('ignored', c.ignored, Colors.warn),
  ].join(' ')
}

/**
 * Python's `json.dumps(v, sort_keys=True, ensure_ascii=False, indent=indent)`: `", "`/`": "`
 * separators when compact, `","` plus newlines when indented.
 */
export function pyJson(v: unknown, indent?: number, depth = 0): string {
  if (v === null || v === undefined) return 'null'
  if (typeof v === 'number')
    return Number.isFinite(v) ? JSON.stringify(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity'
  if (typeof v === 'bigint') return v.toString()
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v)
  if (typeof v !== 'object') return JSON.stringify(String(v))
  const toJSON = (v as { toJSON?: unknown }).toJSON
  if (typeof toJSON === 'function') return pyJson(toJSON.call(v), indent, depth)
  const entries: [string | undefined, unknown][] = Array.isArray(v)
    ? v.map((x) => [undefined, x])
    : Object.keys(v)
        .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
        .sort()
        .map((k) => [k, (v as Record<string, unknown>)[k]])
  const [open, close] = Array.isArray(v) ? ['[', ']'] : ['{', '}']
  if (!entries.length) return open + close
  const parts = entries.map(
    ([k, x]) => (k === undefined ? '' : `${JSON.stringify(k)}: `) + pyJson(x, indent, depth + 1),
  )
  if (indent === undefined) return open + parts.join(', ') + close
  const pad = ' '.repeat(indent * (depth + 1))
  return `${open}\n${pad}${parts.join(`,\n${pad}`)}\n${' '.repeat(indent * depth)}${close}`
}

/** Python's textwrap.wrap(text, width) with its defaults (Ansible wraps warnings with it). */
export function wrap(text: string, width = BANNER_COLUMNS): string[] {
  // textwrap's chunks: whitespace runs, and words split after a hyphen between letters
  const chunks = text
    .replace(/\s/g, ' ')
    .split(/( +)/)
    .flatMap((c) => c.split(/(?<=[\p{L}\p{M}_]{2}-)(?=[\p{L}\p{M}_]-?[\p{L}\p{M}_])/u))
    .filter((c) => c !== '')
    .reverse()
  const lines: string[] = []
  while (chunks.length) {
    const cur: string[] = []
    let len = 0
    if (lines.length && chunks[chunks.length - 1]!.trim() === '') chunks.pop()
    while (chunks.length && len + chunks[chunks.length - 1]!.length <= width) {
      const c = chunks.pop()!
      cur.push(c)
      len += c.length
    }
    const long = chunks[chunks.length - 1]
    if (long !== undefined && long.length > width) {
      // a word longer than a line fills the rest of this one (at a hyphen when it can)
      const left = Math.max(width - len, 1)
      const hyphen = long.lastIndexOf('-', left - 1)
      const end = hyphen > 0 && /[^-]/.test(long.slice(0, hyphen)) ? hyphen + 1 : left
      cur.push(long.slice(0, end))
      chunks[chunks.length - 1] = long.slice(end)
    }
    if (cur.length && cur[cur.length - 1]!.trim() === '') cur.pop()
    if (cur.length) lines.push(cur.join(''))
  }
  return lines
}

/** `3.2 s`, `2 min 05 s` */
export function formatDuration(ms: number): string {
  const s = ms / 1000
  if (s < 60) return `${s.toFixed(1)} s`
  const whole = Math.round(s)
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}
