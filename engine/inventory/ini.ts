/**
 * Ansible's INI inventory format, following ansible/plugins/inventory/ini.py line by line: sections
 * `[g]`, `[g:vars]`, `[g:children]` (children may be declared later), host lines split like a shell,
 * values typed with Python's literal_eval. Unlike Ansible it reports every bad line, not the first.
 */
import { ProblemList, TsplayError, type SourceLocation } from '../errors.js'
import type { InventoryBuilder } from './data.js'
import { expandHostPattern, HostPatternError } from './ranges.js'
import { ShlexError, shlexSplit } from './shlex.js'
import { iniValue } from './typing.js'

const SECTION = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$/
const GROUP_NAME = /^([^:\]\s]+)\s*(?:#.*)?$/

interface Pending {
  state: 'vars' | 'children'
  loc: SourceLocation
  parents: string[]
}

export function parseIni(text: string, file: string, data: InventoryBuilder): void {
  const problems = new ProblemList()
  const pending = new Map<string, Pending>()
  let group = 'ungrouped'
  let state = 'hosts'
  let varsLayer: { loc: SourceLocation; origin: string } | undefined
  const lines = text.split(/\r\n|\r|\n/)
  lines.forEach((raw, index) => {
    const line = raw.trim()
    if (!line || line[0] === '#' || line[0] === ';') return
    const indent = raw.length - raw.trimStart().length
    const at = (offset = 0): SourceLocation => ({ file, line: index + 1, column: indent + offset + 1 })
    try {
      const m = SECTION.exec(line)
      if (m) {
        group = m[1]!
        state = m[2] ?? 'hosts'
        if (!['hosts', 'children', 'vars'].includes(state)) {
          const valid = ['hosts', 'vars', 'children'].map((s) => `[${group}:${s}]`).join(', ')
          state = 'invalid'
          throw problem(
            'INVENTORY_SECTION',
            `section [${m[1]}:${m[2]}] has unknown type \`${m[2]}\``,
            at(),
            m[2],
            `use one of ${valid}`,
          )
        }
        if (!data.hasGroup(group)) {
          if (state === 'vars' && !pending.has(group))
            pending.set(group, { state: 'vars', loc: at(), parents: [] })
          data.addGroup(group, at())
        }
        if (state === 'vars') varsLayer = { loc: at(), origin: `${file} [${group}:vars]` }
        const waiting = pending.get(group)
        if (waiting && state !== 'vars') {
          if (waiting.state === 'children') addPendingChildren(group, pending, data)
          else pending.delete(group)
        }
        return
      }
      if (line.startsWith('[') && line.endsWith(']')) {
        throw problem(
          'INVENTORY_SECTION',
          `invalid section header \`${line}\``,
          at(),
          line,
          'write [group], [group:vars] or [group:children] with no spaces inside the brackets',
        )
      }
      if (state === 'hosts') parseHostLine(raw, index, file, group, data)
      else if (state === 'vars') {
        const eq = line.indexOf('=')
        if (eq < 0) {
          throw problem(
            'INVENTORY_VARS_SYNTAX',
            `expected key=value in [${group}:vars], got \`${line}\``,
            at(),
            line,
            `write one variable per line as name=value, e.g. ${line.split(/\s+/)[0]}=value`,
          )
        }
        const key = line.slice(0, eq).trim()
        if (!key)
          throw problem(
            'INVENTORY_VARS_SYNTAX',
            `missing variable name before \`=\``,
            at(),
            line,
            'write name=value',
          )
        data.setVars(
          'group',
          group,
          { [key]: iniValue(line.slice(eq + 1).trim()) },
          varsLayer?.origin ?? file,
          at(),
        )
      } else if (state === 'children') {
        const child = GROUP_NAME.exec(line)?.[1]
        if (!child) {
          throw problem(
            'INVENTORY_CHILDREN_SYNTAX',
            `expected a group name in [${group}:children], got \`${line}\``,
            at(),
            line,
            'list one child group name per line; put hosts in a [group] section instead',
          )
        }
        if (data.hasGroup(child)) data.addChild(group, child, at())
        else {
          const known = pending.get(child)
          if (known) known.parents.push(group)
          else pending.set(child, { state: 'children', loc: at(), parents: [group] })
        }
      }
    } catch (err) {
      problems.addError(err)
    }
  })
  for (const [name, decl] of pending) {
    if (decl.state === 'vars') {
      problems.add({
        code: 'INVENTORY_UNDEFINED_GROUP',
        message: `section [${name}:vars] is for group \`${name}\`, which is never defined`,
        loc: decl.loc,
        key: name,
        hint: `declare the group with a [${name}] or [${name}:children] section, or fix the name`,
      })
    } else {
      problems.add({
        code: 'INVENTORY_UNDEFINED_GROUP',
        message: `[${decl.parents[decl.parents.length - 1]}:children] includes group \`${name}\`, which is never defined`,
        loc: decl.loc,
        key: name,
        hint: `add a [${name}] section (it may be empty), or fix the name; hosts belong in [group] sections, not in [group:children]`,
      })
    }
  }
  problems.throwIfAny()
}

function addPendingChildren(group: string, pending: Map<string, Pending>, data: InventoryBuilder): void {
  const decl = pending.get(group)!
  for (const parent of decl.parents) {
    data.addChild(parent, group, decl.loc)
    if (pending.get(parent)?.state === 'children') addPendingChildren(parent, pending, data)
  }
  pending.delete(group)
}

function parseHostLine(
  raw: string,
  index: number,
  file: string,
  group: string,
  data: InventoryBuilder,
): void {
  const at = (offset: number): SourceLocation => ({ file, line: index + 1, column: offset + 1 })
  let words
  try {
    words = shlexSplit(raw)
  } catch (err) {
    if (!(err instanceof ShlexError)) throw err
    throw problem(
      'INVENTORY_HOST_SYNTAX',
      `cannot split host line: ${err.message.toLowerCase()}`,
      at(raw.length - raw.trimStart().length),
      raw.trim(),
      'close every quote; quote values containing spaces, e.g. motd="hello world"',
    )
  }
  const [first, ...rest] = words
  if (!first) return
  if (!first.text)
    throw problem('INVENTORY_HOST_SYNTAX', 'empty host name', at(first.start), '', 'remove the empty quotes')
  if (first.text.trim().endsWith(':') || first.text.trim() === '---') {
    throw problem(
      'INVENTORY_HOST_SYNTAX',
      `invalid host name \`${first.text}\``,
      at(first.start),
      first.text,
      first.text.trim() === '---'
        ? 'this looks like YAML; give the file a .yml extension'
        : 'write host:port with a numeric port, or drop the trailing `:`',
    )
  }
  let expanded
  try {
    expanded = expandHostPattern(first.text)
  } catch (err) {
    if (!(err instanceof HostPatternError)) throw err
    throw problem('INVENTORY_RANGE', err.message, at(first.start), first.text, err.hint)
  }
  const vars: Record<string, unknown> = {}
  const problems = new ProblemList()
  for (const word of rest) {
    const eq = word.text.indexOf('=')
    if (eq < 0) {
      problems.add({
        code: 'INVENTORY_HOST_VAR_SYNTAX',
        message: `expected key=value after host \`${first.text}\`, got \`${word.text}\``,
        loc: at(word.start),
        key: word.text,
        hint: 'write host variables as name=value; quote values with spaces (name="a b"); one host per line',
      })
      continue
    }
    vars[word.text.slice(0, eq)] = iniValue(word.text.slice(eq + 1))
  }
  problems.throwIfAny()
  for (const host of expanded.hosts) {
    data.addHost(host, group, expanded.port, at(first.start))
    data.setVars('host', host, vars, `${file}:${index + 1}`, at(first.start))
  }
}

function problem(
  code: string,
  message: string,
  loc: SourceLocation,
  key: string | undefined,
  hint: string,
): TsplayError {
  return new TsplayError({ code, message, loc, key, hint })
}
