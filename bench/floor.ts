/**
 * The raw SSH floor: ssh2 directly, one connection per host opened before timing, then `count`
 * commands per host one after another, all hosts in parallel. Prints one JSON line: wall time,
 * this process's CPU and peak RSS during the timed part, and the machine's busy CPU (for "remote").
 * Usage: node dist/bench/floor.js HOSTS_JSON   ({hosts:[{address,port}], keyPath, count, command})
 */
import { readFileSync } from 'node:fs'
import { Client } from 'ssh2'
import { busyCpuS } from './stats.js'

interface FloorInput {
  hosts: { address: string; port: number }[]
  keyPath: string
  count: number
  command: string
}

function connect(address: string, port: number, key: Buffer): Promise<Client> {
  return new Promise((resolve, reject) => {
    const c = new Client()
    c.once('ready', () => resolve(c))
    c.once('error', reject)
    c.connect({ host: address, port, username: 'root', privateKey: key, readyTimeout: 30_000 })
  })
}

function exec(c: Client, command: string): Promise<number> {
  return new Promise((resolve, reject) => {
    c.exec(command, (err, ch) => {
      if (err) return reject(err)
      let code = -1
      ch.on('data', () => undefined)
      ch.stderr.on('data', () => undefined)
      ch.on('exit', (rc: number | null) => (code = rc ?? -1))
      ch.once('close', () => resolve(code))
      ch.end()
    })
  })
}

async function main(): Promise<void> {
  const input = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as FloorInput
  const key = readFileSync(input.keyPath)
  // connect with bounded concurrency so that the lab's sshd MaxStartups does not drop us
  const clients: Client[] = []
  for (let i = 0; i < input.hosts.length; i += 10) {
    const batch = input.hosts.slice(i, i + 10)
    clients.push(...(await Promise.all(batch.map((h) => connect(h.address, h.port, key)))))
  }
  const stat0 = busyCpuS(readFileSync('/proc/stat', 'utf8'))
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const failures = await Promise.all(
    clients.map(async (c) => {
      let bad = 0
      for (let i = 0; i < input.count; i++) if ((await exec(c, input.command)) !== 0) bad++
      return bad
    }),
  )
  const wallS = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  const busy = busyCpuS(readFileSync('/proc/stat', 'utf8')) - stat0
  for (const c of clients) c.end()
  const failed = failures.reduce((a, b) => a + b, 0)
  const userS = cpu.user / 1e6
  const sysS = cpu.system / 1e6
  const out = {
    wallS,
    userS,
    sysS,
    maxRssKb: process.resourceUsage().maxRSS,
    remoteS: Math.max(0, busy - userS - sysS),
    failed,
  }
  process.stdout.write(`${JSON.stringify(out)}\n`)
  process.exitCode = failed ? 1 : 0
}

main().catch((err: unknown) => {
  process.stderr.write(`floor: ${(err as Error).stack ?? String(err)}\n`)
  process.exitCode = 1
})
