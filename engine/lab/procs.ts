/** Lab host processes: starting one in its namespaces, and finding and killing what is left. */
import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, openSync, readdirSync, readFileSync, readlinkSync } from 'node:fs'
import type { Lab, LabHost } from './state.js'
import { labPaths } from './state.js'

/** Starts one host detached (own session, output to its log); returns the `unshare` process. */
export function spawnHost(lab: Lab, host: LabHost, env: NodeJS.ProcessEnv): ChildProcess {
  const paths = labPaths(lab.dir)
  const log = openSync(paths.log(host.name), 'a', 0o600)
  try {
    const child = spawn(
      'unshare',
      ['--mount', '--pid', '--uts', '--fork', '--kill-child', '--propagation', 'private'].concat(
        ['/bin/sh', paths.script, paths.root(host.name), host.name, host.address, String(host.port)],
        [lab.dir, lab.id],
      ),
      { detached: true, stdio: ['ignore', log, log], env },
    )
    child.unref()
    return child
  } finally {
    closeSync(log)
  }
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

function link(path: string): string | undefined {
  try {
    return readlinkSync(path)
  } catch {
    return undefined
  }
}

/** Alive and not a zombie (zombies wait for a parent that may never reap them). */
export function isAlive(pid: number): boolean {
  const stat = read(`/proc/${pid}/stat`)
  if (!stat) return false
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)
  return state !== 'Z' && state !== 'X'
}

/** When the process started (clock ticks since boot): with the PID, it names one process for good. */
export function startTime(pid: number): string | undefined {
  const stat = read(`/proc/${pid}/stat`)
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
}

/** Is `pid` still this lab's `unshare` (and not a recycled PID)? */
export function isHostProcess(lab: Lab, pid: number): boolean {
  if (pid <= 0 || !isAlive(pid)) return false
  const argv = (read(`/proc/${pid}/cmdline`) ?? '').split('\0')
  return argv.includes(labPaths(lab.dir).script) && argv.includes(lab.id)
}

export interface ProcInfo {
  pid: number
  pidNs: string | undefined
  argv: string[]
}

/** Every live process on the machine with its PID namespace and command line. */
export function processes(): ProcInfo[] {
  const list: ProcInfo[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const pid = Number(entry)
    if (pid === process.pid || !isAlive(pid)) continue
    const argv = (read(`/proc/${pid}/cmdline`) ?? '').split('\0').filter(Boolean)
    list.push({ pid, pidNs: link(`/proc/${pid}/ns/pid`), argv })
  }
  return list
}

/** PID namespaces of the lab's live hosts (each `unshare`'s children live in one). */
export function hostNamespaces(lab: Lab): Set<string> {
  const set = new Set<string>()
  for (const h of lab.hosts) {
    if (!isHostProcess(lab, h.pid)) continue
    const ns = link(`/proc/${h.pid}/ns/pid_for_children`)
    if (ns) set.add(ns)
  }
  return set
}

/** Live processes that belong to the lab: its `unshare`s, anything in their namespaces, its sshds. */
export function labProcesses(lab: Lab, namespaces: Set<string>): ProcInfo[] {
  const conf = `tsplay-lab-${lab.id}.conf`
  const script = labPaths(lab.dir).script
  return processes().filter(
    (p) =>
      (p.pidNs !== undefined && namespaces.has(p.pidNs)) ||
      p.argv.some((a) => a.includes(conf)) ||
      (p.argv.includes(script) && p.argv.includes(lab.id)),
  )
}

/** Mount points on the machine at or under `dir` (there should never be any). */
export function mountsUnder(dir: string): string[] {
  const text = read('/proc/self/mountinfo') ?? ''
  return text
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((m): m is string => m !== undefined)
    .map((m) => m.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))))
    .filter((m) => m === dir || m.startsWith(`${dir}/`))
}

export function logTail(lab: Lab, name: string, lines = 8): string {
  const text = (read(labPaths(lab.dir).log(name)) ?? '').trimEnd()
  return text ? text.split('\n').slice(-lines).join('\n') : '(log empty)'
}
