/**
 * Ansible filters shared by both languages: `{{ lower x }}` in a template is `x | lower` in a
 * condition. Each filter names its parameters so that keyword arguments (`ignorecase=true`) map
 * onto positions in either syntax.
 */
import { createHash, getHashes } from 'node:crypto'
import { posix } from 'node:path'
import YAML from 'yaml'
import { ipaddr, nthHost } from './ip.js'
import {
  deepEqual,
  getItem,
  isPlainObject,
  lengthOf,
  TemplateFault,
  toBool,
  toFloat,
  toInt,
  toText,
  typeName,
} from './values.js'

export interface FilterDef {
  /** Parameter names after the value itself */
  params: readonly string[]
  fn: (value: unknown, ...args: unknown[]) => unknown
}

const def = (params: readonly string[], fn: FilterDef['fn']): FilterDef => ({ params, fn })

function str(v: unknown, filter: string): string {
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  throw new TemplateFault(`${filter} expects a string, got ${typeName(v)}`, undefined, 'TEMPLATE_TYPE')
}

function list(v: unknown, filter: string): unknown[] {
  if (Array.isArray(v)) return v
  throw new TemplateFault(`${filter} expects a list, got ${typeName(v)}`, undefined, 'TEMPLATE_TYPE')
}

const regexCache = new Map<string, RegExp>()

/** Python regex syntax to JavaScript: named groups `(?P<n>` and back-references `(?P=n)`. */
export function pyRegex(pattern: unknown, flags = '', anchored = false): RegExp {
  const source = str(pattern, 'regex')
  const key = `${flags}/${anchored ? '^' : ''}${source}`
  let re = regexCache.get(key)
  if (!re) {
    const js = source.replace(/\(\?P</g, '(?<').replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
    try {
      re = new RegExp(anchored ? `^(?:${js})` : js, flags)
    } catch (err) {
      throw new TemplateFault(
        `invalid regular expression ${JSON.stringify(source)}: ${(err as Error).message}`,
      )
    }
    if (regexCache.size > 1000) regexCache.clear()
    regexCache.set(key, re)
  }
  re.lastIndex = 0
  return re
}

export function regexFlags(ignorecase: unknown, multiline: unknown): string {
  return `${toBool(ignorecase) ? 'i' : ''}${toBool(multiline) ? 'm' : ''}`
}

/** POSIX shell quoting as Python's shlex.quote does it. */
export function shellQuote(v: unknown): string {
  const s = toText(v)
  if (s === '') return "''"
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'"'"'`)}'`
}

function indent(text: unknown, width: unknown = 4, first: unknown = false, blank: unknown = false): string {
  const pad = typeof width === 'string' ? width : ' '.repeat(toInt(width))
  return str(text, 'indent')
    .split('\n')
    .map((line, i) => ((i > 0 || toBool(first)) && (line !== '' || toBool(blank)) ? pad + line : line))
    .join('\n')
}

function hash(data: unknown, algorithm: unknown = 'sha256'): string {
  const algo = str(algorithm, 'hash').toLowerCase()
  if (!getHashes().includes(algo))
    throw new TemplateFault(`hash: unknown algorithm \`${algo}\``, 'use sha256, sha1, sha512 or md5')
  return createHash(algo).update(toText(data)).digest('hex')
}

function combine(a: unknown, b: unknown, recursive: unknown = false): Record<string, unknown> {
  if (!isPlainObject(a) || !isPlainObject(b))
    throw new TemplateFault('combine expects two mappings', undefined, 'TEMPLATE_TYPE')
  const out: Record<string, unknown> = { ...a }
  for (const [k, v] of Object.entries(b)) {
    const old = getItem(out, k)
    const value = toBool(recursive) && isPlainObject(old) && isPlainObject(v) ? combine(old, v, true) : v
    // defineProperty: a `__proto__` key stays data instead of replacing the prototype
    Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true })
  }
  return out
}

function first(v: unknown): unknown {
  if (typeof v === 'string' || Array.isArray(v)) return v[0]
  return list(v, 'first')
}

function last(v: unknown): unknown {
  if (typeof v === 'string' || Array.isArray(v)) return v[v.length - 1]
  return list(v, 'last')
}

export const FILTERS: ReadonlyMap<string, FilterDef> = new Map<string, FilterDef>([
  ['bool', def([], toBool)],
  ['int', def(['default', 'base'], toInt)],
  ['float', def(['default'], toFloat)],
  ['string', def([], toText)],
  ['lower', def([], (v) => str(v, 'lower').toLowerCase())],
  ['upper', def([], (v) => str(v, 'upper').toUpperCase())],
  ['capitalize', def([], (v) => str(v, 'capitalize').replace(/^./, (c) => c.toUpperCase()))],
  ['trim', def([], (v) => str(v, 'trim').trim())],
  ['length', def([], lengthOf)],
  ['count', def([], lengthOf)],
  ['first', def([], first)],
  ['last', def([], last)],
  ['join', def(['separator'], (v, sep = '') => list(v, 'join').map(toText).join(toText(sep)))],
  [
    'split',
    def(['separator'], (v, sep) =>
      sep === undefined ? str(v, 'split').trim().split(/\s+/) : str(v, 'split').split(toText(sep)),
    ),
  ],
  [
    'unique',
    def([], (v) => list(v, 'unique').filter((x, i, all) => all.findIndex((y) => deepEqual(x, y)) === i)),
  ],
  ['replace', def(['old', 'new'], (v, a, b) => str(v, 'replace').split(str(a, 'replace')).join(toText(b)))],
  [
    'regex_replace',
    def(['pattern', 'replacement', 'ignorecase', 'multiline'], (v, pattern, replacement = '', ic, ml) =>
      str(v, 'regex_replace').replace(
        pyRegex(pattern, `g${regexFlags(ic, ml)}`),
        toText(replacement)
          .replace(/\$/g, '$$$$')
          .replace(/\\(\d+)/g, '$$$1')
          .replace(/\\g<(\w+)>/g, (_, g: string) => (/^\d+$/.test(g) ? `$${g}` : `$<${g}>`)),
      ),
    ),
  ],
  [
    'regex_search',
    def(['pattern', 'ignorecase', 'multiline'], (v, pattern, ic, ml) => {
      const m = pyRegex(pattern, regexFlags(ic, ml)).exec(str(v, 'regex_search'))
      return m ? m[0] : null
    }),
  ],
  ['to_json', def(['indent'], (v, n) => JSON.stringify(v, null, n === undefined ? undefined : toInt(n)))],
  ['to_nice_json', def(['indent'], (v, n = 4) => JSON.stringify(v, null, toInt(n)))],
  ['from_json', def([], (v) => JSON.parse(str(v, 'from_json')))],
  ['to_yaml', def([], (v) => YAML.stringify(v, { version: '1.1' }))],
  ['to_nice_yaml', def(['indent'], (v, n = 4) => YAML.stringify(v, { version: '1.1', indent: toInt(n) }))],
  ['from_yaml', def([], (v) => YAML.parse(str(v, 'from_yaml'), { version: '1.1' }))],
  ['b64encode', def([], (v) => Buffer.from(toText(v), 'utf8').toString('base64'))],
  ['b64decode', def([], (v) => Buffer.from(str(v, 'b64decode'), 'base64').toString('utf8'))],
  ['indent', def(['width', 'first', 'blank'], indent)],
  ['basename', def([], (v) => posix.basename(str(v, 'basename')))],
  ['dirname', def([], (v) => posix.dirname(str(v, 'dirname')))],
  ['hash', def(['algorithm'], hash)],
  ['quote', def([], shellQuote)],
  ['combine', def(['other', 'recursive'], combine)],
  ['ipaddr', def(['query'], ipaddr)],
  ['nthhost', def(['n'], nthHost)],
])
