/**
 * Plays and tasks after loading and validation: plain data, templates still unrendered. This is the
 * contract between the loader (YAML → these types) and the executor (these types → host changes).
 */
import type { SourceLocation } from '../errors.js'
import type { Vars } from '../inventory/model.js'

/** A `when`/`changed_when`/`failed_when`/`until` condition: all must hold. Empty means none given. */
export type Conditions = (string | boolean)[]

/** Keywords every task-like node (task, block, role entry) may carry and children inherit. */
export interface Inheritable {
  when: Conditions
  tags: string[]
  become?: boolean | string | undefined
  becomeUser?: string | undefined
  becomeMethod?: string | undefined
  environment?: Vars | undefined
  ignoreErrors?: boolean | string | undefined
  ignoreUnreachable?: boolean | undefined
  checkMode?: boolean | undefined
  /** The `diff` keyword: over --diff for these tasks */
  diffMode?: boolean | undefined
  noLog?: boolean | string | undefined
  delegateTo?: string | undefined
  runOnce?: boolean | undefined
  anyErrorsFatal?: boolean | undefined
  /** `connection` and `remote_user`: a host's `ansible_connection` / `ansible_user` win over them */
  connection?: string | undefined
  remoteUser?: string | undefined
}

/** The role a node was loaded from, for role variables, `role_path` and relative file lookups. */
export interface RoleScope {
  name: string
  path: string
  defaults: Vars
  vars: Vars
  /** Parameters given where the role is used: `- role: x` + `foo: 1` */
  params: Vars
}

interface NodeBase extends Inheritable {
  id: string
  name?: string | undefined
  loc: SourceLocation
  /** Where each keyword of the node was written, for messages about that keyword */
  keyLocs?: ReadonlyMap<string, SourceLocation> | undefined
  /** Node-level `vars:` */
  vars: Vars
  role?: RoleScope | undefined
}

export interface LoopControl {
  loopVar: string
  indexVar?: string | undefined
  label?: string | undefined
  pause?: number | undefined
  extended?: boolean | undefined
}

export interface TaskNode extends NodeBase {
  kind: 'task'
  /** Canonical module name (`ansible.builtin.copy` → `copy`) */
  module: string
  /** Arguments, merged from free-form text, the module key's mapping and `args:` */
  args: Record<string, unknown>
  loop?: unknown
  /** `with_items` flattens one level; `with_dict` loops over {key, value} pairs */
  loopStyle: 'list' | 'flatten' | 'dict'
  loopControl?: LoopControl | undefined
  register?: string | undefined
  changedWhen: Conditions
  failedWhen: Conditions
  until: Conditions
  retries?: number | string | undefined
  delay?: number | string | undefined
  timeout?: number | string | undefined
  notify: string[]
  /** Handlers only: topics this handler also answers to */
  listen: string[]
}

export interface BlockNode extends NodeBase {
  kind: 'block'
  block: AnyNode[]
  rescue: AnyNode[]
  always: AnyNode[]
}

/** `include_tasks` / `include_role`: resolved when reached, per host (the file may be templated). */
export interface IncludeNode extends NodeBase {
  kind: 'include_tasks' | 'include_role'
  /** File for include_tasks; role name for include_role */
  target: string
  tasksFrom?: string | undefined
  loop?: unknown
  loopControl?: LoopControl | undefined
  /** Directory relative includes are resolved against */
  baseDir: string
  /** Content loaded at load time when the target is static (validated before anything runs) */
  preloaded?: AnyNode[] | undefined
}

export type AnyNode = TaskNode | BlockNode | IncludeNode

export interface Play {
  id: string
  name: string
  hosts: string[]
  loc: SourceLocation
  file: string
  vars: Vars
  /** vars_files after loading, in order; templated names stay as unresolved entries */
  varsFiles: { path: string; vars?: Vars | undefined }[]
  preTasks: AnyNode[]
  /** Roles (as blocks with a role scope) followed by the play's own tasks */
  tasks: AnyNode[]
  postTasks: AnyNode[]
  handlers: TaskNode[]
  gatherFacts: boolean
  serial: (number | string)[]
  strategy: 'linear' | 'free'
  maxFailPercentage?: number | undefined
  forceHandlers: boolean
  inherit: Inheritable
}

export interface Playbook {
  file: string
  plays: Play[]
}
