/**
 * Host patterns as Ansible's InventoryManager evaluates them: `a:b`/`a,b` unions, `&` intersections
 * and `!` exclusions (applied in that order), globs, `~regex`, `[i]`/`[i:j]` subscripts, and
 * `@file` (one pattern per line, as for --limit). The result keeps inventory order.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { TsplayError } from '../errors.js'
import type { Inventory } from './model.js'
import { parseAddress } from './ranges.js'
import { hostsOfGroup } from './vars.js'

const SUBSCRIPT = /^(.+)\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\]$/

export interface SelectOptions {
  cwd?: string
}

/** Ansible's split_host_pattern: commas always split; colons only when not part of an address. */
export function splitHostPattern(pattern: string | string[]): string[] {
  if (Array.isArray(pattern)) return pattern.flatMap((p) => splitHostPattern(p))
  let parts: string[]
  if (pattern.includes(',')) parts = pattern.split(',')
  else if (parseAddress(pattern, true)) parts = [pattern]
  else parts = pattern.match(/(?:[^\s:[\]]|\[[^\]]*\])+/g) ?? []
  return parts.map((p) => p.trim()).filter(Boolean)
}

export function selectHosts(inv: Inventory, pattern: string | string[], opts: SelectOptions = {}): string[] {
  const patterns = splitHostPattern(pattern).flatMap((p) =>
    p.startsWith('@') ? readPatternFile(p, opts) : [p],
  )
  const regular = patterns.filter((p) => p[0] !== '!' && p[0] !== '&')
  const ordered = [
    ...(regular.length ? regular : ['all']),
    ...patterns.filter((p) => p[0] === '&'),
    ...patterns.filter((p) => p[0] === '!'),
  ]
  let hosts: string[] = []
  for (const p of ordered) {
    if (inv.hosts.has(p)) {
      hosts.push(p)
      continue
    }
    const matched = matchOne(inv, p)
    if (p[0] === '!') {
      const drop = new Set(matched)
      hosts = hosts.filter((h) => !drop.has(h))
    } else if (p[0] === '&') {
      const keep = new Set(matched)
      hosts = hosts.filter((h) => keep.has(h))
    } else {
      const have = new Set(hosts)
      hosts.push(...matched.filter((h) => !have.has(h)))
    }
  }
  return [...new Set(hosts)]
}

function matchOne(inv: Inventory, pattern: string): string[] {
  const bare = pattern[0] === '&' || pattern[0] === '!' ? pattern.slice(1) : pattern
  if (!bare) throw malformed(pattern, 'nothing follows `&` or `!`')
  const { expr, subscript } = splitSubscript(bare)
  const re = compile(expr)
  const results: string[] = []
  const groups = [...inv.groups.keys()].filter((g) => re.test(g))
  for (const g of groups) results.push(...hostsOfGroup(inv, g))
  if (!groups.length || expr[0] === '~' || /[.?*[]/.test(expr)) {
    for (const h of inv.hosts.keys()) if (re.test(h)) results.push(h)
  }
  const unique = [...new Set(results)]
  if (!subscript || !unique.length) return unique
  const [start, end] = subscript
  if (end !== undefined) return unique.slice(start, end === -1 ? undefined : end + 1)
  const host = unique.at(start)
  if (host === undefined || start >= unique.length || start < -unique.length) {
    throw new TsplayError({
      code: 'INVENTORY_PATTERN_INDEX',
      message: `no host at index ${start} of pattern \`${pattern}\` (it matches ${unique.length} hosts)`,
      key: pattern,
      hint: `use an index from 0 to ${unique.length - 1}, or from -1 to -${unique.length}`,
    })
  }
  return [host]
}

function splitSubscript(pattern: string): { expr: string; subscript?: [number, number | undefined] } {
  if (pattern[0] === '~') return { expr: pattern }
  const m = SUBSCRIPT.exec(pattern)
  if (!m) return { expr: pattern }
  if (m[2] !== undefined) return { expr: m[1]!, subscript: [Number(m[2]), undefined] }
  const end = m[5] ? Number(m[5]) : -1
  // Ansible treats an end of 0 like no end at all (`[2:0]` is `[2]`)
  return { expr: m[1]!, subscript: [Number(m[3]), end === 0 ? undefined : end] }
}

/** fnmatch.translate for globs; `~regex` is anchored at the start only, like Python's re.match. */
function compile(expr: string): RegExp {
  try {
    if (expr[0] === '~') return new RegExp('^(?:' + expr.slice(1).replace(/\(\?P</g, '(?<') + ')')
    return new RegExp('^' + globToRegex(expr) + '$', 's')
  } catch (err) {
    throw malformed(expr, `invalid regular expression: ${(err as Error).message}`)
  }
}

function globToRegex(glob: string): string {
  let out = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!
    if (c === '*') out += '.*'
    else if (c === '?') out += '.'
    else if (c === '[') {
      let j = i + 1
      if (glob[j] === '!') j++
      if (glob[j] === ']') j++
      while (j < glob.length && glob[j] !== ']') j++
      if (j >= glob.length) out += '\\['
      else {
        let body = glob.slice(i + 1, j).replace(/\\/g, '\\\\')
        if (body[0] === '!') body = '^' + body.slice(1)
        else if (body[0] === '^') body = '\\' + body
        out += `[${body}]`
        i = j
      }
    } else out += c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
  }
  return out
}

function readPatternFile(item: string, opts: SelectOptions): string[] {
  const path = resolve(opts.cwd ?? process.cwd(), item.slice(1))
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new TsplayError({
      code: 'INVENTORY_PATTERN_FILE',
      message: `host pattern file \`${item.slice(1)}\` ${existsSync(path) ? 'is a directory' : 'does not exist'}`,
      key: item,
      hint: 'use @FILE with a file listing one host or pattern per line',
    })
  }
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
}

function malformed(pattern: string, why: string): TsplayError {
  return new TsplayError({
    code: 'INVENTORY_PATTERN',
    message: `invalid host pattern \`${pattern}\`: ${why}`,
    key: pattern,
    hint: 'see docs/inventory.md for the pattern syntax: names, globs like web*, ~regex, group[0:2], a:&b, a:!b',
  })
}
