/**
 * Builds an Inventory the way Ansible's InventoryData does: groups and hosts in first-seen order,
 * parent/child links with loop detection, `ansible_group_priority`, then `reconcile()` which hangs
 * parentless groups under `all` and puts group-less hosts in `ungrouped`.
 */
import { TsplayError, type SourceLocation } from '../errors.js'
import type { Inventory, InventoryGroup, InventoryHost, VarLayer, Vars } from './model.js'

export class InventoryBuilder {
  readonly inv: Inventory = { hosts: new Map(), groups: new Map(), sources: [] }
  /** Port each host got when first defined, and where */
  private readonly ports = new Map<string, { port: number | undefined; loc: SourceLocation | undefined }>()

  constructor() {
    this.addGroup('all')
    this.addGroup('ungrouped')
    this.addChild('all', 'ungrouped')
  }

  hasGroup(name: string): boolean {
    return this.inv.groups.has(name)
  }

  addGroup(name: string, loc?: SourceLocation): InventoryGroup {
    let group = this.inv.groups.get(name)
    if (!group) {
      group = { name, hosts: [], children: [], parents: [], layers: [], priority: 1, depth: 0, loc }
      this.inv.groups.set(name, group)
    }
    return group
  }

  /**
   * Adds a host (and puts it in `group`). Ansible silently ignores the port of a later definition;
   * we reject a different port instead, since that is almost always a mistake.
   */
  addHost(
    name: string,
    group: string | undefined,
    port: number | undefined,
    loc?: SourceLocation,
  ): InventoryHost {
    let host = this.inv.hosts.get(name)
    if (!host) {
      host = { name, layers: [], loc }
      this.inv.hosts.set(name, host)
      this.ports.set(name, { port, loc })
      if (port !== undefined) {
        host.layers.push({
          origin: describe(loc, 'port'),
          vars: { ansible_port: port },
          loc,
          kind: 'inventory',
        })
      }
    } else if (port !== undefined && this.ports.get(name)?.port !== port) {
      const first = this.ports.get(name)
      const firstPort = first?.port === undefined ? 'without a port' : `with port ${first.port}`
      throw new TsplayError({
        code: 'INVENTORY_HOST_PORT',
        message: `host \`${name}\` is defined with port ${port} here but was first defined ${firstPort}${
          first?.loc ? ` at ${first.loc.file}:${first.loc.line}` : ''
        }`,
        loc,
        key: name,
        hint: 'give the port only once, on the first definition, or set ansible_port in host_vars',
      })
    }
    if (group !== undefined) {
      const g = this.inv.groups.get(group)
      if (!g) throw new Error(`internal: group ${group} missing when adding ${name}`)
      if (!g.hosts.includes(name)) g.hosts.push(name)
    }
    return host
  }

  /** Ansible's add_child: a group or a host under `parent`; refuses loops. */
  addChild(parent: string, child: string, loc?: SourceLocation): void {
    const p = this.inv.groups.get(parent)
    if (!p) throw new Error(`internal: unknown parent group ${parent}`)
    const c = this.inv.groups.get(child)
    if (!c) {
      if (!this.inv.hosts.has(child)) throw new Error(`internal: unknown child ${child}`)
      if (!p.hosts.includes(child)) p.hosts.push(child)
      return
    }
    if (p.children.includes(child)) return
    if (child === parent || ancestorsOf(this.inv, parent).has(child)) {
      throw new TsplayError({
        code: 'INVENTORY_GROUP_LOOP',
        message: `adding group \`${child}\` as a child of \`${parent}\` creates a loop`,
        loc,
        key: child,
        hint: `a group cannot be its own ancestor; remove \`${child}\` from the children of \`${parent}\``,
      })
    }
    p.children.push(child)
    if (!c.parents!.includes(parent)) c.parents!.push(parent)
  }

  /** Inventory-file variables; `ansible_group_priority` only sets the priority, as in Ansible. */
  setVars(entity: 'group' | 'host', name: string, vars: Vars, origin: string, loc?: SourceLocation): void {
    const target = entity === 'group' ? this.inv.groups.get(name) : this.inv.hosts.get(name)
    if (!target) throw new Error(`internal: unknown ${entity} ${name}`)
    const own: Vars = {}
    for (const [k, v] of Object.entries(vars)) {
      if (entity === 'group' && k === 'ansible_group_priority') {
        ;(target as InventoryGroup).priority = priorityValue(v, loc)
      } else own[k] = v
    }
    if (Object.keys(own).length) target.layers.push({ origin, vars: own, loc, kind: 'inventory' })
  }

  reconcile(): Inventory {
    const { groups, hosts } = this.inv
    for (const g of groups.values()) {
      if (g.name !== 'all' && !g.parents!.length) this.addChild('all', g.name)
    }
    computeDepths(this.inv)
    const ungrouped = groups.get('ungrouped')!
    for (const host of hosts.values()) {
      const mine = directGroups(this.inv, host.name)
      if (mine.includes('ungrouped')) {
        if (mine.some((g) => g !== 'all' && g !== 'ungrouped')) {
          ungrouped.hosts.splice(ungrouped.hosts.indexOf(host.name), 1)
        }
      } else if (mine.every((g) => g === 'all')) {
        ungrouped.hosts.push(host.name)
      }
    }
    return this.inv
  }
}

function describe(loc: SourceLocation | undefined, what: string): string {
  return loc ? `${loc.file}:${loc.line} (${what})` : what
}

function priorityValue(v: unknown, loc: SourceLocation | undefined): number {
  const n = typeof v === 'boolean' ? Number(v) : typeof v === 'string' ? Number(v.trim()) : v
  if (typeof n === 'number' && Number.isFinite(n) && (typeof v !== 'string' || /^\s*[+-]?\d+\s*$/.test(v))) {
    return Math.trunc(n)
  }
  throw new TsplayError({
    code: 'INVENTORY_GROUP_PRIORITY',
    message: `ansible_group_priority must be an integer, got \`${String(v)}\``,
    loc,
    key: 'ansible_group_priority',
    hint: 'use a whole number such as ansible_group_priority=10 (higher wins among groups of the same depth)',
  })
}

/** Groups that list the host directly. */
export function directGroups(inv: Inventory, host: string): string[] {
  return [...inv.groups.values()].filter((g) => g.hosts.includes(host)).map((g) => g.name)
}

export function ancestorsOf(inv: Inventory, group: string): Set<string> {
  const seen = new Set<string>()
  const todo = [...(inv.groups.get(group)?.parents ?? [])]
  while (todo.length) {
    const g = todo.pop()!
    if (seen.has(g)) continue
    seen.add(g)
    todo.push(...(inv.groups.get(g)?.parents ?? []))
  }
  return seen
}

/** Ansible's depth: the longest parent chain from `all` (or from any root). */
function computeDepths(inv: Inventory): void {
  const memo = new Map<string, number>()
  const depth = (name: string): number => {
    const known = memo.get(name)
    if (known !== undefined) return known
    const parents = inv.groups.get(name)?.parents ?? []
    const d = parents.length ? Math.max(...parents.map((p) => depth(p) + 1)) : 0
    memo.set(name, d)
    return d
  }
  for (const g of inv.groups.values()) g.depth = depth(g.name)
}

/** Every group the host belongs to, directly or through ancestors (including `all`). */
export function hostGroups(inv: Inventory, host: string): InventoryGroup[] {
  const names = new Set<string>()
  for (const g of directGroups(inv, host)) {
    names.add(g)
    for (const a of ancestorsOf(inv, g)) names.add(a)
  }
  return [...inv.groups.values()].filter((g) => names.has(g.name))
}

/** Ansible's sort_groups: by depth, then priority, then name. */
export function sortGroups(groups: InventoryGroup[]): InventoryGroup[] {
  return [...groups].sort(
    (a, b) =>
      (a.depth ?? 0) - (b.depth ?? 0) ||
      (a.priority ?? 1) - (b.priority ?? 1) ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  )
}

export type { VarLayer }
