/** The lab's state directory: where its files live and the JSON record of its hosts. */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { TsplayError } from '../errors.js'

export type LabLayout = 'flat' | 'k8s'

export interface LabHost {
  name: string
  address: string
  port: number
  groups: string[]
  /** PID of the `unshare` process that owns the host's namespaces (0 until started) */
  pid: number
}

export interface Lab {
  dir: string
  /** Random id; the hosts' sshd config is /etc/ssh/tsplay-lab-<id>.conf, which `down` looks for */
  id: string
  layout: LabLayout
  createdAt: string
  hosts: LabHost[]
  /** Addresses passed over because something already listened on the port */
  skipped: string[]
  inventoryPath: string
  keyPath: string
  knownHostsPath: string
  /** Password of the sudo-capable `deploy` user on every host (file mode 0600) */
  deployPasswordPath: string
}

export const STATE_FILE = 'state.json'

export function defaultLabDir(env: NodeJS.ProcessEnv): string {
  return resolve(env['TSPLAY_LAB_DIR'] || '/tmp/tsplay-lab')
}

export function labPaths(dir: string) {
  return {
    state: join(dir, STATE_FILE),
    script: join(dir, 'setup.sh'),
    key: join(dir, 'id_ed25519'),
    knownHosts: join(dir, 'known_hosts'),
    inventory: join(dir, 'inventory.ini'),
    etcHosts: join(dir, 'hosts'),
    deployPassword: join(dir, 'deploy_password'),
    hostKey: (name: string) => join(dir, 'hostkeys', name),
    root: (name: string) => join(dir, 'roots', name),
    log: (name: string) => join(dir, 'logs', `${name}.log`),
  }
}

/** The lab recorded in `dir`, or undefined when none is. */
export function readLab(dir: string): Lab | undefined {
  const file = labPaths(dir).state
  if (!existsSync(file)) return undefined
  try {
    const lab = JSON.parse(readFileSync(file, 'utf8')) as Lab
    if (typeof lab.id !== 'string' || !Array.isArray(lab.hosts)) throw new Error('not a lab state')
    return lab
  } catch (err) {
    throw new TsplayError({
      code: 'LAB_STATE',
      message: `${file}: unreadable lab state (${(err as Error).message})`,
      hint: 'stop its hosts by hand (their `unshare` processes) and remove the directory',
    })
  }
}

/** Atomic, so that an interrupted `up` leaves a state `down` can read. */
export function writeLab(lab: Lab): void {
  const file = labPaths(lab.dir).state
  writeFileSync(`${file}.tmp`, `${JSON.stringify(lab, null, 2)}\n`, { mode: 0o600 })
  renameSync(`${file}.tmp`, file)
}
