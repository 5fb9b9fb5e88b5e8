/**
 * `npm run bench`: tsplay vs ansible-playbook vs the raw SSH floor on the same lab hosts.
 * See docs/benchmark.md for what is measured and how.
 */
import { execFileSync, execSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { labDown, labUp, type Lab } from '../engine/lab/index.js'
import { orderFor, parseBenchArgs, type BenchArgs, type Workload } from './args.js'
import { renderTable, summarise, type Row, type Sample, type Tool } from './stats.js'
import {
  ansibleArgv,
  closeAnsibleMasters,
  ansibleEnv,
  runFloor,
  timed,
  tsplayArgv,
  writeAnsibleConfig,
  type BenchEnv,
} from './tools.js'
import { verifyNodeprep } from './verify.js'

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const WL = join(REPO, 'bench/workloads')
const LAB_DIR = '/tmp/tsplay-bench-lab'
const TASKS: Record<Workload, number> = { noop: 20, nodeprep: 20, 'nodeprep-idem': 20, facts: 1 }

function ensureDeps(): void {
  const missing = ['ansible-playbook', '/usr/sbin/sshd', 'ssh', '/usr/bin/time'].filter((b) => {
    try {
      execSync(`command -v ${b}`, { stdio: 'ignore' })
      return false
    } catch {
      return true
    }
  })
  if (!missing.length) return
  if (process.getuid?.() !== 0) throw new Error(`missing ${missing.join(', ')}; run the bench as root`)
  console.log(`installing what is missing (${missing.join(', ')})`)
  execFileSync('bash', [join(REPO, 'scripts/install-system-deps.sh')], { stdio: 'inherit' })
  if (missing.includes('/usr/bin/time')) execSync('apt-get install -y time', { stdio: 'inherit' })
}

/** Every recap line of a run's output must say changed=0 (the idempotent second run). */
function assertNoChange(tool: string, outFile: string): void {
  const lines = readFileSync(outFile, 'utf8')
    .split('\n')
    .filter((l) => /:\s+ok=\d+\s+changed=\d+/.test(l))
  const bad = lines.filter((l) => !/changed=0\s/.test(l))
  if (!lines.length || bad.length)
    throw new Error(`${tool}: the second nodeprep run changed something:\n${bad.join('\n') || '(no recap)'}`)
}

/** Commands tsplay runs per host (from `--json -vvv`, untimed), for the report. */
function execsPerHost(env: BenchEnv, playbook: string, extra: string[]): number {
  const [bin, ...rest] = tsplayArgv(env, playbook, [...extra, '--json', '-vvv'])
  const text = execFileSync(bin!, rest, { cwd: env.work, encoding: 'utf8', maxBuffer: 1 << 28 })
  let n = 0
  for (const line of text.split('\n')) if (line.includes('"message":"EXEC (')) n++
  return n / env.hosts.length
}

async function oneSize(
  args: BenchArgs,
  n: number,
): Promise<{ rows: Row[]; execs: object; samples: object[] }> {
  console.log(`\n== ${n} hosts: starting the lab in ${LAB_DIR}`)
  const work = mkdtempSync(join(tmpdir(), 'tsplay-bench-'))
  try {
    const lab: Lab = await labUp({ count: n, dir: LAB_DIR, base: '127.0.1.10', layout: 'flat' })
    const env: BenchEnv = {
      repo: REPO,
      work,
      inventory: lab.inventoryPath,
      keyPath: lab.keyPath,
      knownHosts: lab.knownHostsPath,
      hosts: lab.hosts.map((h) => ({ address: h.address, port: h.port })),
      forks: n,
    }
    const cfg = writeAnsibleConfig(env)
    const out = (name: string) => join(work, `${name}.out`)
    const runTool = async (tool: Tool, playbook: string, extra: string[], count: number, tag: string) => {
      if (tool === 'floor') return runFloor(env, count, out(tag))
      const argv = tool === 'tsplay' ? tsplayArgv(env, playbook, extra) : ansibleArgv(env, playbook, extra)
      const sample = await timed(tool, argv, {
        cwd: work,
        outFile: out(tag),
        env: tool === 'ansible' ? ansibleEnv(cfg) : undefined,
      })
      if (tool === 'ansible') await closeAnsibleMasters(env)
      return sample
    }
    // warm-up (untimed): connectivity, caches, python bytecode
    for (const tool of args.tools) await runTool(tool, join(WL, 'warmup.yml'), [], 1, `warmup-${tool}`)
    const execs: Record<string, number> = {}
    if (args.tools.includes('tsplay')) {
      const extra = ['-e', 'bench_root=/opt/bench/execs']
      execs['noop'] = execsPerHost(env, join(WL, 'noop.yml'), [])
      execs['nodeprep'] = execsPerHost(env, join(WL, 'nodeprep.yml'), extra)
      execs['nodeprep-idem'] = execsPerHost(env, join(WL, 'nodeprep.yml'), extra)
      execs['facts'] = execsPerHost(env, join(WL, 'facts.yml'), [])
      console.log(`  tsplay commands per host: ${JSON.stringify(execs)}`)
    }
    const samples: Record<string, Sample[]> = {}
    const add = (w: Workload, tool: Tool, s: Sample) => {
      ;(samples[`${w}/${tool}`] ??= []).push(s)
      console.log(
        `  ${w.padEnd(14)} ${tool.padEnd(8)} wall ${s.wallS.toFixed(2)} s  cpu ${(s.userS + s.sysS).toFixed(2)} s  rss ${(s.maxRssKb / 1024).toFixed(0)} MB`,
      )
    }
    const wanted = new Set(args.workloads)
    for (const w of ['noop', 'facts'] as const) {
      if (!wanted.has(w)) continue
      for (let rep = 0; rep < args.reps; rep++)
        for (const tool of orderFor(args.tools, rep))
          add(w, tool, await runTool(tool, join(WL, `${w}.yml`), [], TASKS[w], `${w}-${tool}-${rep}`))
    }
    if (wanted.has('nodeprep') || wanted.has('nodeprep-idem')) {
      for (let rep = 0; rep < args.reps; rep++) {
        for (const tool of orderFor(args.tools, rep)) {
          const extra = ['-e', `bench_root=/opt/bench/${tool}-${rep}`]
          const pb = join(WL, 'nodeprep.yml')
          const first = await runTool(tool, pb, extra, 20, `nodeprep-${tool}-${rep}`)
          if (wanted.has('nodeprep')) add('nodeprep', tool, first)
          const second = await runTool(tool, pb, extra, 20, `idem-${tool}-${rep}`)
          if (tool !== 'floor') assertNoChange(tool, out(`idem-${tool}-${rep}`))
          if (wanted.has('nodeprep-idem')) add('nodeprep-idem', tool, second)
        }
        if (rep === 0) {
          const roots = Object.fromEntries(
            args.tools.filter((t) => t !== 'floor').map((t) => [t, `/opt/bench/${t}-0`]),
          )
          for (const h of [lab.hosts[0]!, lab.hosts[lab.hosts.length - 1]!])
            await verifyNodeprep(env, h, roots)
          console.log(`  verified: ${Object.keys(roots).join(' and ')} left the same, expected files`)
        }
      }
    }
    const rows: Row[] = []
    for (const w of args.workloads)
      for (const tool of args.tools) {
        const s = samples[`${w}/${tool}`]
        if (s?.length) rows.push(summarise(s, { workload: w, hosts: n, tasks: TASKS[w], tool }))
      }
    return { rows, execs, samples: Object.entries(samples).map(([k, v]) => ({ key: k, samples: v })) }
  } finally {
    await labDown(LAB_DIR).catch((e: unknown) => console.error(`lab down: ${String(e)}`))
    rmSync(work, { recursive: true, force: true })
  }
}

function versions(): Record<string, string> {
  const v = (cmd: string) => {
    try {
      return execSync(cmd, { encoding: 'utf8' }).split('\n')[0]!.trim()
    } catch {
      return 'unknown'
    }
  }
  return {
    node: process.version,
    ansible: v('ansible-playbook --version'),
    ssh: v('ssh -V 2>&1'),
    cpus: String(availableParallelism()),
  }
}

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2))
  ensureDeps()
  const dir = join(REPO, 'bench/results')
  mkdirSync(dir, { recursive: true })
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')
  const all: Row[] = []
  for (const n of args.sizes) {
    const { rows, execs, samples } = await oneSize(args, n)
    all.push(...rows)
    const table = renderTable(rows)
    console.log(`\n${table}`)
    const base = join(dir, `${stamp}-${n}`)
    writeFileSync(
      `${base}.json`,
      `${JSON.stringify({ date: new Date().toISOString(), hosts: n, args, versions: versions(), rows, execs, samples }, null, 2)}\n`,
    )
    writeFileSync(`${base}.md`, `# tsplay bench, ${n} hosts, ${new Date().toISOString()}\n\n${table}`)
    console.log(`wrote ${base}.json and ${base}.md`)
  }
  if (args.sizes.length > 1) console.log(`\n${renderTable(all)}`)
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err))
  process.exitCode = 1
})
