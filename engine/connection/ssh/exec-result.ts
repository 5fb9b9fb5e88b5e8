/** Building an ExecResult from what a channel or the command shell returned, and killing a channel. */
import type { ClientChannel } from 'ssh2'
import { stripBecomePrompt } from '../become.js'
import { UnreachableError, type ExecOptions, type ExecResult } from '../types.js'

export const SIGNALS: Record<string, number> = {
  HUP: 1,
  INT: 2,
  QUIT: 3,
  ABRT: 6,
  KILL: 9,
  SEGV: 11,
  PIPE: 13,
  TERM: 15,
}

/**
 * A `signal` channel request. ssh2's `channel.signal()` sends nothing once stdin has been ended,
 * and we always end it, so this calls the protocol layer the same way.
 */
export function sendKill(channel: ClientChannel): void {
  const ch = channel as unknown as {
    outgoing?: { id: number; state: string }
    _client?: { _protocol?: { signal(id: number, name: string): void } }
  }
  try {
    if (ch.outgoing && ['open', 'eof'].includes(ch.outgoing.state))
      ch._client?._protocol?.signal(ch.outgoing.id, 'KILL')
  } catch {
    // connection already gone
  }
}

/** A finished command: a remote timeout is an rc of 124/137 once the time was up. */
export function result(
  rc: number,
  stdoutBytes: Buffer,
  stderr: string,
  opts: ExecOptions,
  started: number,
  localTimeout: boolean,
): ExecResult {
  const elapsed = Date.now() - started
  const remoteTimeout = !!opts.timeoutMs && (rc === 124 || rc === 137) && elapsed >= opts.timeoutMs * 0.9
  return {
    rc,
    stdout: stdoutBytes.toString('utf8'),
    stderr: stripBecomePrompt(stderr),
    stdoutBytes,
    timedOut: localTimeout || remoteTimeout,
  }
}

export function aborted(): ExecResult {
  return {
    rc: 137,
    stdout: '',
    stderr: 'aborted before it started',
    stdoutBytes: Buffer.alloc(0),
    timedOut: false,
  }
}

export function withDeadline<T>(p: Promise<T>, ms: number | undefined, host: string): Promise<T> {
  if (!ms) return p
  return new Promise((resolve, reject) => {
    const t = setTimeout(
      () => reject(new UnreachableError(host, `reconnect timed out after ${ms / 1000} s`, true)),
      ms,
    )
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e: unknown) => (clearTimeout(t), reject(e)),
    )
  })
}
