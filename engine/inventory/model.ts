/**
 * The inventory as tsplay holds it after loading: hosts and groups in Ansible's order, each with its
 * own variables and where they came from. Everything downstream (host patterns, variable precedence,
 * `tsplay inventory`) reads this shape.
 */
import type { SourceLocation } from '../errors.js'

export type Vars = Record<string, unknown>

/** A set of variables from one place, e.g. `[web:vars]` in inventory.ini or group_vars/web.yml. */
export interface VarLayer {
  /** Human-readable origin, e.g. `group_vars/web.yml` or `inventory.ini [web:vars]` */
  origin: string
  vars: Vars
  loc?: SourceLocation | undefined
  /** `inventory` (the inventory source itself) or a vars file from `group_vars/` / `host_vars/` */
  kind?: 'inventory' | 'group_vars' | 'host_vars' | undefined
  /** Index in Inventory.sources of the source whose directory held the vars file */
  source?: number | undefined
}

export interface InventoryHost {
  name: string
  /** Variables set on the host itself, lowest precedence first (inventory file, then host_vars/) */
  layers: VarLayer[]
  /** Where the host was first defined */
  loc?: SourceLocation | undefined
}

export interface InventoryGroup {
  name: string
  /** Hosts listed directly in this group, in definition order */
  hosts: string[]
  /** Child group names, in definition order */
  children: string[]
  /** Group variables, lowest precedence first (inventory file, then group_vars/) */
  layers: VarLayer[]
  loc?: SourceLocation | undefined
  /** Parent group names, in the order the links were made */
  parents?: string[] | undefined
  /** `ansible_group_priority` from the inventory source (default 1) */
  priority?: number | undefined
  /** Longest chain of parents up to `all` (`all` is 0) */
  depth?: number | undefined
}

export interface Inventory {
  /** Every host, in the order Ansible first saw it */
  hosts: Map<string, InventoryHost>
  /** Every group including `all` and `ungrouped` */
  groups: Map<string, InventoryGroup>
  /** Files and directories the inventory was read from */
  sources: string[]
}
