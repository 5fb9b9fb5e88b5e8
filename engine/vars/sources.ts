/**
 * Which variable sources apply to a host at a task: the inventory, facts, the play, the role, the
 * enclosing blocks, the task, set_fact/register results, extra vars and magic variables, each tagged
 * with its ladder level and origin.
 */
import { groupNamesOf, groupsMap, hostVarLayers } from '../inventory/index.js'
import type { Inventory, Vars } from '../inventory/model.js'
import type { AnyNode, Play, RoleScope } from '../playbook/types.js'
import type { VarSource } from './ladder.js'

export interface HostScope {
  inventory: Inventory
  host: string
  play?: Play | undefined
  /** Gathered facts (also exposed as `ansible_facts`) */
  facts?: Vars | undefined
  /** include_vars values so far */
  includedVars?: Vars | undefined
  /** register results and set_fact values so far: data, never templated again */
  data?: Vars | undefined
  extraVars?: Vars | undefined
  /** Hosts of the play (and of the current batch) */
  playHosts?: string[] | undefined
  batch?: string[] | undefined
  checkMode?: boolean | undefined
  diffMode?: boolean | undefined
  playbookDir?: string | undefined
  /** The `hostvars` magic variable, shared by all hosts of a run */
  hostvars?: Vars | undefined
}

/** Per inventory and host: what only the inventory decides, asked for at every task */
const perHost = new WeakMap<Inventory, Map<string, { sources: VarSource[]; groupNames: string[] }>>()

function inventoryFacts(inv: Inventory, host: string): { sources: VarSource[]; groupNames: string[] } {
  let hosts = perHost.get(inv)
  if (!hosts) perHost.set(inv, (hosts = new Map()))
  let hit = hosts.get(host)
  if (!hit) {
    const own = new Set(inv.hosts.get(host)?.layers ?? [])
    const sources = hostVarLayers(inv, host).map((layer) => ({
      level: own.has(layer) ? ('inventory host vars' as const) : ('inventory group vars' as const),
      origin: layer.origin,
      vars: layer.vars,
    }))
    hosts.set(host, (hit = { sources, groupNames: groupNamesOf(inv, host) }))
  }
  return hit
}

export function inventorySources(inv: Inventory, host: string): VarSource[] {
  return [...inventoryFacts(inv, host).sources]
}

/** Sources that are the same for every task of the play on this host. */
export function hostSources(s: HostScope): VarSource[] {
  const out = inventorySources(s.inventory, s.host)
  if (s.facts) out.push({ level: 'facts', origin: 'gathered facts', vars: factVars(s.facts), verbatim: true })
  if (s.play) {
    out.push({ level: 'play vars', origin: `${s.play.file} play "${s.play.name}" vars`, vars: s.play.vars })
    for (const f of s.play.varsFiles)
      if (f.vars) out.push({ level: 'play vars_files', origin: f.path, vars: f.vars })
  }
  if (s.includedVars) out.push({ level: 'set_fact / register', origin: 'include_vars', vars: s.includedVars })
  if (s.data)
    out.push({ level: 'set_fact / register', origin: 'set_fact / register', vars: s.data, verbatim: true })
  if (s.extraVars) out.push({ level: 'extra vars', origin: 'extra vars (-e)', vars: s.extraVars })
  out.push({ level: 'magic', origin: 'magic variables', vars: magicVars(s) })
  return out
}

/** Sources from the role, the enclosing blocks and the task itself (outermost block first). */
export function nodeSources(chain: AnyNode[]): VarSource[] {
  const out: VarSource[] = []
  const roles = new Set<RoleScope>()
  chain.forEach((node, i) => {
    if (node.role && !roles.has(node.role)) {
      roles.add(node.role)
      const r = node.role
      out.push({ level: 'role defaults', origin: `${r.path}/defaults/main.yml`, vars: r.defaults })
      out.push({ level: 'role vars', origin: `${r.path}/vars/main.yml`, vars: r.vars })
      out.push({ level: 'role params', origin: `parameters of role ${r.name}`, vars: r.params })
    }
    if (Object.keys(node.vars).length) {
      const level = i === chain.length - 1 && node.kind === 'task' ? 'task vars' : 'block vars'
      out.push({ level, origin: `${node.loc.file}:${node.loc.line} vars`, vars: node.vars })
    }
  })
  const role = [...roles].pop()
  if (role)
    out.push({
      level: 'magic',
      origin: 'magic variables',
      vars: { role_path: role.path, role_name: role.name },
    })
  return out
}

/** Facts as Ansible injects them: `ansible_facts.distribution` and `ansible_distribution`. */
function factVars(facts: Vars): Vars {
  const out: Vars = { ansible_facts: facts }
  for (const [k, v] of Object.entries(facts)) out[k.startsWith('ansible_') ? k : `ansible_${k}`] = v
  return out
}

export function magicVars(s: HostScope): Vars {
  const inv = s.inventory
  const playHosts = s.playHosts ?? []
  return {
    inventory_hostname: s.host,
    inventory_hostname_short: s.host.split('.')[0],
    group_names: inventoryFacts(inv, s.host).groupNames,
    groups: groupsMap(inv),
    hostvars: s.hostvars ?? {},
    play_hosts: s.batch ?? playHosts,
    ansible_play_hosts: playHosts,
    ansible_play_hosts_all: playHosts,
    ansible_play_batch: s.batch ?? playHosts,
    ansible_check_mode: Boolean(s.checkMode),
    ansible_diff_mode: Boolean(s.diffMode),
    playbook_dir: s.playbookDir,
    ansible_play_name: s.play?.name,
    omit: '__omit_place_holder__',
  }
}
