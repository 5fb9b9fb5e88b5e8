/**
 * Ansible's YAML inventory (`all: {hosts, children, vars}`), shape-checked with a JSON Schema first so
 * that every mistake is reported with its line and column. Ansible only warns about unknown keys and
 * non-mapping groups; we reject them.
 */
import type { ErrorObject, ValidateFunction } from 'ajv'
import { createRequire } from 'node:module'
import { didYouMean, ProblemList, TsplayError, type SourceLocation } from '../errors.js'
import { locate } from '../yaml/load.js'
import { EncryptedString } from '../yaml/vault-tag.js'
import type { InventoryBuilder } from './data.js'
import { expandHostPattern, HostPatternError } from './ranges.js'

const SECTIONS = ['hosts', 'children', 'vars']

const schema = {
  type: 'object',
  additionalProperties: { $ref: '#/definitions/group' },
  definitions: {
    group: {
      type: ['object', 'null'],
      properties: {
        hosts: {
          type: ['object', 'string', 'null'],
          additionalProperties: { $ref: '#/definitions/mapping' },
        },
        children: {
          type: ['object', 'string', 'null'],
          additionalProperties: { $ref: '#/definitions/group' },
        },
        vars: { $ref: '#/definitions/mapping' },
      },
      additionalProperties: false,
    },
    mapping: { type: ['object', 'null'], not: { instanceof: 'EncryptedString' } },
  },
}

// compiled on first use: INI inventories never need ajv (~40 ms of start-up)
let compiled: ValidateFunction | undefined
function validator(): ValidateFunction {
  if (compiled) return compiled
  const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv')
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true })
  ajv.addKeyword({
    keyword: 'instanceof',
    schemaType: 'string',
    validate: (_name: string, data: unknown) => data instanceof EncryptedString || Array.isArray(data),
  })
  return (compiled = ajv.compile(schema))
}

/** True when YAML data looks like an inventory (a mapping that is not a plugin configuration). */
export function isYamlInventory(data: unknown): boolean {
  return (
    data !== null && typeof data === 'object' && !Array.isArray(data) && !(data instanceof EncryptedString)
  )
}

export function parseYamlInventory(data: unknown, file: string, builder: InventoryBuilder): void {
  if (!isYamlInventory(data)) {
    throw new TsplayError({
      code: 'INVENTORY_YAML_SHAPE',
      message: `a YAML inventory must be a mapping of group names, got ${data === null ? 'an empty file' : describe(data)}`,
      loc: { file, line: 1, column: 1 },
      hint: 'start with `all:` and put hosts under `all: {hosts: ...}` or groups under `all: {children: ...}`',
    })
  }
  const root = data as Record<string, unknown>
  if ('plugin' in root) {
    throw new TsplayError({
      code: 'INVENTORY_PLUGIN',
      message: 'inventory plugin configurations are not supported',
      loc: locate(root, 'plugin') ?? { file, line: 1, column: 1 },
      key: 'plugin',
      hint: 'export the hosts with `ansible-inventory -i THIS_FILE --list --yaml` and use that file instead',
    })
  }
  const validate = validator()
  if (!validate(root)) shapeErrors(root, validate.errors ?? [], file).throwIfAny()
  const problems = new ProblemList()
  for (const [name, group] of Object.entries(root)) {
    try {
      parseGroup(name, group, file, builder, problems)
    } catch (err) {
      problems.addError(err)
    }
  }
  problems.throwIfAny()
}

function parseGroup(
  name: string,
  group: unknown,
  file: string,
  b: InventoryBuilder,
  problems: ProblemList,
): string {
  b.addGroup(name)
  if (group === null || typeof group !== 'object') return name
  const g = group as Record<string, unknown>
  for (const section of Object.keys(g)) {
    let value = g[section]
    if (typeof value === 'string') value = { [value]: null }
    if (value === null || value === undefined) continue
    const entries = Object.entries(value as Record<string, unknown>)
    const where = (key?: string): SourceLocation =>
      locate(value, key) ?? locate(g, section) ?? { file, line: 0, column: 0 }
    try {
      if (section === 'vars')
        b.setVars('group', name, value as Record<string, unknown>, `${file} (vars of group ${name})`, where())
      else if (section === 'children') {
        for (const [child, childData] of entries) {
          parseGroup(child, childData, file, b, problems)
          b.addChild(name, child, where(child))
        }
      } else {
        for (const [pattern, hostVars] of entries) {
          try {
            addHosts(pattern, (hostVars ?? {}) as Record<string, unknown>, name, where(pattern), file, b)
          } catch (err) {
            problems.addError(err)
          }
        }
      }
    } catch (err) {
      problems.addError(err)
    }
  }
  return name
}

function addHosts(
  pattern: string,
  vars: Record<string, unknown>,
  group: string,
  loc: SourceLocation,
  file: string,
  b: InventoryBuilder,
): void {
  let expanded
  try {
    expanded = expandHostPattern(pattern)
  } catch (err) {
    if (!(err instanceof HostPatternError)) throw err
    throw new TsplayError({
      code: 'INVENTORY_RANGE',
      message: err.message,
      loc,
      key: pattern,
      hint: err.hint,
    })
  }
  for (const host of expanded.hosts) {
    b.addHost(host, group, expanded.port, loc)
    b.setVars('host', host, vars, `${file} (vars of host ${host})`, loc)
  }
}

function shapeErrors(root: Record<string, unknown>, errors: ErrorObject[], file: string): ProblemList {
  const problems = new ProblemList()
  const seen = new Set<string>()
  for (const e of errors) {
    const path = e.instancePath
      .split('/')
      .slice(1)
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    const key =
      e.keyword === 'additionalProperties' ? String(e.params['additionalProperty']) : path[path.length - 1]
    const containerPath = e.keyword === 'additionalProperties' ? path : path.slice(0, -1)
    const dedupe = `${containerPath.join('/')}//${key}`
    if (seen.has(dedupe)) continue
    seen.add(dedupe)
    let container: unknown = root
    for (const p of containerPath) container = (container as Record<string, unknown>)[p]
    const loc = locate(container, key) ?? { file, line: 0, column: 0 }
    problems.add(shapeProblem(e, path, key, loc))
  }
  return problems
}

function shapeProblem(e: ErrorObject, path: string[], key: string | undefined, loc: SourceLocation) {
  const parent = path.length >= 2 ? path[path.length - 2] : undefined
  if (e.keyword === 'additionalProperties') {
    const guess = key ? didYouMean(key, SECTIONS) : undefined
    return {
      code: 'INVENTORY_YAML_SHAPE',
      message: `unexpected key \`${key}\` in group \`${path[path.length - 1]}\``,
      loc,
      key,
      hint: guess
        ? `did you mean \`${guess}\`?`
        : 'a group may only contain `hosts`, `children` and `vars`; put other groups under `children`',
    }
  }
  const what =
    parent === 'hosts'
      ? `the variables of host \`${key}\` must be a mapping`
      : key === 'vars' || parent === 'vars'
        ? `\`vars\` of group \`${parent === 'vars' ? path[path.length - 3] : parent}\` must be a mapping`
        : key === 'hosts' || key === 'children'
          ? `\`${key}\` must be a mapping of names`
          : `group \`${key}\` must be a mapping with hosts, children or vars`
  return {
    code: 'INVENTORY_YAML_SHAPE',
    message: what,
    loc,
    key,
    hint: 'use `name: value` pairs (an empty value is fine); lists (`- item`) are not allowed here',
  }
}

function describe(v: unknown): string {
  return Array.isArray(v) ? 'a list' : `a ${typeof v}`
}
