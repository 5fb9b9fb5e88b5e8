/**
 * The subset of Ansible's `ipaddr` that roles use for cluster networking: network and broadcast
 * addresses, prefix, netmask, the n-th host of a subnet and an address's offset within its subnet.
 * IPv4 and IPv6, with BigInt arithmetic so that both share one code path.
 */
import { isIPv4, isIPv6 } from 'node:net'
import { TemplateFault } from './values.js'

interface Cidr {
  v6: boolean
  addr: bigint
  prefix: number
  /** true when the input had no `/prefix` */
  bare: boolean
}

const bits = (c: Cidr): number => (c.v6 ? 128 : 32)

export function parseCidr(text: unknown): Cidr {
  if (typeof text !== 'string')
    throw new TemplateFault(`ipaddr: expected an address, got ${JSON.stringify(text)}`)
  const [ip = '', prefixText, extra] = text.trim().split('/')
  const v6 = isIPv6(ip)
  if (extra !== undefined || (!v6 && !isIPv4(ip))) {
    throw new TemplateFault(`ipaddr: \`${text}\` is not an IP address or CIDR`, 'write e.g. 10.0.0.0/24')
  }
  const max = v6 ? 128 : 32
  const prefix = prefixText === undefined ? max : Number(prefixText)
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || !/^\d+$/.test(prefixText ?? '0')) {
    throw new TemplateFault(`ipaddr: invalid prefix in \`${text}\``)
  }
  return { v6, addr: v6 ? parseV6(ip) : parseV4(ip), prefix, bare: prefixText === undefined }
}

function parseV4(ip: string): bigint {
  return ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n)
}

function parseV6(ip: string): bigint {
  let text = ip
  const v4tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (v4tail) {
    const n = parseV4(v4tail[1]!)
    text = `${text.slice(0, v4tail.index)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`
  }
  const [head = '', tail] = text.split('::')
  const h = head ? head.split(':') : []
  const t = tail ? tail.split(':') : []
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t]
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n)
}

function format(addr: bigint, v6: boolean): string {
  if (!v6) return [24n, 16n, 8n, 0n].map((s) => String((addr >> s) & 255n)).join('.')
  const groups = Array.from({ length: 8 }, (_, i) => Number((addr >> BigInt(112 - 16 * i)) & 0xffffn))
  let best = -1
  let bestLen = 1
  for (let i = 0; i < 8;) {
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > bestLen) [best, bestLen] = [i, j - i]
    i = j === i ? i + 1 : j
  }
  const hex = groups.map((g) => g.toString(16))
  if (best < 0) return hex.join(':')
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`
}

function mask(c: Cidr): bigint {
  const n = BigInt(bits(c))
  return ((1n << n) - 1n) ^ ((1n << (n - BigInt(c.prefix))) - 1n)
}

const network = (c: Cidr): bigint => c.addr & mask(c)
const broadcast = (c: Cidr): bigint => network(c) | (mask(c) ^ ((1n << BigInt(bits(c))) - 1n))
const size = (c: Cidr): bigint => 1n << BigInt(bits(c) - c.prefix)

/** n-th address of the subnet (0 is the network address; negative counts from the end). */
export function nthHost(value: unknown, n: unknown): string {
  const c = parseCidr(value)
  const i = BigInt(Math.trunc(Number(n)))
  const offset = i < 0n ? size(c) + i : i
  if (offset < 0n || offset >= size(c)) {
    throw new TemplateFault(`nthhost: ${String(n)} is outside ${String(value)} (${size(c)} addresses)`)
  }
  return format(network(c) + offset, c.v6)
}

/** `ipaddr cidr query` with query one of the names documented in docs/templates.md, or a number. */
export function ipaddr(value: unknown, query: unknown = 'address'): unknown {
  const c = parseCidr(value)
  if (typeof query === 'number') return `${nthHost(value, query)}/${c.prefix}`
  const small = c.prefix >= bits(c) - 1
  switch (query) {
    case 'address':
      return format(c.addr, c.v6)
    case 'network':
      return format(network(c), c.v6)
    case 'net':
    case 'subnet':
      return `${format(network(c), c.v6)}/${c.prefix}`
    case 'prefix':
      return c.prefix
    case 'netmask':
      return format(mask(c), c.v6)
    case 'broadcast':
      return format(broadcast(c), c.v6)
    case 'size':
      return Number(size(c))
    case 'first_usable':
      return format(small || c.v6 ? network(c) : network(c) + 1n, c.v6)
    case 'last_usable':
      return format(small || c.v6 ? broadcast(c) : broadcast(c) - 1n, c.v6)
    case 'hostpart':
      return Number(c.addr - network(c))
    case 'version':
      return c.v6 ? 6 : 4
    case 'host':
      return `${format(c.addr, c.v6)}/${c.prefix}`
  }
  throw new TemplateFault(
    `ipaddr: unknown query ${JSON.stringify(query)}`,
    'use address, network, net, prefix, netmask, broadcast, size, first_usable, last_usable, hostpart, version, host or a number',
  )
}
