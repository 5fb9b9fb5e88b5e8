/**
 * The fact-gathering script: one shell script, one round trip, whose output is cut into named
 * sections. Every command tolerates a missing tool (its section is then empty and the parsers omit
 * the facts it would give).
 */
export const SECTION_MARK = '@@tsplay-facts:'

/** Which commands feed which sections; a domain is the unit `gather_subset` selects. */
export const DOMAIN_SECTIONS = {
  distribution: {
    os_release: 'cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null',
    debian_version: 'cat /etc/debian_version 2>/dev/null',
  },
  pkg_mgr: {
    // the family decides between tools (dnf vs yum)
    os_release: 'cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null',
    pkg_mgr:
      'for c in apt-get dnf5 dnf yum zypper apk pacman emerge xbps-install; do command -v $c >/dev/null 2>&1 && echo $c; done',
  },
  platform: {
    uname: 'uname -s; uname -r; uname -v; uname -m; uname -n',
    hostname: 'hostname 2>/dev/null || cat /proc/sys/kernel/hostname 2>/dev/null',
    // hostname -f asks the resolver, which can hang on a host with broken DNS
    fqdn: 'if command -v timeout >/dev/null 2>&1; then timeout 3 hostname -f; else hostname -f; fi 2>/dev/null',
    // systemd's own test (sd_booted); PID 1's name otherwise
    init: '[ -d /run/systemd/system ] && echo systemd || cat /proc/1/comm 2>/dev/null',
  },
  date_time: { date: "date +'%s|%Y|%m|%d|%H|%M|%S|%A|%w|%W|%Z|%z|%N'" },
  user: {
    id: 'id -un; id -u; id -g',
    passwd: 'getent passwd "$(id -u)" 2>/dev/null || grep "^$(id -un):" /etc/passwd 2>/dev/null',
  },
  env: { env: 'env' },
  hardware: {
    cpuinfo: 'cat /proc/cpuinfo 2>/dev/null',
    nproc: 'nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null',
    meminfo: 'cat /proc/meminfo 2>/dev/null',
  },
  network: {
    ip_addr: 'ip -j addr show 2>/dev/null',
    route4: 'ip -j -4 route show default 2>/dev/null',
    route6: 'ip -j -6 route show default 2>/dev/null',
  },
} as const satisfies Record<string, Record<string, string>>

export type Domain = keyof typeof DOMAIN_SECTIONS
export const DOMAINS = Object.keys(DOMAIN_SECTIONS) as Domain[]

/** The script for the selected domains; stdin is closed so no command can wait on it. */
export function factsScript(domains: Iterable<Domain>): string {
  const lines = ['exec </dev/null']
  const seen = new Set<string>()
  for (const d of domains) {
    for (const [name, cmd] of Object.entries(DOMAIN_SECTIONS[d])) {
      if (seen.has(name)) continue
      seen.add(name)
      lines.push(`echo '${SECTION_MARK}${name}'`, `{ ${cmd}; } 2>/dev/null`)
    }
  }
  return lines.join('\n')
}

/** Output → section name → text (without the trailing newline). */
export function splitSections(stdout: string): Map<string, string> {
  const out = new Map<string, string>()
  let name: string | undefined
  let buf: string[] = []
  const flush = () => {
    if (name !== undefined) out.set(name, buf.join('\n').replace(/\n+$/, ''))
  }
  for (const line of stdout.split('\n')) {
    if (line.startsWith(SECTION_MARK)) {
      flush()
      name = line.slice(SECTION_MARK.length).trim()
      buf = []
    } else if (name !== undefined) buf.push(line)
  }
  flush()
  return out
}
