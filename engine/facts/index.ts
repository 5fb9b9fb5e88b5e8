/**
 * Fact gathering without Python: `gather_subset` → domains → one script (sections.ts) → pure
 * parsers, one per domain. Facts are named without the `ansible_` prefix, as in `ansible_facts`.
 */
import type { Vars } from '../inventory/model.js'
import { distributionFacts } from './distribution.js'
import { dateFacts } from './date.js'
import { cpuFacts, memoryFacts } from './hardware.js'
import { networkFacts } from './network.js'
import { platformFacts } from './platform.js'
import { DOMAINS, type Domain } from './sections.js'
import { envFacts, userFacts } from './user.js'

export { factsScript, splitSections, type Domain } from './sections.js'

export const MIN_DOMAINS: readonly Domain[] = [
  'distribution',
  'pkg_mgr',
  'platform',
  'date_time',
  'user',
  'env',
]

/** Ansible subset names tsplay accepts but gathers nothing for (no Python, no plugins). */
const IGNORED_SUBSETS = [
  'virtual',
  'ohai',
  'facter',
  'dns',
  'python',
  'selinux',
  'apparmor',
  'caps',
  'cmdline',
  'fips',
  'local',
  'lsb',
  'ssh_pub_keys',
  'devices',
  'mounts',
  'system',
  'chroot',
  'systemd',
  'loadavg',
]
const ALIASES: Readonly<Record<string, Domain>> = { service_mgr: 'platform', distribution: 'distribution' }

export class SubsetError extends Error {}

/**
 * Ansible's gather_subset rules: `!x` excludes, `min` is in unless `!min`, nothing positive means
 * all, and a subset named explicitly wins over an exclusion (`!all,!min,network`).
 */
export function resolveSubsets(subsets: string[] | string | undefined): Set<Domain> {
  const list = (Array.isArray(subsets) ? subsets : String(subsets ?? 'all').split(',')).map((s) => s.trim())
  const add = new Set<Domain>()
  const explicit = new Set<Domain>()
  const drop = new Set<Domain>()
  const expand = (name: string): Domain[] => {
    if (name === 'all') return [...DOMAINS]
    if (name === 'min') return [...MIN_DOMAINS]
    if ((DOMAINS as string[]).includes(name)) return [name as Domain]
    if (ALIASES[name]) return [ALIASES[name]]
    if (IGNORED_SUBSETS.includes(name)) return []
    const allowed = ['all', 'min', ...DOMAINS, ...IGNORED_SUBSETS].sort().join(', ')
    throw new SubsetError(`Bad subset '${name}' given to Ansible. gather_subset options allowed: ${allowed}`)
  }
  let positive = false
  for (const item of list.filter(Boolean)) {
    if (item.startsWith('!')) {
      const name = item.slice(1)
      const names = name === 'all' ? DOMAINS.filter((d) => !MIN_DOMAINS.includes(d)) : expand(name)
      for (const d of names) drop.add(d)
      continue
    }
    positive = true
    for (const d of expand(item)) {
      add.add(d)
      if (item !== 'all' && item !== 'min') explicit.add(d)
    }
  }
  if (!positive) for (const d of DOMAINS) add.add(d)
  for (const d of MIN_DOMAINS) add.add(d)
  return new Set(DOMAINS.filter((d) => add.has(d) && (!drop.has(d) || explicit.has(d))))
}

/** Every fact the selected domains give, from the script's sections. */
export function parseFacts(sections: Map<string, string>, domains: Set<Domain>): Vars {
  const s = (name: string) => sections.get(name) ?? ''
  const facts: Vars = {}
  const parts: Record<Domain, () => Vars> = {
    distribution: () => distributionFacts(s('os_release'), s('debian_version')),
    pkg_mgr: () => {
      const os = distributionFacts(s('os_release'), '', s('pkg_mgr'))
      return os['pkg_mgr'] === undefined ? {} : { pkg_mgr: os['pkg_mgr'] }
    },
    platform: () =>
      platformFacts({ uname: s('uname'), hostname: s('hostname'), fqdn: s('fqdn'), init: s('init') }),
    date_time: () => dateFacts(s('date')),
    user: () => userFacts(s('id'), s('passwd')),
    env: () => envFacts(s('env')),
    hardware: () => ({ ...cpuFacts(s('cpuinfo'), s('nproc')), ...memoryFacts(s('meminfo')) }),
    network: () => networkFacts(s('ip_addr'), s('route4'), s('route6')),
  }
  for (const d of DOMAINS) if (domains.has(d)) Object.assign(facts, parts[d]())
  return facts
}

/** fnmatch: `*`, `?` and `[...]`, matched against the whole name. */
export function fnmatch(name: string, pattern: string): boolean {
  let re = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!
    if (c === '*') re += '.*'
    else if (c === '?') re += '.'
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2)
      if (end < 0) re += '\\['
      else {
        const body = pattern
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')
        re += `[${body}]`
        i = end
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  }
  return new RegExp(`^${re}$`, 's').test(name)
}

/** `filter`: patterns on the `ansible_`-prefixed names (the bare names match too). */
export function filterFacts(facts: Vars, patterns: string[]): Vars {
  const pats = patterns.map((p) => p.trim()).filter(Boolean)
  if (!pats.length || pats.includes('*')) return facts
  const out: Vars = {}
  for (const [k, v] of Object.entries(facts)) {
    if (pats.some((p) => fnmatch(`ansible_${k}`, p) || fnmatch(k, p))) out[k] = v
  }
  return out
}
