/**
 * Correctness before speed: after nodeprep, the trees both tools made on a host must be the same
 * (names, types, modes, link targets, checksums) and hold the expected content.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import type { BenchEnv } from './tools.js'

const run = promisify(execFile)

export function sshArgv(env: BenchEnv, address: string, port: number, script: string): string[] {
  return [
    '-i',
    env.keyPath,
    '-p',
    String(port),
    '-o',
    `UserKnownHostsFile=${env.knownHosts}`,
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    'BatchMode=yes',
    `root@${address}`,
    script,
  ]
}

/** Names, types, modes, link targets (root replaced by ROOT) and sha1 of each file under `root`. */
export function treeScript(root: string): string {
  return (
    `cd '${root}' && find . -mindepth 1 -printf '%y %m %P %l\\n' | sed "s#${root}#ROOT#g" | LC_ALL=C sort && ` +
    `find . -type f -exec sha1sum {} + | LC_ALL=C sort -k2`
  )
}

/** What nodeprep must leave on host `name` under `root`, as [file, text it contains]. */
export function expected(name: string): [string, string][] {
  return [
    ['etc/node.conf', `# node configuration for ${name}\ncluster = bench-cluster\n`],
    ['etc/node.conf', 'registry = registry.bench.local:5000\n'],
    ['etc/node.conf', 'max_pods = 110\nowner = platform-team\n'],
    ['etc/fstab', 'tmpfs /bench tmpfs defaults 0 0\n'],
    ['etc/fstab', '# bench managed\n'],
    ['etc/role', `role ${name}-worker\n`],
    ['etc/motd', 'managed by the bench'],
    ['etc/sysctl.conf', 'vm.max_map_count = 262144\n'],
  ]
}

async function sh(env: BenchEnv, address: string, port: number, script: string): Promise<string> {
  const { stdout } = await run('ssh', sshArgv(env, address, port, script), { maxBuffer: 1 << 24 })
  return stdout
}

/** Throws with the difference when the trees differ or content is missing. */
export async function verifyNodeprep(
  env: BenchEnv,
  host: { name: string; address: string; port: number },
  roots: Record<string, string>,
): Promise<void> {
  const trees: [string, string][] = []
  for (const [tool, root] of Object.entries(roots)) {
    const tree = await sh(env, host.address, host.port, treeScript(root))
    for (const [file, text] of expected(host.name)) {
      const content = await sh(env, host.address, host.port, `cat '${root}/${file}'`)
      if (!content.includes(text))
        throw new Error(`${tool} on ${host.name}: ${root}/${file} lacks ${JSON.stringify(text)}`)
    }
    for (const f of ['reloaded', '.initialised', 'data-run', 'current'])
      if (!tree.includes(` ${f} `)) throw new Error(`${tool} on ${host.name}: ${root}/${f} is missing`)
    trees.push([tool, tree])
  }
  const [first, ...rest] = trees
  for (const [tool, tree] of rest) {
    if (tree !== first![1])
      throw new Error(
        `${host.name}: ${first![0]} and ${tool} left different trees\n--- ${first![0]}\n${first![1]}--- ${tool}\n${tree}`,
      )
  }
}
