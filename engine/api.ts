/**
 * The engine as a library: load and check playbooks and inventories, select hosts, explain variables.
 * No console output and no process.exit here; the CLI is a thin layer on top.
 */
import { readFileSync } from 'node:fs'
import { isTsplayError, ProblemList, TsplayError } from './errors.js'
import { loadInventory, selectHosts } from './inventory/index.js'
import type { Inventory, Vars } from './inventory/model.js'
import { loadPlaybook } from './playbook/load.js'
import type { AnyNode, Play, Playbook, TaskNode } from './playbook/types.js'
import { ALL_TAGS, shouldRun, type TagFilter } from './playbook/tags.js'
import { parseExtraVars } from './vars/extra.js'
import { hostvarsView, varsFor, type Decrypt } from './vars/index.js'
import type { Level } from './vars/ladder.js'

export interface ProjectOptions {
  playbook?: string | undefined
  inventories: string[]
  extraVars?: string[]
  rolesPath?: string[]
  cwd?: string
  /** Reads files, decrypting vaulted ones (the vault keyring supplies it) */
  readText?: (path: string) => string
}

export interface Project {
  inventory: Inventory
  playbook?: Playbook | undefined
  extraVars: Vars
}

/** Loads the inventory, the extra vars and the playbook, reporting the problems of all three at once. */
export function loadProject(opts: ProjectOptions): Project {
  const cwd = opts.cwd ?? process.cwd()
  const readText = opts.readText ?? ((p: string) => readFileSync(p, 'utf8'))
  const problems = new ProblemList()
  const attempt = <T>(f: () => T): T | undefined => {
    try {
      return f()
    } catch (err) {
      if (!isTsplayError(err)) throw err
      problems.addError(err)
      return undefined
    }
  }
  const inventory = attempt(() => loadInventory(opts.inventories, { cwd, readText }))
  const extraVars = attempt(() => parseExtraVars(opts.extraVars ?? [], { cwd, readText })) ?? {}
  const playbook = opts.playbook
    ? attempt(() => loadPlaybook(opts.playbook!, { cwd, rolesPath: opts.rolesPath ?? [], readText }))
    : undefined
  problems.throwIfAny()
  return { inventory: inventory!, playbook, extraVars }
}

/** Hosts a play runs on: its `hosts` patterns, narrowed by `--limit`, in inventory order. */
export function playHosts(inv: Inventory, play: Play, limit?: string[]): string[] {
  const hosts = selectHosts(inv, play.hosts)
  if (!limit?.length) return hosts
  const allowed = new Set(selectHosts(inv, limit))
  return hosts.filter((h) => allowed.has(h))
}

export interface VarRow {
  name: string
  value: unknown
  level: Level
  origin: string
  /** True when the value came from a vault */
  secret: boolean
}

export interface ExplainOptions {
  host: string
  playIndex?: number
  decrypt?: Decrypt | undefined
  /** Show vault values in clear instead of `<vault>` */
  reveal?: boolean
  /** True for a plaintext that came from a vaulted file */
  isSecret?: (value: string) => boolean
}

/** Every variable of a host (optionally within a play) with its value and where it came from. */
export function explainVars(project: Project, opts: ExplainOptions): VarRow[] {
  const { inventory } = project
  if (!inventory.hosts.has(opts.host)) {
    throw new TsplayError({
      code: 'HOST_NOT_FOUND',
      message: `host \`${opts.host}\` is not in the inventory`,
      key: opts.host,
      hint: 'list the hosts with `tsplay inventory -i INV --graph`',
    })
  }
  const play = project.playbook?.plays[opts.playIndex ?? 0]
  const hosts = play ? playHosts(inventory, play) : [...inventory.hosts.keys()]
  const scopeOf = (host: string) => ({
    inventory,
    host,
    play,
    extraVars: project.extraVars,
    playHosts: hosts,
  })
  const hostvars: Vars = hostvarsView(
    inventory,
    (h) => varsFor(scopeOf(h), [], { decrypt: opts.decrypt }).vars,
  )
  const { vars, origins } = varsFor({ ...scopeOf(opts.host), hostvars }, [], { decrypt: opts.decrypt })
  const rows: VarRow[] = []
  for (const [name, src] of origins) {
    if (src.level === 'magic' || name === 'hostvars') continue
    let value: unknown
    let secret = containsVault(src.vars[name])
    try {
      value = vars[name]
    } catch (err) {
      if (!isTsplayError(err)) throw err
      // a value that cannot be rendered yet (e.g. it needs facts) is shown as written
      value = src.vars[name]
    }
    secret ||= typeof value === 'string' && Boolean(opts.isSecret?.(value))
    rows.push({
      name,
      value: secret && !opts.reveal ? '<vault>' : value,
      level: src.level,
      origin: src.origin,
      secret,
    })
  }
  return rows.sort((a, b) => a.name.localeCompare(b.name))
}

function containsVault(v: unknown): boolean {
  if (v !== null && typeof v === 'object') {
    if (v.constructor?.name === 'EncryptedString') return true
    return Object.values(v).some(containsVault)
  }
  return false
}

export interface PlannedTask {
  playIndex: number
  play: Play
  task: TaskNode
  /** The task and its enclosing blocks, outermost first */
  chain: AnyNode[]
  /** The variables the task sees before it runs (no facts or registered results yet) */
  vars(): Vars
}

/**
 * The tasks a host would get from the playbook, in order, after host selection and tags, with the
 * variables each would see. `when` is not evaluated: it may depend on results of earlier tasks.
 */
export function tasksForHost(
  project: Project,
  host: string,
  filter: TagFilter = ALL_TAGS,
  limit?: string[],
): PlannedTask[] {
  const out: PlannedTask[] = []
  const { inventory } = project
  project.playbook?.plays.forEach((play, playIndex) => {
    const hosts = playHosts(inventory, play, limit)
    if (!hosts.includes(host)) return
    const scopeOf = (h: string) => ({
      inventory,
      host: h,
      play,
      extraVars: project.extraVars,
      playHosts: hosts,
    })
    const hostvars: Vars = hostvarsView(inventory, (h) => varsFor(scopeOf(h), []).vars)
    const visit = (nodes: AnyNode[], chain: AnyNode[], tags: string[]) => {
      for (const node of nodes) {
        const inner = [...chain, node]
        const allTags = [...tags, ...node.tags]
        if (node.kind === 'block') visit([...node.block, ...node.always], inner, allTags)
        else if (node.kind !== 'task') visit(node.preloaded ?? [], inner, allTags)
        else if (shouldRun(allTags, filter)) {
          out.push({
            playIndex,
            play,
            task: node,
            chain: inner,
            vars: () => varsFor({ ...scopeOf(host), hostvars }, inner).vars,
          })
        }
      }
    }
    visit([...play.preTasks, ...play.tasks, ...play.postTasks], [], play.inherit.tags)
  })
  return out
}
