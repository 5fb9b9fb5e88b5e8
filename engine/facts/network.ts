/**
 * `ip -j addr` and `ip -j route show default` → interfaces, per-interface facts, default_ipv4/6
 * and the address lists (loopback excluded, as Ansible does). Old `ip` without JSON gives nothing.
 */
import type { Vars } from '../inventory/model.js'

interface AddrInfo {
  family?: string
  local?: string
  prefixlen?: number
  broadcast?: string
  scope?: string
  label?: string
}
interface Link {
  ifname?: string
  flags?: string[]
  mtu?: number
  link_type?: string
  address?: string
  addr_info?: AddrInfo[]
}
interface Route {
  dev?: string
  gateway?: string
  prefsrc?: string
}

function parseJson<T>(text: string | undefined): T[] {
  if (!text?.trim()) return []
  try {
    const v: unknown = JSON.parse(text)
    return Array.isArray(v) ? (v as T[]) : []
  } catch {
    return []
  }
}

/** 24 → 255.255.255.0 */
export function netmaskOf(prefix: number): string {
  const bits = prefix <= 0 ? 0 : (0xffffffff << (32 - Math.min(prefix, 32))) >>> 0
  return [24, 16, 8, 0].map((s) => (bits >>> s) & 255).join('.')
}

function networkOf(address: string, prefix: number): string {
  const mask = netmaskOf(prefix).split('.').map(Number)
  return address
    .split('.')
    .map((o, i) => Number(o) & mask[i]!)
    .join('.')
}

function ipv4Entry(a: AddrInfo): Vars {
  const prefix = a.prefixlen ?? 32
  return {
    address: a.local,
    broadcast: a.broadcast ?? '',
    netmask: netmaskOf(prefix),
    network: networkOf(a.local ?? '0.0.0.0', prefix),
    prefix: String(prefix),
  }
}

/** Ansible's fact key for an interface: `eth0`, `br_int` for `br-int`. */
export const ifaceKey = (name: string) => name.replace(/[-.:]/g, '_')

export function networkFacts(ipAddr: string, route4 = '', route6 = ''): Vars {
  const links = parseJson<Link>(ipAddr).filter((l) => typeof l.ifname === 'string')
  if (!links.length) return {}
  const facts: Vars = { interfaces: links.map((l) => l.ifname!) }
  const all4: string[] = []
  const all6: string[] = []
  for (const l of links) {
    const v4 = (l.addr_info ?? []).filter((a) => a.family === 'inet' && a.local)
    const v6 = (l.addr_info ?? []).filter((a) => a.family === 'inet6' && a.local)
    const loopback = l.link_type === 'loopback'
    if (!loopback) {
      all4.push(...v4.map((a) => a.local!).filter((a) => !a.startsWith('127.')))
      all6.push(...v6.map((a) => a.local!).filter((a) => a !== '::1'))
    }
    const iface: Vars = {
      device: l.ifname,
      active: (l.flags ?? []).includes('UP'),
      mtu: l.mtu,
      type: loopback ? 'loopback' : (l.link_type ?? 'unknown'),
      promisc: (l.flags ?? []).includes('PROMISC'),
    }
    if (!loopback && l.address) iface['macaddress'] = l.address
    if (v4[0]) iface['ipv4'] = ipv4Entry(v4[0])
    if (v4.length > 1) iface['ipv4_secondaries'] = v4.slice(1).map(ipv4Entry)
    if (v6.length) {
      iface['ipv6'] = v6.map((a) => ({
        address: a.local,
        prefix: String(a.prefixlen ?? 128),
        scope: a.scope ?? '',
      }))
    }
    facts[ifaceKey(l.ifname!)] = iface
  }
  facts['all_ipv4_addresses'] = all4
  facts['all_ipv6_addresses'] = all6
  facts['default_ipv4'] = defaultRoute(parseJson<Route>(route4), links, 'inet')
  facts['default_ipv6'] = defaultRoute(parseJson<Route>(route6), links, 'inet6')
  return facts
}

function defaultRoute(routes: Route[], links: Link[], family: 'inet' | 'inet6'): Vars {
  const route = routes.find((r) => r.dev)
  if (!route) return {}
  const link = links.find((l) => l.ifname === route.dev)
  const addrs = (link?.addr_info ?? []).filter((a) => a.family === family && a.local)
  const addr =
    addrs.find((a) => a.local === route.prefsrc) ?? addrs.find((a) => a.scope === 'global') ?? addrs[0]
  const out: Vars = { interface: route.dev }
  if (route.gateway) out['gateway'] = route.gateway
  if (addr) {
    if (family === 'inet') Object.assign(out, ipv4Entry(addr), { alias: addr.label ?? route.dev })
    else
      Object.assign(out, {
        address: addr.local,
        prefix: String(addr.prefixlen ?? 128),
        scope: addr.scope ?? '',
      })
  }
  if (link) {
    if (link.address) out['macaddress'] = link.address
    out['mtu'] = link.mtu
    out['type'] = link.link_type ?? 'unknown'
  }
  return out
}
