/** What the executor knows while a playbook runs: per-host state and the run's options. */
import { TsplayError } from '../errors.js'
import type { SshCliOptions } from '../connection/ssh/index.js'
import type { Become } from '../connection/types.js'
import type { Inventory, Vars } from '../inventory/model.js'
import type { EventSink, HostCounts } from '../output/events.js'
import { emptyCounts } from '../output/events.js'
import type { TagFilter } from '../playbook/tags.js'
import type { Decrypt } from '../vars/index.js'
import type { SecretSet } from '../vault/redact.js'

export interface RunOptions {
  inventory: Inventory
  extraVars: Vars
  limit?: string[] | undefined
  tags: TagFilter
  forks: number
  checkMode: boolean
  diffMode: boolean
  verbosity: number
  /** `-c local` forces the local connection for every host */
  connection?: string | undefined
  /** --private-key, --user, --timeout, --ssh-config, --ssh-common-args/--ssh-extra-args, -k */
  ssh?: SshCliOptions | undefined
  forceHandlers: boolean
  startAtTask?: string | undefined
  becomePassword?: string | undefined
  /** -b, --become-user, --become-method: the defaults under every keyword and variable */
  become?: { on?: boolean | undefined; user?: string | undefined; method?: string | undefined } | undefined
  decrypt?: Decrypt | undefined
  /** Reads controller files for modules (include_vars), decrypting vault files with the run's keyring */
  readText?: ((path: string) => string) | undefined
  secrets: SecretSet
  /** Where `fetch` writes */
  artifactsDir: string
  /** Aborted on Ctrl-C: no new task starts */
  stop: AbortSignal
  /** Aborted after the grace period: running commands are killed */
  kill: AbortSignal
  sink: EventSink
}

export class HostState {
  readonly counts: HostCounts = emptyCounts()
  /** Gathered facts */
  facts: Vars | undefined
  /** include_vars values: templated when read, like any vars file */
  readonly includedVars: Vars = {}
  /**
   * `register` results, set_fact values and other modules' facts: data, never templated again
   * (Ansible marks module results unsafe; set_fact values were rendered when they were set)
   */
  readonly data: Vars = {}
  failed = false
  /** The last task that failed on this host and its result: a rescue's ansible_failed_task/_result */
  lastFailure: { task: Vars; result: Vars } | undefined
  unreachable = false
  /** meta: end_host, or the play ended for it */
  ended = false
  /** Handler names/topics notified and not yet run */
  readonly notified = new Set<string>()
  /** Bumped whenever facts or set_fact/register results change (hostvars caches by it) */
  version = 0

  constructor(readonly name: string) {}

  /** A registered result or set_fact values (`asData`), or include_vars values; the last wins. */
  setFacts(facts: Vars, asData: boolean): void {
    const [into, from] = asData ? [this.data, this.includedVars] : [this.includedVars, this.data]
    for (const k of Object.keys(facts)) delete from[k]
    Object.assign(into, facts)
    this.version++
  }

  get active(): boolean {
    return !this.failed && !this.unreachable && !this.ended
  }
}

/** Per-play state shared by the strategy, the task runner and handlers. */
export interface PlayRun {
  hosts: HostState[]
  playHosts: string[]
  batch: string[]
  /** any_errors_fatal or max_fail_percentage stopped the play */
  aborted: boolean
  /** meta: end_play: no further serial batch starts */
  playEnded?: boolean | undefined
  /** `--start-at-task` not reached yet */
  waitingForStart: boolean
}

export function becomeFor(
  become: boolean | string | undefined,
  user: string | undefined,
  method: string | undefined,
  password: string | undefined,
): Become | undefined {
  const on = become === true || become === 'true' || become === 'yes' || become === 'True'
  if (!on) return undefined
  if (method !== undefined && method !== 'sudo' && method !== 'su') {
    throw new TsplayError({
      code: 'BECOME_METHOD',
      message: `become method \`${method}\` is not supported`,
      key: 'become_method',
      hint: 'use `sudo` (the default) or `su`',
    })
  }
  return { method: method === 'su' ? 'su' : 'sudo', user: user ?? 'root', password }
}
