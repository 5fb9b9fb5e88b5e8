/** One play: its hosts in `serial` batches; facts; pre_tasks, roles + tasks, post_tasks, each followed by handlers. */
import { playHosts } from '../api.js'
import { syntheticTask } from '../playbook/synthetic.js'
import type { Play, TaskNode } from '../playbook/types.js'
import type { ConnectionPool } from './connections.js'
import { PlayContext } from './context.js'
import { Handlers } from './handlers.js'
import { HostState as HostStateClass, type HostState, type PlayRun, type RunOptions } from './state.js'
import { Strategy } from './strategy.js'
import { TaskRunner } from './task.js'

export async function runPlay(
  play: Play,
  opts: RunOptions,
  states: Map<string, HostState>,
  pool: ConnectionPool,
  cwd: string,
  startState: { waiting: boolean; stopAll?: boolean },
): Promise<void> {
  const names = playHosts(opts.inventory, play, opts.limit).filter((h) => {
    const s = states.get(h)
    return !s || (!s.failed && !s.unreachable)
  })
  if (!names.length) {
    opts.sink({ type: 'play_start', name: play.name, hosts: names })
    opts.sink({ type: 'play_no_hosts', name: play.name })
    return
  }
  for (const [index, batch] of serialBatches(names, play.serial).entries()) {
    if (opts.stop.aborted) return
    // as in Ansible, each serial batch starts with the PLAY banner
    opts.sink({ type: 'play_start', name: play.name, hosts: batch, ...(index ? { batch: index } : {}) })
    // hosts enter the recap when their batch starts (a stopped rolling update lists only those it reached)
    for (const h of batch) if (!states.has(h)) states.set(h, newState(h))
    const hosts = batch.map((h) => states.get(h)!)
    for (const h of hosts) h.ended = false
    const run: PlayRun = {
      hosts,
      playHosts: names,
      batch,
      aborted: false,
      waitingForStart: startState.waiting,
    }
    const pc = new PlayContext(play, run, opts, states, cwd)
    const handlers = new Handlers(pc, play.handlers)
    const strategy = new Strategy(pc, new TaskRunner(pc, pool), handlers)
    if (play.gatherFacts) await strategy.runSection([factsTask(play)], hosts)
    for (const section of [play.preTasks, play.tasks, play.postTasks]) {
      await strategy.runSection(section, hosts)
      if (!run.aborted) await handlers.flush(hosts, strategy)
    }
    startState.waiting = run.waitingForStart
    if (run.aborted || run.playEnded) return
    // a serial batch in which every host failed ends the playbook, as in Ansible (rolling updates)
    if (play.serial.length && hosts.every((h) => h.failed || h.unreachable)) {
      startState.stopAll = true
      opts.sink({ type: 'no_more_hosts', reason: 'every host of the batch failed' })
      return
    }
  }
}

function newState(name: string): HostState {
  return new HostStateClass(name)
}

/** Ansible's `serial`: sizes or percentages, the last one repeating; none means one batch. */
export function serialBatches(hosts: string[], serial: (number | string)[]): string[][] {
  if (!serial.length) return [hosts]
  const batches: string[][] = []
  let i = 0
  let step = 0
  while (i < hosts.length) {
    const spec = serial[Math.min(step, serial.length - 1)]!
    const pct = typeof spec === 'string' && spec.trim().endsWith('%')
    const n = pct ? Math.floor((hosts.length * parseFloat(String(spec))) / 100) : Number(spec)
    const size = Math.max(1, Number.isFinite(n) && n > 0 ? n : hosts.length)
    batches.push(hosts.slice(i, i + size))
    i += size
    step++
  }
  return batches
}

function factsTask(play: Play): TaskNode {
  return syntheticTask({
    id: `${play.id}-facts`,
    name: 'Gathering Facts',
    loc: play.loc,
    module: 'setup',
    args: {},
  })
}
