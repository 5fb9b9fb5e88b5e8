/**
 * `setup`: facts in one round trip (a shell script with sections, no Python on the host), parsed
 * by the pure parsers of engine/facts. The result's `ansible_facts` has names without the
 * `ansible_` prefix (`distribution`); the executor also exposes them as `ansible_<name>`.
 */
import {
  factsScript,
  filterFacts,
  parseFacts,
  resolveSubsets,
  splitSections,
  SubsetError,
} from '../facts/index.js'
import { execOptions, toNumber } from './command-run.js'
import { ModuleFailure, type Module, type ModuleContext, type ModuleResult } from './types.js'

export type SetupArgs = {
  gather_subset?: string[] | string
  filter?: string[] | string
  gather_timeout?: number
  fact_path?: string
}

const asList = (v: string[] | string | undefined): string[] | undefined =>
  v === undefined || v === null ? undefined : Array.isArray(v) ? v.map(String) : String(v).split(',')

export async function gatherFacts(args: SetupArgs, ctx: ModuleContext): Promise<ModuleResult> {
  const subsets = asList(args.gather_subset) ?? ['all']
  let domains
  try {
    domains = resolveSubsets(subsets)
  } catch (err) {
    if (err instanceof SubsetError) throw new ModuleFailure(err.message)
    throw err
  }
  const gatherMs =
    args.gather_timeout === undefined ? undefined : toNumber(args.gather_timeout, 'gather_timeout', 10) * 1000
  const opts = execOptions(ctx)
  const r = await ctx.conn.exec(factsScript(domains), { ...opts, timeoutMs: ctx.timeoutMs ?? gatherMs })
  if (r.timedOut) throw new ModuleFailure('gathering facts timed out')
  const sections = splitSections(r.stdout)
  if (domains.size && sections.size === 0) {
    throw new ModuleFailure(`could not gather facts (rc ${r.rc}): ${r.stderr.trim() || r.stdout.trim()}`)
  }
  const facts = filterFacts(parseFacts(sections, domains), asList(args.filter) ?? [])
  return { changed: false, ansible_facts: { ...facts, gather_subset: subsets, module_setup: true } }
}

export const setupModule: Module<SetupArgs> = {
  name: 'setup',
  // reads the host only: runs in check mode as in Ansible
  async check(args, ctx) {
    return { changed: false, result: await gatherFacts(args, ctx) }
  },
  async apply(_plan, args, ctx) {
    return gatherFacts(args, ctx)
  },
}
