/** Which loopback addresses are free on a port, and whether an SSH server answers on one. */
import { readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { endianness } from 'node:os'

export interface Listeners {
  /** IPv4 addresses listening on the port */
  addresses: Set<string>
  /** Something listens on 0.0.0.0 or :: (then no 127.0.0.x can bind the port) */
  wildcard: string | undefined
}

/** TCP listeners on `port`, from /proc/net/tcp{,6} (the lab shares the machine's network). */
export function listenersOn(port: number): Listeners {
  const addresses = new Set<string>()
  let wildcard: string | undefined
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0')
  for (const [file, v6] of [
    ['/proc/net/tcp', false],
    ['/proc/net/tcp6', true],
  ] as const) {
    let text = ''
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      continue
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/)
      const local = f[1]
      if (!local || f[3] !== '0A' || !local.endsWith(`:${hexPort}`)) continue
      const hex = local.slice(0, local.indexOf(':'))
      if (/^0+$/.test(hex)) wildcard = v6 ? `[::]:${port}` : `0.0.0.0:${port}`
      else if (!v6) addresses.add(ipv4FromHex(hex))
    }
  }
  return { addresses, wildcard }
}

function ipv4FromHex(hex: string): string {
  const bytes = [0, 2, 4, 6].map((i) => parseInt(hex.slice(i, i + 2), 16))
  return (endianness() === 'LE' ? bytes.reverse() : bytes).join('.')
}

/** True when `address:port` accepts a connection and sends an SSH banner within `timeoutMs`. */
export function sshBanner(address: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port })
    let data = ''
    const done = (ok: boolean) => {
      clearTimeout(timer)
      socket.destroy()
      resolve(ok)
    }
    const timer = setTimeout(() => done(false), timeoutMs)
    socket.on('data', (d: Buffer) => {
      data += d.toString('latin1')
      if (!data.includes('\n')) return
      // Identifying ourselves keeps sshd from logging the probe as an error when we hang up.
      socket.end('SSH-2.0-tsplay-lab-probe\r\n')
      done(data.startsWith('SSH-'))
    })
    socket.on('error', () => done(false))
    socket.on('close', () => done(false))
  })
}

/** The `n`th address after `base` (127.0.0.10 + 2 → 127.0.0.12), or undefined past .254. */
export function addressAt(base: string, n: number): string | undefined {
  const parts = base.split('.').map(Number)
  const last = parts[3]! + n
  return last <= 254 ? `${parts.slice(0, 3).join('.')}.${last}` : undefined
}

export function isLoopbackBase(base: string): boolean {
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(base)
  return !!m && m.slice(1).every((x) => Number(x) <= 255) && Number(m[3]) >= 1 && Number(m[3]) <= 254
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}
