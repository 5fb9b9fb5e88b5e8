/** Running a file script on a host: the C locale, become, timeouts, and one-line failure messages. */
import { ModuleFailure, type ModuleContext } from '../modules/types.js'
import type { ExecResult } from './types.js'

export type FsContext = Pick<ModuleContext, 'conn' | 'become' | 'env' | 'timeoutMs' | 'signal'>

/** Sections of a `@@name`-delimited output, in order. */
export function sections(out: string, name: string): string[] {
  return out.split(new RegExp(`^@@${name}\\n`, 'm')).slice(1)
}

/**
 * run() for tsplay's own file scripts (stat, read, write...): written for the command shell itself
 * (they return instead of exiting and set every variable they read), their input, if any, read
 * with readStdinScript/DISCARD_STDIN.
 */
export function runFileScript(ctx: FsContext, script: string, stdin?: string | Buffer): Promise<ExecResult> {
  return run(ctx, script, stdin, true, true)
}

/** Runs a command; only a timeout is an error here (callers look at rc). */
export async function run(
  ctx: FsContext,
  command: string,
  stdin?: string | Buffer,
  /** The script reads its input with readStdinScript/DISCARD_STDIN only */
  stdinAsVariable?: boolean,
  /** One of tsplay's own file scripts (runFileScript): see ExecOptions.inShell */
  inShell = false,
): Promise<ExecResult> {
  // C locale: error messages are matched in English (permission denied, ...). A function body, so
  // that scripts may `return`: the same text then also runs in the SSH command shell itself
  const res = await ctx.conn.exec(
    `LC_ALL=C; export LC_ALL\n__tsplay_f() {\n${command || ':'}\n}\n__tsplay_f`,
    {
      stdin,
      stdinAsVariable,
      inShell: inShell && mayRunInShell(command),
      become: ctx.become,
      env: ctx.env,
      timeoutMs: ctx.timeoutMs,
      signal: ctx.signal,
    },
  )
  if (res.timedOut) throw new ModuleFailure(`timed out after ${ctx.timeoutMs} ms`, { rc: res.rc })
  return res
}

/**
 * Words after which a script must not run in the command shell itself: they would end it (exit,
 * exec), or change it for the commands after (directory, traps, limits, exported or special
 * variables, shell options other than noclobber). A false alarm only costs a subshell.
 */
const CHANGES_SHELL = [
  /(^|[\s;&|(){}`])(exit|exec|trap|cd|pushd|popd|ulimit|alias|unalias|export|unset|readonly|source|eval|\.)(?=[\s;&|)]|$)/,
  /(^|[\s;&|(){}`])(IFS|PATH|HOME|ENV|CDPATH|OPTIND|PS[1-4]|LANG|LC_[A-Z]+)=/,
  // shell options: only noclobber (set -C / set +C) and positional parameters (set --)
  /(^|[\s;&|(){}`])set\s+(?![-+]C(?=[\s;&|)]|$)|--)[-+]/,
  // the command shell's own names
  /\b__t\b|__tsplay_(?!in\b)/,
]

/** Whether run() may let `script` run in the command shell itself (ExecOptions.inShell). */
export function mayRunInShell(script: string): boolean {
  return !CHANGES_SHELL.some((re) => re.test(script))
}

/** A one-line message for a failed file operation, from its stderr. */
export function failureMessage(stderr: string, doing: string, path: string): string {
  if (/permission denied|operation not permitted/i.test(stderr)) return `permission denied ${doing} ${path}`
  if (/read-only file system/i.test(stderr)) return `read-only file system ${doing} ${path}`
  if (/no space left/i.test(stderr)) return `no space left on device ${doing} ${path}`
  const line = stderr.trim().split('\n').pop()?.trim()
  return `failed ${doing} ${path}${line ? `: ${line}` : ''}`
}
