/** runPlaybook: every play of a loaded playbook on its hosts, as events; returns the recap. */
import { setMaxListeners } from 'node:events'
import type { Project } from '../api.js'
import { emptyCounts, type HostCounts } from '../output/events.js'
import { ConnectionPool } from './connections.js'
import { runPlay } from './play.js'
import type { HostState, RunOptions } from './state.js'

export type { RunOptions } from './state.js'

export interface RunSummary {
  hosts: Record<string, HostCounts>
  durationMs: number
  interrupted: boolean
}

export async function runPlaybook(
  project: Project,
  opts: RunOptions,
  cwd = process.cwd(),
): Promise<RunSummary> {
  const started = Date.now()
  // every running command listens on the kill signal: more than 10 at once is normal, not a leak
  setMaxListeners(0, opts.kill)
  const pb = project.playbook!
  const states = new Map<string, HostState>()
  const log =
    opts.verbosity >= 3
      ? (host: string, command: string, rc: number, ms: number) =>
          opts.sink({
            type: 'verbose',
            level: 3,
            host,
            message: `EXEC (rc=${rc}, ${ms.toFixed(1)} ms): ${opts.secrets.redact(command)}`,
          })
      : undefined
  const pool = new ConnectionPool({
    forced: opts.connection,
    ssh: opts.ssh,
    log,
    warn: (message) => opts.sink({ type: 'warning', message }),
  })
  const startState: { waiting: boolean; stopAll?: boolean } = { waiting: Boolean(opts.startAtTask) }
  opts.sink({ type: 'playbook_start', file: pb.file, checkMode: opts.checkMode })
  try {
    for (const play of pb.plays) {
      if (opts.stop.aborted || startState.stopAll) break
      await runPlay(play, opts, states, pool, cwd, startState)
    }
  } finally {
    await pool.closeAll()
  }
  const hosts: Record<string, HostCounts> = {}
  for (const [name, s] of states) hosts[name] = { ...emptyCounts(), ...s.counts }
  const summary = { hosts, durationMs: Date.now() - started, interrupted: opts.stop.aborted }
  opts.sink({ type: 'recap', ...summary })
  return summary
}
