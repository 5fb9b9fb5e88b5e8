/**
 * The module contract. `check` reads the host and returns a plan (plain data: will anything change,
 * the before/after for --diff, what to report); `apply` carries the plan out and is the only call
 * that changes a host. The executor never calls `apply` in --check mode, so check mode cannot be
 * forgotten by a module.
 */
import type { Become, Connection } from '../connection/types.js'
import type { Vars } from '../inventory/model.js'

export interface FileDiff {
  /** Path on the host (or a label such as `/etc/fstab (line)`) */
  path: string
  before: string
  after: string
  /** false: the headers leave the path out (`--- before`), as Ansible's state and attribute diffs do */
  pathInHeaders?: boolean | undefined
}

export interface ModuleResult {
  changed: boolean
  failed?: boolean | undefined
  skipped?: boolean | undefined
  msg?: string | undefined
  diff?: FileDiff[] | undefined
  /** Variables the host gets from this task (set_fact, include_vars) */
  ansible_facts?: Vars | undefined
  /** Anything else the module returns (rc, stdout, stderr, stat, content, dest, ...) */
  [key: string]: unknown
}

export interface Plan {
  changed: boolean
  /** What to report without applying (check mode, or no change), e.g. stat, msg */
  result?: Omit<ModuleResult, 'changed'> | undefined
  diff?: FileDiff[] | undefined
  /** Set by modules that cannot predict their effect (command without creates/removes): skipped in --check */
  skipInCheck?: string | undefined
  /** Whatever `apply` needs from `check` (computed content, target mode, ...) */
  data?: unknown
}

export interface ModuleContext {
  host: string
  conn: Connection
  become?: Become | undefined
  /** The task's `environment:` */
  env?: Record<string, string> | undefined
  checkMode: boolean
  diffMode: boolean
  /** The task's `timeout:` in ms */
  timeoutMs?: number | undefined
  signal?: AbortSignal | undefined
  /** All variables of the host at this task */
  vars: Vars
  /** A controller-side file for `src`: the role's files/ or templates/, then beside the playbook */
  findSource(src: string, kind: 'files' | 'templates'): string
  /** Renders a template file with the task's variables (handlebars) */
  renderTemplate(path: string): string
  /** Where `fetch` stores files (`artifacts/` by default) */
  artifactsDir: string
  /** Reads a controller file's text, decrypting a vault file (include_vars); default: plain read */
  readText?: ((path: string) => string) | undefined
}

export interface Module<A extends Record<string, unknown> = Record<string, unknown>> {
  name: string
  check(args: A, ctx: ModuleContext): Promise<Plan>
  apply(plan: Plan, args: A, ctx: ModuleContext): Promise<ModuleResult>
  /**
   * Optional: a loop's items (outside check and diff mode) in one round trip, each item's work done
   * on the host in order, as one by one. Returns the outcomes of the leading items it did; the
   * executor runs the rest one by one.
   */
  batch?(items: A[], ctx: ModuleContext): Promise<ItemOutcome[]>
}

/** One loop item's outcome from Module.batch: its result, or the error its run would have thrown. */
export type ItemOutcome = { result: ModuleResult } | { error: unknown }

/** A task failure the module detected (bad state on the host, missing file, non-zero rc). */
export class ModuleFailure extends Error {
  constructor(
    message: string,
    readonly result: Partial<ModuleResult> = {},
  ) {
    super(message)
    this.name = 'ModuleFailure'
  }
}
