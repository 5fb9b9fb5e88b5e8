/** Key material of a lab: the client key, one host key per host, known_hosts, deploy's password. */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { promisify } from 'node:util'
import pLimit from 'p-limit'
import type { Lab } from './state.js'
import { labPaths } from './state.js'

const run = promisify(execFile)

export async function keygen(path: string, comment: string): Promise<void> {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path])
}

/** Generates every key in parallel (bounded) and writes known_hosts and the deploy password. */
export async function writeKeys(lab: Lab, parallel: number): Promise<void> {
  const paths = labPaths(lab.dir)
  const limit = pLimit(parallel)
  await Promise.all([
    limit(() => keygen(paths.key, `tsplay-lab-${lab.id}`)),
    ...lab.hosts.map((h) => limit(() => keygen(paths.hostKey(h.name), `${h.name}@tsplay-lab`))),
  ])
  const known = lab.hosts.map((h) => {
    const [type, key] = readFileSync(`${paths.hostKey(h.name)}.pub`, 'utf8').split(' ')
    const where = h.port === 22 ? h.address : `[${h.address}]:${h.port}`
    return `${where} ${type} ${key}\n`
  })
  writeFileSync(paths.knownHosts, known.join(''), { mode: 0o600 })
  writeFileSync(paths.deployPassword, `${randomBytes(12).toString('base64url')}\n`, { mode: 0o600 })
}
