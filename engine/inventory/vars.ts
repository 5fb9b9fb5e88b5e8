/**
 * Variable layers of a host in Ansible's default precedence (VARIABLE_PRECEDENCE), lowest first:
 * `all` inventory vars, other groups' inventory vars, group_vars/all, other group_vars, host
 * inventory vars, host_vars. Groups are ordered by depth, ansible_group_priority, then name.
 */
import { TsplayError } from '../errors.js'
import { hostGroups, sortGroups } from './data.js'
import type { Inventory, InventoryGroup, VarLayer, Vars } from './model.js'

const isInventoryLayer = (l: VarLayer): boolean => (l.kind ?? 'inventory') === 'inventory'

function requireHost(inv: Inventory, host: string) {
  const h = inv.hosts.get(host)
  if (!h) {
    throw new TsplayError({
      code: 'INVENTORY_UNKNOWN_HOST',
      message: `host \`${host}\` is not in the inventory`,
      key: host,
      hint: 'check the name with `tsplay inventory -i INVENTORY --graph`',
    })
  }
  return h
}

/** Vars-file layers of `groups`, source by source (Ansible loops over sources, then groups). */
function fileLayers(groups: InventoryGroup[]): VarLayer[] {
  const all = groups.flatMap((g, order) =>
    g.layers.filter((l) => !isInventoryLayer(l)).map((l) => ({ l, order })),
  )
  return all.sort((a, b) => (a.l.source ?? 0) - (b.l.source ?? 0) || a.order - b.order).map((x) => x.l)
}

export function hostVarLayers(inv: Inventory, host: string): VarLayer[] {
  const h = requireHost(inv, host)
  const all = inv.groups.get('all')!
  const groups = sortGroups(hostGroups(inv, host).filter((g) => g.name !== 'all'))
  return [
    ...all.layers.filter(isInventoryLayer),
    ...groups.flatMap((g) => g.layers.filter(isInventoryLayer)),
    ...fileLayers([all]),
    ...fileLayers(groups),
    ...h.layers.filter(isInventoryLayer),
    ...h.layers.filter((l) => !isInventoryLayer(l)),
  ]
}

/** Merge layers; later keys replace earlier ones whole (hash_behaviour=replace). */
export function mergeLayers(layers: VarLayer[]): Vars {
  const out: Vars = {}
  for (const layer of layers) Object.assign(out, layer.vars)
  return out
}

export function hostVars(inv: Inventory, host: string): Vars {
  return mergeLayers(hostVarLayers(inv, host))
}

/** A group's own variables: inventory first, then its group_vars files. */
export function groupVars(inv: Inventory, group: string): Vars {
  const g = inv.groups.get(group)
  if (!g) throw new Error(`internal: unknown group ${group}`)
  return mergeLayers([...g.layers.filter(isInventoryLayer), ...fileLayers([g])])
}

/** Ansible's `group_names`: sorted, without `all`, with `ungrouped` when the host is in it. */
export function groupNamesOf(inv: Inventory, host: string): string[] {
  requireHost(inv, host)
  return hostGroups(inv, host)
    .map((g) => g.name)
    .filter((n) => n !== 'all')
    .sort()
}

/**
 * Hosts of a group and its descendants: own hosts, then children level by level (Group.get_hosts).
 * Where Ansible walks a Python set of groups at the same level, we use definition order.
 */
export function hostsOfGroup(inv: Inventory, group: string): string[] {
  const start = inv.groups.get(group)
  if (!start) return []
  const ordered: InventoryGroup[] = [start, ...start.children.map((c) => inv.groups.get(c)!)]
  const seen = new Set<InventoryGroup>(ordered.slice(1))
  let level = ordered.slice(1)
  while (level.length) {
    const next: InventoryGroup[] = []
    for (const g of level) {
      for (const c of g.children) {
        const child = inv.groups.get(c)!
        if (!seen.has(child) && !next.includes(child)) {
          next.push(child)
          ordered.push(child)
        }
      }
    }
    for (const g of next) seen.add(g)
    level = next
  }
  const hosts = new Set<string>()
  for (const g of ordered) for (const h of g.hosts) hosts.add(h)
  return [...hosts]
}

/** Inventories do not change during a run: `groups` is built once per inventory, not per task. */
const groupsCache = new WeakMap<Inventory, Record<string, string[]>>()

/** Ansible's `groups` magic variable, every group including `all` and `ungrouped`. */
export function groupsMap(inv: Inventory): Record<string, string[]> {
  let out = groupsCache.get(inv)
  if (!out) {
    out = {}
    for (const name of inv.groups.keys()) out[name] = hostsOfGroup(inv, name)
    groupsCache.set(inv, out)
  }
  return out
}
