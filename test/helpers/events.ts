/** Reading `tsplay run --json` output in tests. */
import { expect } from 'chai'
import type { HostCounts, RunEvent } from '../../engine/output/events.js'

export function events(stdout: string): RunEvent[] {
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as RunEvent)
}

export function recap(stdout: string): Record<string, HostCounts> {
  const list = events(stdout)
  const last = list[list.length - 1]
  expect(last?.type, 'the last NDJSON line is the recap').to.equal('recap')
  return (last as Extract<RunEvent, { type: 'recap' }>).hosts
}

export type HostResult = Extract<RunEvent, { type: 'host_result' }>

export function results(stdout: string, task?: string): HostResult[] {
  return events(stdout).filter(
    (e): e is HostResult => e.type === 'host_result' && (task === undefined || e.task === task),
  )
}
