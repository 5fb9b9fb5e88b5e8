/** Stopping a lab and checking nothing of it is left; probing its hosts. */
import { rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { TsplayError } from '../errors.js'
import { sleep, sshBanner } from './net.js'
import { hostNamespaces, isAlive, isHostProcess, labProcesses, mountsUnder, startTime } from './procs.js'
import { readLab, type LabHost } from './state.js'

export interface LabDownResult {
  dir: string
  /** False when no lab was recorded in `dir` */
  wasUp: boolean
  /** Host processes found running and killed */
  killed: number
}

/** Kills every process of the lab, checks none and no mount is left, removes the directory. */
export async function labDown(dirIn: string): Promise<LabDownResult> {
  const dir = resolve(dirIn)
  const lab = readLab(dir)
  if (!lab) return { dir, wasUp: false, killed: 0 }
  const namespaces = hostNamespaces(lab)
  const running = lab.hosts
    .filter((h) => isHostProcess(lab, h.pid))
    .map((h) => ({ pid: h.pid, start: startTime(h.pid) }))
  // Killing a namespace's PID 1 (sshd) kills everything in it; its `unshare` then exits by itself.
  let left = labProcesses(lab, namespaces)
  for (const p of left) if (!running.some((h) => h.pid === p.pid)) kill(p.pid)
  const busy = () => [
    ...labProcesses(lab, namespaces),
    // An exiting process has no command line yet is not a zombie: wait for it by PID too.
    ...running
      .filter((h) => isAlive(h.pid) && startTime(h.pid) === h.start)
      .map((h) => ({ pid: h.pid, pidNs: undefined, argv: ['unshare'] })),
  ]
  for (let i = 0; i < 100 && (left = busy()).length; i++) {
    if (i === 20) for (const p of left) kill(p.pid)
    await sleep(25)
  }
  if (left.length) {
    throw new TsplayError(
      {
        code: 'LAB_DOWN_INCOMPLETE',
        message: `lab processes survived SIGKILL: ${left.map((p) => `${p.pid} (${p.argv.join(' ')})`).join(', ')}`,
        hint: `check them with \`ps -p ${left.map((p) => p.pid).join(',')}\`, then run down again`,
      },
      1,
    )
  }
  const mounts = mountsUnder(dir)
  if (mounts.length) {
    throw new TsplayError(
      {
        code: 'LAB_DOWN_INCOMPLETE',
        message: `mounts left under ${dir}: ${mounts.join(', ')}`,
        hint: 'unmount them',
      },
      1,
    )
  }
  rmSync(dir, { recursive: true, force: true })
  return { dir, wasUp: true, killed: running.length }
}

function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL')
  } catch {
    // already gone
  }
}

export interface LabHostStatus extends LabHost {
  /** The host's `unshare` process is alive */
  running: boolean
  /** It answers with an SSH banner */
  up: boolean
}

/** Every host with a process check and a TCP+banner probe; undefined when no lab is in `dir`. */
export async function labStatus(dir: string): Promise<LabHostStatus[] | undefined> {
  const lab = readLab(resolve(dir))
  if (!lab) return undefined
  return Promise.all(
    lab.hosts.map(async (h) => {
      const running = isHostProcess(lab, h.pid)
      return { ...h, running, up: running && (await sshBanner(h.address, h.port)) }
    }),
  )
}
