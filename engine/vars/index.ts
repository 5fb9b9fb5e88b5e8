/** Variables for a host at a task: the sources merged by the ladder, templated values rendered lazily. */
import type { Inventory, Vars } from '../inventory/model.js'
import type { AnyNode } from '../playbook/types.js'
import { renderDeep } from '../template/index.js'
import { locate } from '../yaml/load.js'
import type { EncryptedString } from '../yaml/vault-tag.js'
import { mergeSources, type Resolved, type VarSource } from './ladder.js'
import { lazyVars } from './lazy.js'
import { hostSources, nodeSources, type HostScope } from './sources.js'

export { LEVELS, mergeSources, type Level, type VarSource, type Resolved } from './ladder.js'
export { hostSources, nodeSources, inventorySources, type HostScope } from './sources.js'

export type Decrypt = (value: EncryptedString, variable: string) => string

export interface VarsForOptions {
  decrypt?: Decrypt | undefined
}

/** All variables a task sees on a host, with where each came from. */
export function varsFor(scope: HostScope, chain: AnyNode[], opts: VarsForOptions = {}): Resolved {
  return resolveSources([...hostSources(scope), ...nodeSources(chain)], opts)
}

export function resolveSources(sources: VarSource[], opts: VarsForOptions = {}): Resolved {
  const merged = mergeSources(sources)
  const vars = lazyVars(merged.vars, {
    render: (value, view, origin) => {
      const src = merged.origins.get(origin.variable)
      const at = src && locate(src.vars, origin.variable)
      return renderDeep(value, view, {
        file: at?.file ?? origin.origin,
        line: at?.line || 1,
        column: at?.column ?? 0,
        key: origin.variable,
      })
    },
    decrypt: opts.decrypt,
    originOf: (k) => merged.origins.get(k)?.origin ?? 'unknown',
    verbatim: (k) => {
      const src = merged.origins.get(k)
      return src?.level === 'magic' || src?.verbatim === true
    },
  })
  return { vars, origins: merged.origins }
}

/**
 * The `hostvars` magic variable: one lazily built entry per inventory host, so templates can read
 * `hostvars['h2'].ansible_host` without every host's variables being resolved up front.
 */
export function hostvarsView(inv: Inventory, varsOfHost: (host: string) => Vars): Vars {
  const view: Vars = {}
  for (const host of inv.hosts.keys()) {
    let cached: Vars | undefined
    Object.defineProperty(view, host, {
      enumerable: true,
      get: () => (cached ??= varsOfHost(host)),
    })
  }
  return view
}
