/** Python regular expressions and `match.expand` templates, in JS. */
import { ModuleFailure } from './types.js'

/**
 * A Python regex as a JS RegExp: `(?P<n>)`, `(?P=n)`, `\A`, `\Z` and leading inline flags `(?im)`.
 * Scans escapes so that `\\A` stays a backslash and an A.
 */
export function pyToJs(pattern: string, flags = ''): RegExp {
  let src = pattern
  const inline = /^\(\?([aiLmsux]+)\)/.exec(src)
  if (inline) {
    src = src.slice(inline[0].length)
    for (const f of inline[1]!) if ('ims'.includes(f) && !flags.includes(f)) flags += f
  }
  let out = ''
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!
    if (c === '\\') {
      const n = src[i + 1] ?? ''
      out += n === 'A' ? '(?<![\\s\\S])' : n === 'Z' ? '(?![\\s\\S])' : c + n
      i++
    } else if (src.startsWith('(?P<', i)) {
      out += '(?<'
      i += 3
    } else if (src.startsWith('(?P=', i)) {
      const end = src.indexOf(')', i)
      out += `\\k<${src.slice(i + 4, end)}>`
      i = end
    } else out += c
  }
  try {
    return new RegExp(out, flags)
  } catch (err) {
    throw new ModuleFailure(
      `invalid regular expression ${JSON.stringify(pattern)}: ${(err as Error).message}`,
    )
  }
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  f: '\f',
  v: '\v',
  a: '\x07',
  b: '\b',
  '\\': '\\',
  '0': '\0',
}

/** Python's `match.expand(template)`: `\1`, `\g<1>`, `\g<name>` and escapes like `\n`. */
export function pyExpand(template: string, m: RegExpExecArray | RegExpMatchArray): string {
  return template.replace(/\\(g<(\w+)>|[1-9]\d?|.)/gs, (all, what: string, g: string | undefined) => {
    const group = g ?? (/^\d/.test(what) ? what : undefined)
    if (group !== undefined) {
      const v = /^\d+$/.test(group) ? m[Number(group)] : m.groups?.[group]
      if (/^\d+$/.test(group) && Number(group) >= m.length)
        throw new ModuleFailure(`invalid group reference ${group}`)
      return v ?? ''
    }
    return ESCAPES[what] ?? all
  })
}
