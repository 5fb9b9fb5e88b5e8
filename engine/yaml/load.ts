/**
 * YAML → plain data, remembering where every mapping, sequence and key came from so that later
 * validation can point at file, line and column. Uses YAML 1.1 rules as Ansible (PyYAML) does:
 * `yes`/`no`/`on`/`off` are booleans (`y`/`n` are not) and `0644` is octal.
 */
import { readFileSync } from 'node:fs'
import YAML, { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, type Node } from 'yaml'
import { TsplayError, type SourceLocation } from '../errors.js'
import { UnsafeText } from './unsafe-tag.js'
import { EncryptedString } from './vault-tag.js'

export interface Positions {
  self: SourceLocation
  /** Location of each key of a mapping */
  keys: Map<string, SourceLocation>
  /** Location of each item of a sequence */
  items: SourceLocation[]
}

const positions = new WeakMap<object, Positions>()

/** Where a mapping/sequence produced by this loader came from, if known. */
export function positionOf(value: unknown): Positions | undefined {
  return value !== null && typeof value === 'object' ? positions.get(value) : undefined
}

/** Location of `key` in `container` (a mapping key or sequence index), else of the container. */
export function locate(container: unknown, key?: string | number): SourceLocation | undefined {
  const pos = positionOf(container)
  if (!pos) return undefined
  if (typeof key === 'number') return pos.items[key] ?? pos.self
  if (typeof key === 'string') return pos.keys.get(key) ?? pos.self
  return pos.self
}

const vaultTag = {
  tag: '!vault',
  resolve: (text: string) => new EncryptedString(text),
}
const unsafeTag = { tag: '!unsafe', resolve: (text: string) => new UnsafeText(text) }

/** YAML 1.1 makes `y` and `n` booleans; PyYAML, and so Ansible, reads them as strings. */
const PYYAML_BOOL = new Map([
  [true, /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/],
  [false, /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/],
])
type Tags = Extract<NonNullable<YAML.ParseOptions & YAML.SchemaOptions>['customTags'], unknown[]>
function ansibleTags(tags: Tags): Tags {
  const out = tags.map((t) => {
    if (typeof t !== 'object' || t.tag !== 'tag:yaml.org,2002:bool' || !('test' in t) || !t.test) return t
    const value = t.test.test('true')
    return { ...t, test: PYYAML_BOOL.get(value)! }
  })
  return [...out, vaultTag, unsafeTag]
}

export function parseYaml(text: string, file: string): unknown[] {
  const lineCounter = new LineCounter()
  const docs = YAML.parseAllDocuments(text, {
    version: '1.1',
    lineCounter,
    merge: true,
    uniqueKeys: true,
    prettyErrors: false,
    customTags: ansibleTags,
  })
  const list = Array.isArray(docs) ? docs : [docs]
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset)
    return { file, line, column: col }
  }
  for (const doc of list) {
    const err = doc.errors[0]
    if (err) {
      throw new TsplayError({
        code: 'YAML_SYNTAX',
        message: `invalid YAML: ${firstLine(err.message)}`,
        loc: at(err.pos[0]),
        hint: 'check the indentation and quoting on this line; values containing `: ` or starting with `{{` must be quoted',
      })
    }
  }
  return list.map((doc) => convert(doc.contents, at, new Map(), doc))
}

/** Parse the single document of a YAML text (an empty file is `null`). */
export function parseYamlDocument(text: string, file: string): unknown {
  const docs = parseYaml(text, file)
  if (docs.length > 1) {
    throw new TsplayError({
      code: 'YAML_MULTI_DOCUMENT',
      message: `expected one YAML document, found ${docs.length}`,
      loc: { file, line: 0, column: 0 },
      hint: 'remove the extra `---` separators',
    })
  }
  return docs[0] ?? null
}

export function loadYamlFile(file: string): unknown {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new TsplayError({
      code: 'FILE_UNREADABLE',
      message: `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      loc: { file, line: 0, column: 0 },
      hint: 'check the path and its permissions',
    })
  }
  return parseYamlDocument(text, file)
}

type At = (offset: number) => SourceLocation

type Doc = Parameters<YAML.Alias['resolve']>[0]

function convert(node: Node | null | undefined, at: At, anchors: Map<Node, unknown>, doc: Doc): unknown {
  if (node === null || node === undefined) return null
  if (isAlias(node)) {
    const target = node.resolve(doc)
    if (!target) {
      throw new TsplayError({
        code: 'YAML_ALIAS',
        message: `unknown alias *${node.source}`,
        loc: at(node.range?.[0] ?? 0),
        hint: `define the anchor &${node.source} before it is used`,
      })
    }
    return anchors.has(target) ? anchors.get(target) : convert(target, at, anchors, doc)
  }
  const self = at(node.range?.[0] ?? 0)
  if (isScalar(node)) return node.value
  if (isSeq(node)) {
    const out: unknown[] = []
    const pos: Positions = { self, keys: new Map(), items: [] }
    anchors.set(node, out)
    for (const item of node.items) {
      pos.items.push(at((item as Node | null)?.range?.[0] ?? node.range?.[0] ?? 0))
      out.push(convert(item as Node, at, anchors, doc))
    }
    positions.set(out, pos)
    return out
  }
  if (isMap(node)) {
    const out: Record<string, unknown> = {}
    const pos: Positions = { self, keys: new Map(), items: [] }
    anchors.set(node, out)
    for (const pair of node.items) {
      if (!isPair(pair)) continue
      const keyNode = pair.key as Node | null
      const keyValue = isScalar(keyNode) ? keyNode.value : convert(keyNode, at, anchors, doc)
      const keyLoc = at(keyNode?.range?.[0] ?? node.range?.[0] ?? 0)
      const isMerge = keyValue === '<<' || (typeof keyValue === 'symbol' && keyValue.description === '<<')
      if (isMerge && (isMap(pair.value) || isSeq(pair.value) || isAlias(pair.value))) {
        mergeInto(out, pos, convert(pair.value as Node, at, anchors, doc))
        continue
      }
      const key = keyValue === null ? 'null' : String(keyValue)
      // defineProperty: a YAML key `__proto__` is data, never the object's prototype
      Object.defineProperty(out, key, {
        value: convert(pair.value as Node, at, anchors, doc),
        enumerable: true,
        writable: true,
        configurable: true,
      })
      pos.keys.set(key, keyLoc)
    }
    positions.set(out, pos)
    return out
  }
  return (node as { toJSON?: () => unknown }).toJSON?.() ?? null
}

function mergeInto(out: Record<string, unknown>, pos: Positions, source: unknown): void {
  for (const src of Array.isArray(source) ? source : [source]) {
    if (src === null || typeof src !== 'object') continue
    const srcPos = positionOf(src)
    for (const [k, v] of Object.entries(src as Record<string, unknown>)) {
      if (Object.prototype.hasOwnProperty.call(out, k)) continue
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true })
      const loc = srcPos?.keys.get(k)
      if (loc) pos.keys.set(k, loc)
    }
  }
}

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? s).replace(/\s+at line \d+, column \d+:?$/, '')
}
