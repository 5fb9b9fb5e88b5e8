/**
 * What `ansible-inventory` prints: the `--list` structure, `--graph` trees, and JSON/YAML text with
 * keys sorted and vaulted values shown as `{"__ansible_vault": ciphertext}`.
 */
import YAML from 'yaml'
import { EncryptedString } from '../yaml/vault-tag.js'
import { UnsafeText } from '../yaml/unsafe-tag.js'
import type { Inventory, InventoryGroup, Vars } from './model.js'
import { selectHosts } from './patterns.js'
import { groupVars, hostVars } from './vars.js'

/** Variables ansible-inventory never prints (set by Ansible itself). */
const INTERNAL_VARS = new Set([
  'ansible_config_file',
  'ansible_diff_mode',
  'ansible_facts',
  'ansible_forks',
  'ansible_inventory_sources',
  'ansible_limit',
  'ansible_playbook_python',
  'ansible_run_tags',
  'ansible_skip_tags',
  'ansible_verbosity',
  'ansible_version',
  'inventory_dir',
  'inventory_file',
  'inventory_hostname',
  'inventory_hostname_short',
  'groups',
  'group_names',
  'omit',
  'playbook_dir',
])

function visible(vars: Vars): Vars {
  return Object.fromEntries(Object.entries(vars).filter(([k]) => !INTERNAL_VARS.has(k)))
}

/** A host's variables as `ansible-inventory --host` shows them. */
export function printableHostVars(inv: Inventory, host: string): Vars {
  return visible(hostVars(inv, host))
}

/** A group's variables as `--export` and `--graph --vars` show them. */
export function printableGroupVars(inv: Inventory, group: InventoryGroup): Vars {
  const vars = groupVars(inv, group.name)
  if ((group.priority ?? 1) !== 1) vars['ansible_group_priority'] = group.priority
  return visible(vars)
}

export interface ListOptions {
  /** Group vars under each group and only host-level vars per host, like `--export` */
  export?: boolean
}

/** The `--list` JSON structure. */
export function toAnsibleList(inv: Inventory, opts: ListOptions = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const seen = new Set<string>()
  const format = (group: InventoryGroup): void => {
    const entry: Record<string, unknown> = {}
    if (group.name !== 'all' && group.hosts.length) entry['hosts'] = [...group.hosts]
    if (group.children.length) entry['children'] = [...group.children]
    out[group.name] = entry
    for (const child of group.children) {
      if (seen.has(child)) continue
      format(inv.groups.get(child)!)
      seen.add(child)
    }
    if (opts.export) {
      const vars = printableGroupVars(inv, group)
      if (Object.keys(vars).length) entry['vars'] = vars
    }
    if (!Object.keys(entry).length) delete out[group.name]
  }
  format(inv.groups.get('all')!)
  const hostvars: Record<string, Vars> = {}
  for (const host of selectHosts(inv, 'all')) {
    const vars = opts.export ? visible(ownHostVars(inv, host)) : printableHostVars(inv, host)
    if (Object.keys(vars).length) hostvars[host] = vars
  }
  out['_meta'] = { hostvars }
  return out
}

function ownHostVars(inv: Inventory, host: string): Vars {
  const layers = inv.hosts.get(host)?.layers ?? []
  const inventory = layers.filter((l) => (l.kind ?? 'inventory') === 'inventory')
  return Object.assign(
    {},
    ...inventory.map((l) => l.vars),
    ...layers.filter((l) => !inventory.includes(l)).map((l) => l.vars),
  )
}

/** The `--yaml --list` structure: nested children, hosts with their variables (once per host). */
export function toAnsibleYamlList(inv: Inventory, opts: ListOptions = {}): Record<string, unknown> {
  const seen = new Set<string>()
  const format = (group: InventoryGroup): Record<string, unknown> => {
    const entry: Record<string, unknown> = {}
    const children: Record<string, unknown> = {}
    for (const c of group.children) if (c !== 'all') Object.assign(children, format(inv.groups.get(c)!))
    if (Object.keys(children).length) entry['children'] = children
    const hosts: Record<string, unknown> = {}
    if (group.name !== 'all') {
      for (const h of group.hosts) {
        hosts[h] = seen.has(h) ? {} : opts.export ? visible(ownHostVars(inv, h)) : printableHostVars(inv, h)
        seen.add(h)
      }
    }
    if (Object.keys(hosts).length) entry['hosts'] = hosts
    if (opts.export) {
      const vars = printableGroupVars(inv, group)
      if (Object.keys(vars).length) entry['vars'] = vars
    }
    return { [group.name]: entry }
  }
  return format(inv.groups.get('all')!)
}

/** `--graph [GROUP] [--vars]`, line for line as ansible-inventory prints it. */
export function toGraph(inv: Inventory, group = 'all', withVars = false): string {
  const lines: string[] = []
  const name = (text: string, depth: number) => (depth ? '  |'.repeat(depth) + '--' + text : text)
  const showVars = (vars: Vars, depth: number) => {
    for (const k of Object.keys(vars).sort(compareKeys)) lines.push(name(`{${k} = ${pyStr(vars[k])}}`, depth))
  }
  const walk = (g: InventoryGroup, depth: number): void => {
    lines.push(name(`@${g.name}:`, depth))
    for (const c of g.children) walk(inv.groups.get(c)!, depth + 1)
    if (g.name !== 'all') {
      for (const h of g.hosts) {
        lines.push(name(h, depth + 1))
        if (withVars) showVars(printableHostVars(inv, h), depth + 2)
      }
    }
    if (withVars) showVars(printableGroupVars(inv, g), depth + 1)
  }
  const start = inv.groups.get(group)
  if (!start) throw new Error(`internal: toGraph called with unknown group ${group}`)
  walk(start, 0)
  return lines.join('\n')
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Python's json.dumps(sort_keys=True, indent=4, ensure_ascii=False). */
export function toJson(value: unknown, indent = ''): string {
  if (value instanceof EncryptedString) return toJson({ __ansible_vault: value.ciphertext }, indent)
  if (value instanceof UnsafeText) return toJson({ __ansible_unsafe: value.text }, indent)
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'number')
    return Number.isFinite(value) ? String(value) : value > 0 ? 'Infinity' : value < 0 ? '-Infinity' : 'NaN'
  if (typeof value !== 'object') return JSON.stringify(value)
  const inner = indent + '    '
  if (Array.isArray(value)) {
    if (!value.length) return '[]'
    return `[\n${value.map((v) => inner + toJson(v, inner)).join(',\n')}\n${indent}]`
  }
  const keys = Object.keys(value).sort(compareKeys)
  if (!keys.length) return '{}'
  const obj = value as Record<string, unknown>
  return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${toJson(obj[k], inner)}`).join(',\n')}\n${indent}}`
}

/** Vaulted values become `!vault |` block scalars, as Ansible writes them. */
function withVaultNodes(value: unknown): unknown {
  if (value instanceof EncryptedString) {
    const node = new YAML.Scalar(value.ciphertext)
    node.tag = '!vault'
    node.type = 'BLOCK_LITERAL'
    return node
  }
  if (value instanceof UnsafeText) return value.text
  if (Array.isArray(value)) return value.map(withVaultNodes)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withVaultNodes(v)]))
  }
  return value
}

export function toYaml(value: unknown): string {
  return new YAML.Document(withVaultNodes(value), { sortMapEntries: true }).toString({ lineWidth: 0 })
}

/** Python's str() of a value, as `--graph --vars` prints it. */
export function pyStr(value: unknown): string {
  if (value instanceof UnsafeText) return value.text
  return typeof value === 'string' ? value : pyRepr(value)
}

function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None'
  if (value === true) return 'True'
  if (value === false) return 'False'
  if (typeof value === 'number')
    return Number.isFinite(value) ? String(value) : value > 0 ? 'inf' : value < 0 ? '-inf' : 'nan'
  if (typeof value === 'string') return pyStringRepr(value)
  if (value instanceof EncryptedString) return pyStringRepr(value.ciphertext)
  if (value instanceof UnsafeText) return pyStringRepr(value.text)
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`
  return `{${Object.entries(value as object)
    .map(([k, v]) => `${pyStringRepr(k)}: ${pyRepr(v)}`)
    .join(', ')}}`
}

function pyStringRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'"
  let out = ''
  for (const ch of s) {
    const code = ch.codePointAt(0)!
    if (ch === '\\' || ch === quote) out += '\\' + ch
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (code < 0x20 || code === 0x7f) out += '\\x' + code.toString(16).padStart(2, '0')
    else out += ch
  }
  return quote + out + quote
}
