/**
 * The one variable precedence ladder (docs/variables.md shows it as a table). Lower levels first;
 * a later level replaces a variable of an earlier one as a whole (no deep merge, as Ansible's default).
 */
import type { Vars } from '../inventory/model.js'

export const LEVELS = [
  'role defaults',
  'inventory group vars',
  'inventory host vars',
  'facts',
  'play vars',
  'play vars_files',
  'role vars',
  'block vars',
  'task vars',
  'set_fact / register',
  'role params',
  'extra vars',
  'magic',
] as const

export type Level = (typeof LEVELS)[number]

export interface VarSource {
  level: Level
  /** Where these variables came from, e.g. `inventories/prod/group_vars/all.yml` */
  origin: string
  /** Data, never templated: module results and gathered facts (Ansible marks them unsafe) */
  verbatim?: boolean | undefined
  vars: Vars
}

export interface Resolved {
  vars: Vars
  /** The source each variable's winning value came from */
  origins: Map<string, VarSource>
}

const rank = new Map<Level, number>(LEVELS.map((l, i) => [l, i]))

/** Merges sources by level (stable within a level), the last one winning per variable. */
export function mergeSources(sources: VarSource[]): Resolved {
  const ordered = [...sources].sort((a, b) => rank.get(a.level)! - rank.get(b.level)!)
  const vars: Vars = {}
  const origins = new Map<string, VarSource>()
  for (const src of ordered) {
    for (const [k, v] of Object.entries(src.vars)) {
      vars[k] = v
      origins.set(k, src)
    }
  }
  return { vars, origins }
}
