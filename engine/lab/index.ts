/**
 * `tsplay lab`: throwaway SSH hosts on this machine. Each host is a real sshd in its own mount, PID
 * and UTS namespaces, on an overlay over / whose writes land on a tmpfs, listening on 127.0.0.x.
 */
import { accessSync, constants, existsSync, mkdirSync, chmodSync, readdirSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { resolve } from 'node:path'
import pLimit from 'p-limit'
import { TsplayError } from '../errors.js'
import { writeKeys } from './keys.js'
import { defaultLayout, planHosts, renderEtcHosts, renderInventory } from './layout.js'
import { addressAt, isLoopbackBase, listenersOn, sleep, sshBanner } from './net.js'
import { labDown } from './down.js'
import { logTail, spawnHost } from './procs.js'
import { SETUP_SCRIPT } from './script.js'
import { labPaths, readLab, writeLab, type Lab, type LabHost, type LabLayout } from './state.js'

export { labDown, labStatus, type LabDownResult, type LabHostStatus } from './down.js'
export { defaultLabDir, readLab, type Lab, type LabHost, type LabLayout } from './state.js'

export const MAX_HOSTS = 200

export interface LabUpOptions {
  count: number
  /** State directory (default $TSPLAY_LAB_DIR or /tmp/tsplay-lab); must be absent or empty */
  dir: string
  /** First address to try (default 127.0.0.10) */
  base?: string
  /** Default: k8s from 5 hosts, flat below */
  layout?: LabLayout
  port?: number
  /** Hosts started (and keys generated) at once */
  parallel?: number
  /** How long one host may take to answer with an SSH banner */
  timeoutMs?: number
  /** Environment of the host processes; TSPLAY_LAB_SSHD there overrides the sshd path */
  env?: NodeJS.ProcessEnv
  /** Injectable for tests: the effective uid and the sshd binary checked before starting */
  uid?: number
  sshdPath?: string
}

export async function labUp(opts: LabUpOptions): Promise<Lab> {
  const env = opts.env ?? process.env
  checkRequirements(
    opts.uid ?? process.getuid?.() ?? 0,
    opts.sshdPath ?? env['TSPLAY_LAB_SSHD'] ?? '/usr/sbin/sshd',
  )
  const count = opts.count
  if (!Number.isInteger(count) || count < 1 || count > MAX_HOSTS) {
    throw usage(
      `host count must be a whole number from 1 to ${MAX_HOSTS}, got ${count}`,
      'e.g. `tsplay lab up 3`',
    )
  }
  const base = opts.base ?? '127.0.0.10'
  if (!isLoopbackBase(base))
    throw usage(`--base must be a loopback address 127.x.y.z (z 1-254), got \`${base}\``)
  const port = opts.port ?? 22
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw usage(`--port must be 1-65535, got ${port}`)
  const layout = opts.layout ?? defaultLayout(count)
  const plan = planHosts(count, layout)
  const dir = prepareDir(resolve(opts.dir))
  const { addresses, skipped } = pickAddresses(base, port, count)
  const paths = labPaths(dir)
  const lab: Lab = {
    dir,
    id: randomBytes(4).toString('hex'),
    layout,
    createdAt: new Date().toISOString(),
    hosts: plan.map((p, i) => ({ ...p, address: addresses[i]!, port, pid: 0 })),
    skipped,
    inventoryPath: paths.inventory,
    keyPath: paths.key,
    knownHostsPath: paths.knownHosts,
    deployPasswordPath: paths.deployPassword,
  }
  writeLab(lab)
  for (const sub of ['hostkeys', 'roots', 'logs']) mkdirSync(`${dir}/${sub}`, { mode: 0o700 })
  const parallel = opts.parallel ?? 16
  try {
    await writeKeys(lab, parallel)
    writeFileSync(paths.script, SETUP_SCRIPT, { mode: 0o700 })
    writeFileSync(paths.etcHosts, renderEtcHosts(lab))
    writeFileSync(paths.inventory, renderInventory(lab), { mode: 0o600 })
    const limit = pLimit(parallel)
    let failed = false
    const starts = lab.hosts.map((h) =>
      limit(async () => {
        if (failed) return // a host failed: start no more, so that the cleanup below gets them all
        await startHost(lab, h, env, opts.timeoutMs ?? 20_000).catch((err: unknown) => {
          failed = true
          throw err
        })
      }),
    )
    const results = await Promise.allSettled(starts)
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
    if (failure) throw failure.reason
  } catch (err) {
    await labDown(dir).catch(() => undefined)
    throw err
  }
  return lab
}

function checkRequirements(uid: number, sshd: string): void {
  if (uid !== 0) {
    throw new TsplayError({
      code: 'LAB_NEEDS_ROOT',
      message: `tsplay lab needs root (it mounts overlays and creates namespaces); running as uid ${uid}`,
      hint: 'run it as root, e.g. `sudo npx tsplay lab up 3`',
    })
  }
  try {
    accessSync(sshd, constants.X_OK)
  } catch {
    throw new TsplayError({
      code: 'LAB_NEEDS_SSHD',
      message: `tsplay lab needs the OpenSSH server, and ${sshd} is missing`,
      hint: 'install it with `apt-get install -y openssh-server` (the lab does not start the system sshd)',
    })
  }
}

function prepareDir(dir: string): string {
  if (/[\s'"\\]/.test(dir))
    throw usage(`lab directory \`${dir}\` has spaces or quotes, which inventories cannot hold`)
  if (readLab(dir)) {
    throw new TsplayError({
      code: 'LAB_ALREADY_UP',
      message: `a lab is already up in ${dir}`,
      hint: `stop it first: \`tsplay lab down --dir ${dir}\` (or use another --dir)`,
    })
  }
  if (existsSync(dir) && readdirSync(dir).length) {
    throw usage(
      `lab directory ${dir} is not empty`,
      'give an empty or new directory with --dir (down removes it)',
    )
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  chmodSync(dir, 0o700)
  return dir
}

function pickAddresses(
  base: string,
  port: number,
  count: number,
): { addresses: string[]; skipped: string[] } {
  const { addresses: busy, wildcard } = listenersOn(port)
  if (wildcard) {
    throw new TsplayError({
      code: 'LAB_PORT_TAKEN',
      message: `something listens on ${wildcard} (all addresses), so no lab host can listen on 127.0.0.x:${port}`,
      hint: 'pick another port for the lab hosts, e.g. `--port 2222`',
    })
  }
  const addresses: string[] = []
  const skipped: string[] = []
  for (let i = 0; addresses.length < count; i++) {
    const a = addressAt(base, i)
    if (!a)
      throw usage(
        `not enough free addresses from ${base} for ${count} hosts`,
        'use a lower --base or fewer hosts',
      )
    if (busy.has(a)) skipped.push(a)
    else addresses.push(a)
  }
  return { addresses, skipped }
}

async function startHost(lab: Lab, host: LabHost, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<void> {
  mkdirSync(labPaths(lab.dir).root(host.name), { mode: 0o700 })
  const child = spawnHost(lab, host, env)
  let exited: string | undefined
  child.on('exit', (code, signal) => (exited = signal ? `killed by ${signal}` : `exited with code ${code}`))
  child.on('error', (err) => (exited = `could not start: ${err.message}`))
  host.pid = child.pid ?? 0
  writeLab(lab)
  const deadline = Date.now() + timeoutMs
  while (!(await sshBanner(host.address, host.port, 500))) {
    if (exited || Date.now() > deadline) {
      const why = exited ?? `no SSH banner on ${host.address}:${host.port} within ${timeoutMs / 1000} s`
      throw new TsplayError({
        code: 'LAB_HOST_FAILED',
        message: `lab host ${host.name} (${host.address}) did not come up: ${why}. Last lines of its log:\n${logTail(lab, host.name)}`,
        hint: 'the lab was stopped again; check the log lines above',
      })
    }
    await sleep(50)
  }
}

function usage(message: string, hint?: string): TsplayError {
  return new TsplayError({ code: 'LAB_USAGE', message, hint })
}
