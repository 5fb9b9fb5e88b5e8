/** Building what a task sees on a host: its variables and the module context. */
import { dirname, join, resolve } from 'node:path'
import { TsplayError } from '../errors.js'
import type { Vars } from '../inventory/model.js'
import type { ModuleContext } from '../modules/types.js'
import { sourceCandidates } from '../playbook/checks.js'
import { isFile, isDir } from '../playbook/context.js'
import type { AnyNode, Play, TaskNode } from '../playbook/types.js'
import { renderFile } from '../template/index.js'
import { hostvarsView, varsFor } from '../vars/index.js'
import type { HostState, PlayRun, RunOptions } from './state.js'

export class PlayContext {
  readonly playDir: string
  private readonly hostvarCache = new Map<string, { version: number; vars: Vars }>()
  private readonly lastVars = new Map<string, { version: number; chain: AnyNode[]; vars: Vars }>()
  readonly hostvars: Vars

  constructor(
    readonly play: Play,
    readonly run: PlayRun,
    readonly opts: RunOptions,
    readonly states: Map<string, HostState>,
    cwd: string,
  ) {
    this.playDir = dirname(resolve(cwd, play.file))
    this.hostvars = hostvarsView(opts.inventory, (h) => this.hostVarsOf(h))
  }

  /** `hostvars[h]`: the host's variables outside any task, kept until its facts change. */
  private hostVarsOf(host: string): Vars {
    const state = this.states.get(host)
    const version = state?.version ?? 0
    const hit = this.hostvarCache.get(host)
    if (hit && hit.version === version) return hit.vars
    const vars = this.build(host, [])
    this.hostvarCache.set(host, { version, vars })
    return vars
  }

  /**
   * A task's variables on a host, asked for by its conditions, its arguments and its result: built
   * once per host, task and state version. Per-item values (`extra`) always get a fresh view.
   */
  varsOf(host: string, chain: AnyNode[], extra?: Vars): Vars {
    if (extra && Object.keys(extra).length) return this.build(host, chain, extra)
    const version = this.states.get(host)?.version ?? 0
    const hit = this.lastVars.get(host)
    if (hit && hit.version === version && sameNodes(hit.chain, chain)) return hit.vars
    const vars = this.build(host, chain)
    this.lastVars.set(host, { version, chain, vars })
    return vars
  }

  private build(host: string, chain: AnyNode[], extra?: Vars): Vars {
    const state = this.states.get(host)
    const { vars } = varsFor(
      {
        inventory: this.opts.inventory,
        host,
        play: this.play,
        facts: state?.facts,
        includedVars: state?.includedVars,
        data: state?.data,
        extraVars: this.opts.extraVars,
        playHosts: this.run.playHosts,
        batch: this.run.batch,
        checkMode: this.opts.checkMode,
        diffMode: this.opts.diffMode,
        playbookDir: this.playDir,
        hostvars: this.hostvars,
      },
      chain,
      { decrypt: this.opts.decrypt },
    )
    // per-task values (loop item, registered result for changed_when) sit on top of everything
    if (extra)
      for (const [k, v] of Object.entries(extra))
        Object.defineProperty(vars, k, { value: v, enumerable: true, configurable: true, writable: true })
    return vars
  }

  findSource(task: TaskNode, src: string, kind: 'files' | 'templates'): string {
    const candidates = sourceCandidates(
      { ...task, module: kind === 'templates' ? 'template' : 'copy' },
      this.playDir,
      src,
    )
    const found = candidates.find((p) => isFile(p) || (kind === 'files' && isDir(p)))
    if (!found) {
      throw new TsplayError({
        code: 'SRC_NOT_FOUND',
        message: `\`${src}\` was not found; looked in ${candidates.join(', ')}`,
        loc: task.loc,
        key: 'src',
        hint: `put it in the role's ${kind}/ directory or next to the playbook`,
      })
    }
    return found
  }

  moduleContext(
    task: TaskNode,
    host: string,
    vars: Vars,
    base: Omit<ModuleContext, 'vars' | 'findSource' | 'renderTemplate' | 'artifactsDir' | 'host'>,
  ): ModuleContext {
    return {
      ...base,
      host,
      vars,
      findSource: (src, kind) => this.findSource(task, src, kind),
      renderTemplate: (path) =>
        renderFile(path, vars, { resolveSecret: (s) => this.opts.decrypt?.(s, 'template') }),
      artifactsDir: this.opts.artifactsDir || join(this.playDir, 'artifacts'),
      readText: this.opts.readText,
    }
  }
}

const sameNodes = (a: AnyNode[], b: AnyNode[]): boolean =>
  a === b || (a.length === b.length && a.every((node, i) => node === b[i]))
