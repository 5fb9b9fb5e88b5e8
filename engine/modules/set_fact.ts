/** `set_fact`: every argument becomes a host variable; `cacheable` is accepted and ignored. */
import type { Vars } from '../inventory/model.js'
import type { Module, ModuleResult } from './types.js'

export type SetFactArgs = Record<string, unknown>

const BOOL_WORDS: Readonly<Record<string, boolean>> = { true: true, yes: true, false: false, no: false }

/** Ansible (without jinja2_native) turns the strings true/false/yes/no into booleans. */
export function setFactResult(args: SetFactArgs): ModuleResult {
  const facts: Vars = {}
  for (const [k, v] of Object.entries(args)) {
    if (k === 'cacheable') continue
    const word = typeof v === 'string' ? BOOL_WORDS[v.toLowerCase()] : undefined
    facts[k] = word ?? v
  }
  return { changed: false, ansible_facts: facts }
}

export const setFactModule: Module<SetFactArgs> = {
  name: 'set_fact',
  async check(args) {
    return { changed: false, result: setFactResult(args) }
  },
  async apply(_plan, args) {
    return setFactResult(args)
  },
}
