/** Running a file script on a host: the C locale, become, timeouts, and one-line failure messages. */
import { ModuleFailure, type ModuleContext } from '../modules/types.js'
import type { ExecResult } from './types.js'

export type FsContext = Pick<ModuleContext, 'conn' | 'become' | 'env' | 'timeoutMs' | 'signal'>

/** Sections of a `@@name`-delimited output, in order. */
export function sections(out: string, name: string): string[] {
  return out.split(new RegExp(`^@@${name}\\n`, 'm')).slice(1)
}

/** Runs a command; only a timeout is an error here (callers look at rc). */
export async function run(
  ctx: FsContext,
  command: string,
  stdin?: string | Buffer,
  /** The script reads its input with readStdinScript/DISCARD_STDIN only */
  stdinAsVariable?: boolean,
): Promise<ExecResult> {
  // C locale: error messages are matched in English (permission denied, ...)
  const res = await ctx.conn.exec(`LC_ALL=C; export LC_ALL\n${command}`, {
    stdin,
    stdinAsVariable,
    become: ctx.become,
    env: ctx.env,
    timeoutMs: ctx.timeoutMs,
    signal: ctx.signal,
  })
  if (res.timedOut) throw new ModuleFailure(`timed out after ${ctx.timeoutMs} ms`, { rc: res.rc })
  return res
}

/** A one-line message for a failed file operation, from its stderr. */
export function failureMessage(stderr: string, doing: string, path: string): string {
  if (/permission denied|operation not permitted/i.test(stderr)) return `permission denied ${doing} ${path}`
  if (/read-only file system/i.test(stderr)) return `read-only file system ${doing} ${path}`
  if (/no space left/i.test(stderr)) return `no space left on device ${doing} ${path}`
  const line = stderr.trim().split('\n').pop()?.trim()
  return `failed ${doing} ${path}${line ? `: ${line}` : ''}`
}
