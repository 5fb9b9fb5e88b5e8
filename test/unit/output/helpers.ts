/** A fake Io capturing output, event builders and a tiny terminal emulator for renderer tests. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Io } from '../../../engine/cli/io.js'
import { emptyCounts, type HostCounts, type RunEvent } from '../../../engine/output/events.js'
import type { HostResultEvent } from '../../../engine/output/lines.js'
import { REPO } from '../../helpers/cli.js'

export const FIXTURES = join(REPO, 'test/fixtures/output')

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8')
}

export interface FakeIo extends Io {
  stdout: string
  stderr: string
  /** stdout and stderr interleaved in write order */
  both: string
}

export function fakeIo(opts: { isTTY?: boolean; env?: NodeJS.ProcessEnv } = {}): FakeIo {
  const io: FakeIo = {
    stdout: '',
    stderr: '',
    both: '',
    out: (t) => {
      io.stdout += t
      io.both += t
    },
    outBytes: (d) => {
      io.stdout += d.toString()
    },
    err: (t) => {
      io.stderr += t
      io.both += t
    },
    isTTY: opts.isTTY ?? false,
    env: opts.env ?? {},
  }
  return io
}

export const play = (name: string, hosts: string[] = []): RunEvent => ({ type: 'play_start', name, hosts })

export const task = (
  name: string,
  hosts = 1,
  extra: { handler?: boolean; path?: string } = {},
): RunEvent => ({
  type: 'task_start',
  name,
  hosts,
  handler: extra.handler ?? false,
  ...(extra.path !== undefined ? { path: extra.path } : {}),
})

export function res(
  host: string,
  status: HostResultEvent['status'],
  extra: Partial<Omit<HostResultEvent, 'type' | 'host' | 'status'>> = {},
): HostResultEvent {
  return { type: 'host_result', host, task: 't', status, durationMs: 1, ...extra }
}

export function counts(c: Partial<HostCounts>): HostCounts {
  return { ...emptyCounts(), ...c }
}

export function recap(
  hosts: Record<string, Partial<HostCounts>>,
  durationMs = 3200,
  interrupted = false,
): RunEvent {
  const full: Record<string, HostCounts> = {}
  for (const [h, c] of Object.entries(hosts)) full[h] = counts(c)
  return { type: 'recap', hosts: full, durationMs, interrupted }
}

/**
 * What a terminal shows after the output: applies \r, \n, cursor column/up moves and line clears,
 * drops colours and mode switches. Lines are returned without trailing blanks.
 */
export function screen(raw: string): string[] {
  const lines: string[] = ['']
  let row = 0
  let col = 0
  const put = (ch: string): void => {
    const line = (lines[row] ?? '').padEnd(col)
    lines[row] = line.slice(0, col) + ch + line.slice(col + 1)
    col++
  }
  const re = /\u001b\[([?0-9;]*)([A-Za-z])|\r|\n|[^\u001b\r\n]/gu
  for (const m of raw.matchAll(re)) {
    const [tok, args, cmd] = m
    if (tok === '\n') {
      row++
      col = 0
      lines[row] ??= ''
    } else if (tok === '\r') col = 0
    else if (cmd === 'G') col = Number(args || 1) - 1
    else if (cmd === 'A') row = Math.max(0, row - Number(args || 1))
    else if (cmd === 'K') {
      const line = lines[row] ?? ''
      lines[row] = args === '2' ? '' : args === '1' ? ' '.repeat(col) + line.slice(col) : line.slice(0, col)
    } else if (cmd === undefined) put(tok)
  }
  return lines.map((l) => l.trimEnd())
}

/** Without SGR colour codes */
export function plainText(s: string): string {
  return s.replace(/\u001b\[[0-9;]*m/g, '')
}
