/** Running each tool once, timed by GNU time, with the machine's busy CPU before and after. */
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, openSync, closeSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { busyCpuS, parseGnuTime, withoutTimeLine, type Sample } from './stats.js'

export interface BenchEnv {
  repo: string
  /** Scratch directory for configs and outputs */
  work: string
  inventory: string
  keyPath: string
  knownHosts: string
  hosts: { address: string; port: number }[]
  forks: number
}

export class ToolFailed extends Error {}

/** Runs a command under `/usr/bin/time`; stdout goes to a file (shown only if the run fails). */
export async function timed(
  label: string,
  argv: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd: string; outFile: string },
): Promise<Sample> {
  const out = openSync(opts.outFile, 'w')
  const before = busyCpuS(readFileSync('/proc/stat', 'utf8'))
  const err: Buffer[] = []
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', '%e %U %S %M', ...argv], {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', out, 'pipe'],
    })
    child.stderr!.on('data', (d: Buffer) => err.push(d))
    child.on('error', reject)
    child.on('close', (c) => resolve(c ?? 1))
  })
  const after = busyCpuS(readFileSync('/proc/stat', 'utf8'))
  closeSync(out)
  const stderr = Buffer.concat(err).toString('utf8')
  if (code !== 0) {
    const stdout = readFileSync(opts.outFile, 'utf8')
    throw new ToolFailed(
      `${label} exited with ${code}: ${argv.join(' ')}\n--- stdout (last 60 lines)\n${tail(stdout)}\n--- stderr\n${tail(withoutTimeLine(stderr))}`,
    )
  }
  const s = parseGnuTime(stderr)
  return { ...s, remoteS: Math.max(0, after - before - s.userS - s.sysS) }
}

const tail = (s: string, n = 60) => s.trimEnd().split('\n').slice(-n).join('\n')

export function tsplayArgv(env: BenchEnv, playbook: string, extra: string[]): string[] {
  const main = join(env.repo, 'dist/engine/cli/launch.cjs')
  return [process.execPath, main, 'run', playbook, '-i', env.inventory, '-f', String(env.forks), ...extra]
}

/** ansible.cfg with the fastest fair settings (see docs/benchmark.md). */
export function writeAnsibleConfig(env: BenchEnv): string {
  const dir = join(env.work, 'ansible')
  mkdirSync(join(dir, 'cp'), { recursive: true })
  const cfg = join(dir, 'ansible.cfg')
  const sshArgs = [
    '-o ControlMaster=auto',
    '-o ControlPersist=60s',
    `-o UserKnownHostsFile=${env.knownHosts}`,
    '-o StrictHostKeyChecking=yes',
    '-o PreferredAuthentications=publickey',
  ].join(' ')
  writeFileSync(
    cfg,
    [
      '[defaults]',
      `forks = ${env.forks}`,
      'gathering = explicit',
      'host_key_checking = True',
      'interpreter_python = /usr/bin/python3',
      'retry_files_enabled = False',
      `local_tmp = ${dir}/tmp`,
      '',
      '[ssh_connection]',
      'pipelining = True',
      `ssh_args = ${sshArgs}`,
      `control_path_dir = ${dir}/cp`,
      '',
    ].join('\n'),
  )
  return cfg
}

/**
 * Closes the ControlPersist masters an ansible run left (untimed): otherwise they exit up to 60 s
 * later, in the middle of the next tool's timed run, and their teardown (50 ssh processes and
 * sshd sessions) lands in its measurement. Each ansible run then opens its own, as tsplay does.
 */
export async function closeAnsibleMasters(env: BenchEnv): Promise<void> {
  const dir = join(env.work, 'ansible', 'cp')
  const sockets = () => readdirSync(dir).map((f) => join(dir, f))
  for (const sock of sockets())
    spawnSync('ssh', ['-O', 'exit', '-o', `ControlPath=${sock}`, 'bench-master'], { stdio: 'ignore' })
  for (let i = 0; i < 100 && sockets().length; i++) await new Promise((r) => setTimeout(r, 50))
  await new Promise((r) => setTimeout(r, 200)) // let the sshd sessions finish exiting
}

export function ansibleArgv(env: BenchEnv, playbook: string, extra: string[]): string[] {
  return ['ansible-playbook', '-i', env.inventory, playbook, ...extra]
}

export function ansibleEnv(cfg: string): NodeJS.ProcessEnv {
  return { ...process.env, ANSIBLE_CONFIG: cfg, ANSIBLE_NOCOLOR: '1', ANSIBLE_FORCE_COLOR: '0' }
}

/** The floor program (dist/bench/floor.js), which times itself after connecting. */
export async function runFloor(env: BenchEnv, count: number, outFile: string): Promise<Sample> {
  const input = join(env.work, 'floor.json')
  writeFileSync(
    input,
    JSON.stringify({ hosts: env.hosts, keyPath: env.keyPath, count, command: '/bin/true' }),
  )
  const stdout: Buffer[] = []
  const stderr: Buffer[] = []
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, [join(env.repo, 'dist/bench/floor.js'), input], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout.on('data', (d: Buffer) => stdout.push(d))
    child.stderr.on('data', (d: Buffer) => stderr.push(d))
    child.on('error', reject)
    child.on('close', (c) => resolve(c ?? 1))
  })
  const text = Buffer.concat(stdout).toString('utf8')
  writeFileSync(outFile, text)
  if (code !== 0) throw new ToolFailed(`floor exited with ${code}\n${text}${Buffer.concat(stderr)}`)
  return JSON.parse(text) as Sample
}
