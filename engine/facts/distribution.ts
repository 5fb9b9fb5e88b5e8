/** /etc/os-release (+ /etc/debian_version, package tools) → distribution facts, named as Ansible names them. */
import type { Vars } from '../inventory/model.js'

/** KEY=value lines with shell-style quoting, as os-release(5) defines them. */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const raw of text.split('\n')) {
    const m = /^\s*([A-Za-z0-9_]+)=(.*)$/.exec(raw)
    if (!m) continue
    let v = m[2]!.trim()
    if (/^".*"$/.test(v)) v = v.slice(1, -1).replace(/\\(["\\$`])/g, '$1')
    else if (/^'.*'$/.test(v)) v = v.slice(1, -1)
    out[m[1]!] = v
  }
  return out
}

/** os-release ID → Ansible's `distribution` */
const NAMES: Readonly<Record<string, string>> = {
  ubuntu: 'Ubuntu',
  debian: 'Debian',
  raspbian: 'Debian',
  linuxmint: 'Linux Mint',
  pop: 'Pop!_OS',
  kali: 'Kali',
  devuan: 'Devuan',
  rhel: 'RedHat',
  centos: 'CentOS',
  fedora: 'Fedora',
  almalinux: 'AlmaLinux',
  rocky: 'Rocky',
  ol: 'OracleLinux',
  amzn: 'Amazon',
  cloudlinux: 'CloudLinux',
  euleros: 'EulerOS',
  openEuler: 'openEuler',
  'opensuse-leap': 'openSUSE Leap',
  'opensuse-tumbleweed': 'openSUSE Tumbleweed',
  sles: 'SLES',
  sles_sap: 'SLES_SAP',
  arch: 'Archlinux',
  manjaro: 'Manjaro',
  alpine: 'Alpine',
  gentoo: 'Gentoo',
  void: 'Void',
  nixos: 'NixOS',
}

const FAMILIES: Readonly<Record<string, readonly string[]>> = {
  Debian: ['Ubuntu', 'Debian', 'Linux Mint', 'Pop!_OS', 'Kali', 'Devuan', 'Raspbian'],
  RedHat: [
    'RedHat',
    'CentOS',
    'Fedora',
    'AlmaLinux',
    'Rocky',
    'OracleLinux',
    'Amazon',
    'CloudLinux',
    'EulerOS',
    'openEuler',
  ],
  Suse: ['openSUSE Leap', 'openSUSE Tumbleweed', 'SLES', 'SLES_SAP'],
  Archlinux: ['Archlinux', 'Manjaro'],
  Alpine: ['Alpine'],
  Gentoo: ['Gentoo'],
}

function family(distribution: string, idLike: string[]): string {
  for (const [fam, members] of Object.entries(FAMILIES)) if (members.includes(distribution)) return fam
  if (idLike.includes('debian') || idLike.includes('ubuntu')) return 'Debian'
  if (idLike.some((x) => ['rhel', 'fedora', 'centos'].includes(x))) return 'RedHat'
  if (idLike.some((x) => x.includes('suse'))) return 'Suse'
  if (idLike.includes('arch')) return 'Archlinux'
  return distribution
}

/** Ansible's pkg_mgr from the tools the host has, preferring its family's own. */
export function pkgMgr(tools: string[], osFamily: string | undefined): string | undefined {
  const has = (t: string) => tools.includes(t)
  const byFamily: Record<string, string[]> = {
    Debian: ['apt-get'],
    RedHat: ['dnf5', 'dnf', 'yum'],
    Suse: ['zypper'],
    Alpine: ['apk'],
    Archlinux: ['pacman'],
    Gentoo: ['emerge'],
  }
  const order = [...(byFamily[osFamily ?? ''] ?? []), ...tools]
  const tool = order.find(has)
  if (!tool) return undefined
  return tool === 'apt-get' ? 'apt' : tool === 'emerge' ? 'portage' : tool === 'xbps-install' ? 'xbps' : tool
}

export function distributionFacts(osRelease: string, debianVersion = '', pkgTools = ''): Vars {
  const os = parseOsRelease(osRelease)
  const facts: Vars = {}
  const id = os['ID']
  if (id) {
    const distribution = NAMES[id] ?? os['NAME'] ?? id
    const idLike = (os['ID_LIKE'] ?? '').split(/\s+/).filter(Boolean)
    let version = os['VERSION_ID'] ?? ''
    // Debian's point release (12.5) is only in /etc/debian_version
    if (id === 'debian' && /^\d+(\.\d+)*$/.test(debianVersion.trim())) version = debianVersion.trim()
    const codename =
      os['VERSION_CODENAME'] || os['UBUNTU_CODENAME'] || /\(([^)]+)\)/.exec(os['VERSION'] ?? '')?.[1]
    Object.assign(facts, {
      distribution,
      distribution_version: version || 'NA',
      distribution_major_version: version ? version.split('.')[0] : 'NA',
      distribution_release: codename || 'NA',
      os_family: family(distribution, idLike),
    })
    const minor = version.split('.')[1]
    if (minor !== undefined) facts['distribution_minor_version'] = minor
  }
  const tools = pkgTools
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean)
  const pm = pkgMgr(tools, facts['os_family'] as string | undefined)
  if (pm) facts['pkg_mgr'] = pm
  return facts
}
