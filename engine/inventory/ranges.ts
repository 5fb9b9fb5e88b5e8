/**
 * Host names with an optional `:port` and `[x:y(:step)]` ranges, as Ansible's parse_address and
 * expand_hostname_range read them (including letter ranges taken from `a..zA..Z`).
 */

/** A problem in a host pattern; the caller adds the file and line. */
export class HostPatternError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message)
  }
}

const numericRange = String.raw`\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\]`
const hexRange = String.raw`\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\]`
const alnumRange = String.raw`\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\]`
const ipv6Part = `(?:[0-9a-f]{1,4}|${hexRange})`
const ipv4Part = `(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|${numericRange})`
const label = String.raw`(?:[\p{L}\p{N}_]|${alnumRange})(?:[\p{L}\p{N}_-]|${alnumRange})*(?<![_-])`

const p6 = ipv6Part
const ipv4In6 = `(?:${p6}\\.){3}${p6}`
const ipv6Alternatives = [
  `(?:${p6}:){7}${p6}`,
  `(?:${p6}:){1,6}:`,
  `(?:${p6}:)(?::${p6}){1,6}`,
  `(?:${p6}:){2}(?::${p6}){1,5}`,
  `(?:${p6}:){3}(?::${p6}){1,4}`,
  `(?:${p6}:){4}(?::${p6}){1,3}`,
  `(?:${p6}:){5}(?::${p6}){1,2}`,
  `(?:${p6}:){6}(?::${p6})`,
  `:(?::${p6}){1,6}`,
  `${p6}?::`,
  `(?:0:){6}${ipv4In6}`,
  `::(?:ffff:)?${ipv4In6}`,
  // Python's `$` binds only to this last alternative; kept for identical behaviour
  `(?:0:){5}ffff:${ipv4In6}$`,
]

const patterns = {
  bracketedHostPort: /^\[(.+)\]:([0-9]+)$/,
  hostPort: /^((?:[^:[\]]|\[[^\]]*\])*):([0-9]+)$/,
  ipv4: new RegExp(`^(?:${ipv4Part}\\.){3}${ipv4Part}$`, 'i'),
  ipv6: new RegExp(`^(?:${ipv6Alternatives.join('|')})`, 'i'),
  hostname: new RegExp(`^${label}(?:\\.${label})*$`, 'iu'),
}

/** Whether `name` is an IP address (Ansible then keeps it whole as inventory_hostname_short). */
export function isIpAddress(name: string): boolean {
  return patterns.ipv4.test(name) || patterns.ipv6.test(name)
}

/** Ansible's parse_address: host and port, or undefined where Ansible raises. */
export function parseAddress(
  address: string,
  allowRanges: boolean,
): { host: string; port: number | undefined } | undefined {
  let port: number | undefined
  for (const re of [patterns.bracketedHostPort, patterns.hostPort]) {
    const m = re.exec(address)
    if (m) {
      address = m[1]!
      port = Number(m[2])
    }
  }
  const valid = patterns.ipv4.test(address) || patterns.ipv6.test(address) || patterns.hostname.test(address)
  if (!valid) return undefined
  if (!allowRanges && address.includes('[')) return undefined
  return { host: address, port }
}

/** Split `host:port` and expand ranges; an unparsable address is kept whole, as Ansible does. */
export function expandHostPattern(pattern: string): { hosts: string[]; port: number | undefined } {
  const parsed = parseAddress(pattern, true)
  const host = parsed?.host ?? pattern
  return { hosts: host.includes('[') ? expandRanges(host) : [host], port: parsed?.port }
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'
const RANGE_HINT = 'write a range as [first:last] or [first:last:step], e.g. node[01:10] or node[a:f]'

/** Python's int() of a decimal string, or undefined. */
function pyInt(s: string): number | undefined {
  const t = s.trim()
  return /^[+-]?\d(?:_?\d)*$/.test(t) ? Number(t.replace(/_/g, '')) : undefined
}

export function expandRanges(line: string): string[] {
  const open = line.indexOf('[')
  const close = line.indexOf(']')
  if (close < 0 || close < open) {
    throw new HostPatternError(`unbalanced brackets in host range \`${line}\``, RANGE_HINT)
  }
  const head = line.slice(0, open)
  const tail = line.slice(close + 1)
  const bounds = line.slice(open + 1, close).split(':')
  if (bounds.length !== 2 && bounds.length !== 3) {
    throw new HostPatternError(`host range \`${line}\` must be begin:end or begin:end:step`, RANGE_HINT)
  }
  const beg = bounds[0] || '0'
  const end = bounds[1]!
  const stepText = bounds[2] ?? '1'
  if (!end) throw new HostPatternError(`host range \`${line}\` has no end value`, RANGE_HINT)
  let width = 0
  if (beg[0] === '0' && beg.length > 1) {
    if (beg.length !== end.length) {
      throw new HostPatternError(
        `host range \`${line}\` has begin and end of different widths`,
        `zero-padded ranges need equal widths, e.g. [${beg}:${end.padStart(beg.length, '0')}]`,
      )
    }
    width = beg.length
  }
  const step = pyInt(stepText)
  if (step === undefined || step <= 0) {
    throw new HostPatternError(`host range \`${line}\` has an invalid step \`${stepText}\``, RANGE_HINT)
  }
  const seq: string[] = []
  const iBeg = LETTERS.indexOf(beg)
  const iEnd = LETTERS.indexOf(end)
  if (iBeg >= 0 && iEnd >= 0) {
    if (iBeg > iEnd) throw new HostPatternError(`host range \`${line}\` must have begin <= end`, RANGE_HINT)
    for (let i = iBeg; i <= iEnd; i += step) seq.push(LETTERS[i]!)
  } else {
    const b = pyInt(beg)
    const e = pyInt(end)
    if (b === undefined || e === undefined) {
      throw new HostPatternError(
        `host range \`${line}\` mixes letters and numbers or is not a range`,
        'use two numbers ([1:9]) or two letters ([a:f]) as bounds',
      )
    }
    if (b > e) throw new HostPatternError(`host range \`${line}\` must have begin <= end`, RANGE_HINT)
    for (let i = b; i <= e; i += step) seq.push(width ? String(i).padStart(width, '0') : String(i))
  }
  return seq.flatMap((part) => {
    const name = head + part + tail
    return name.includes('[') ? expandRanges(name) : [name]
  })
}
