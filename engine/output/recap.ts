/** What a run's recap means for the exit code and the `.retry` file. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { ExitCode } from '../errors.js'
import type { RunEvent } from './events.js'

export type RecapEvent = Extract<RunEvent, { type: 'recap' }>
type Recap = Pick<RecapEvent, 'hosts' | 'interrupted'>

/** 0 all ok, 2 a host failed, 4 a host unreachable and none failed, 99 interrupted (Ansible's codes) */
export function exitCodeFor(recap: Recap): number {
  if (recap.interrupted) return ExitCode.interrupted
  const counts = Object.values(recap.hosts)
  if (counts.some((c) => c.failed > 0)) return ExitCode.hostFailed
  if (counts.some((c) => c.unreachable > 0)) return ExitCode.hostUnreachable
  return ExitCode.ok
}

/** The failed and unreachable hosts, sorted, as Ansible puts them in the retry file */
export function retryHosts(recap: Pick<RecapEvent, 'hosts'>): string[] {
  return Object.entries(recap.hosts)
    .filter(([, c]) => c.failed > 0 || c.unreachable > 0)
    .map(([h]) => h)
    .sort()
}

/**
 * Writes `path` with one host per line (Ansible's .retry format, usable as `--limit @path`) when
 * some host failed or was unreachable; otherwise leaves any existing file alone, as Ansible does.
 * Returns whether it wrote.
 */
export function writeRetryFile(path: string, recap: Pick<RecapEvent, 'hosts'>): boolean {
  const hosts = retryHosts(recap)
  if (!hosts.length) return false
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, hosts.map((h) => `${h}\n`).join(''))
  return true
}
