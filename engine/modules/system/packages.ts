/**
 * Pure parsers of package-manager output (dpkg-query, apt-cache policy, apt-get's summary, rpm -q)
 * and the planning shared by apt and dnf: which requested packages need installing or removing.
 */
import { globMatch } from './common.js'

export interface Installed {
  name: string
  /** `installed`, `config-files`, `not-installed`, `half-installed`... (dpkg's third status word) */
  status: string
  version: string
}

/** The format passed to `dpkg-query -W -f` and read by parseDpkgQuery. */
export const DPKG_FORMAT = '${Package}\\t${Status}\\t${Version}\\n'

/** `dpkg-query -W -f=DPKG_FORMAT names...` → installed packages by name (unknown names are absent). */
export function parseDpkgQuery(out: string): Map<string, Installed> {
  const map = new Map<string, Installed>()
  for (const line of out.split('\n')) {
    const [name, status, version] = line.split('\t')
    if (!name || status === undefined) continue
    const st = status.trim().split(/\s+/)[2] ?? 'unknown'
    // several architectures: an installed one wins
    if (map.get(name)?.status === 'installed' && st !== 'installed') continue
    map.set(name, { name, status: st, version: version?.trim() ?? '' })
  }
  return map
}

export interface PkgSpec {
  /** As given: `foo=1.2.*`, `foo:amd64` */
  spec: string
  /** Without version and architecture, as dpkg-query prints it */
  name: string
  version?: string | undefined
}

/** `name=version` / `name:arch=version` (apt); the version may be a glob. */
export function parseAptSpec(spec: string): PkgSpec {
  const eq = spec.indexOf('=')
  const base = eq < 0 ? spec : spec.slice(0, eq)
  const version = eq < 0 ? undefined : spec.slice(eq + 1)
  return { spec, name: base.replace(/:[a-z0-9_-]+$/, ''), version: version || undefined }
}

export interface PolicyEntry {
  installed?: string | undefined
  candidate?: string | undefined
}

/** `apt-cache policy names...` (LC_ALL=C) → installed and candidate versions. */
export function parseAptPolicy(out: string): Map<string, PolicyEntry> {
  const map = new Map<string, PolicyEntry>()
  let cur: PolicyEntry | undefined
  for (const line of out.split('\n')) {
    const head = /^(\S+):$/.exec(line)
    if (head) {
      cur = {}
      map.set(head[1]!.replace(/:[a-z0-9_-]+$/, ''), cur)
      continue
    }
    const m = /^\s+(Installed|Candidate):\s*(\S+)/.exec(line)
    if (m && cur) {
      const v = m[2] === '(none)' ? undefined : m[2]
      if (m[1] === 'Installed') cur.installed = v
      else cur.candidate = v
    }
  }
  return map
}

/** apt-get's `N upgraded, N newly installed, N to remove and N not upgraded.` line. */
export function parseAptSummary(
  out: string,
): { upgraded: number; installed: number; removed: number } | undefined {
  const m = /(\d+) upgraded, (\d+) newly installed, (\d+) to remove/.exec(out)
  if (!m) return undefined
  return { upgraded: Number(m[1]), installed: Number(m[2]), removed: Number(m[3]) }
}

/** Lines `Inst pkg ...` / `Remv pkg ...` of `apt-get -s`: what a simulation would change. */
export function parseAptSimulation(out: string): string[] {
  return out
    .split('\n')
    .map((l) => /^(?:Inst|Remv|Purg) (\S+)/.exec(l)?.[1])
    .filter((x): x is string => x !== undefined)
}

export interface PkgState {
  spec: string
  name: string
  installed?: string | undefined
  /** What the plan does with it */
  action: 'install' | 'upgrade' | 'remove' | 'none'
}

/** What state=present/latest/absent does with each package. */
export function planPackages(
  specs: PkgSpec[],
  installed: Map<string, Installed>,
  state: 'present' | 'latest' | 'absent',
  opts: { purge?: boolean; policy?: Map<string, PolicyEntry> } = {},
): PkgState[] {
  return specs.map((p) => {
    const cur = installed.get(p.name)
    const have = cur?.status === 'installed' ? cur.version : undefined
    let action: PkgState['action'] = 'none'
    if (state === 'absent') {
      if (have !== undefined || (opts.purge && cur?.status === 'config-files')) action = 'remove'
    } else if (have === undefined) action = 'install'
    else if (p.version !== undefined && !globMatch(have, p.version)) action = 'install'
    else if (state === 'latest' && p.version === undefined) {
      const cand = opts.policy?.get(p.name)?.candidate
      if (cand !== undefined && cand !== have) action = 'upgrade'
    }
    return { spec: p.spec, name: p.name, installed: have, action }
  })
}

/** `before:`/`after:` lines of a package diff. */
export function packageDiffLines(states: PkgState[], state: string): { before: string[]; after: string[] } {
  const changed = states.filter((s) => s.action !== 'none')
  return {
    before: changed.map((s) =>
      s.installed ? `installed ${s.name} ${s.installed}` : `not installed ${s.name}`,
    ),
    after: changed.map((s) => (s.action === 'remove' ? `${s.name} absent` : `${s.spec} ${state}`)),
  }
}

/** The format of `rpm -q --qf`, one line per installed package. */
export const RPM_FORMAT = '%{NAME}\\t%{EPOCHNUM}:%{VERSION}-%{RELEASE}\\t%{ARCH}\\n'

/**
 * `for p in specs; do echo "@@q"; rpm -q --qf RPM_FORMAT "$p"; done` → per spec, the installed
 * name and version, or undefined (`package foo is not installed`).
 */
export function parseRpmQueries(out: string, specs: string[]): Map<string, Installed | undefined> {
  const map = new Map<string, Installed | undefined>()
  const parts = out.split(/^@@q\n/m).slice(1)
  specs.forEach((spec, i) => {
    const line = (parts[i] ?? '').split('\n').find((l) => l.includes('\t'))
    if (!line) return map.set(spec, undefined)
    const [name, evr] = line.split('\t')
    map.set(spec, { name: name!, status: 'installed', version: (evr ?? '').replace(/^0:/, '') })
  })
  return map
}

/** `dnf check-update` lines `name.arch  version  repo` → names with an update. */
export function parseCheckUpdate(out: string): Set<string> {
  const names = new Set<string>()
  for (const line of out.split('\n')) {
    const m = /^(\S+)\.(\w+)\s+\S+\s+\S+\s*$/.exec(line)
    if (m && !line.startsWith('Last metadata') && !line.startsWith('Obsoleting')) names.add(m[1]!)
  }
  return names
}
