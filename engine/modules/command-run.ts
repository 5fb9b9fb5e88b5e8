/**
 * What command, shell, script and raw share: the `chdir`/`creates`/`removes` guards, run in the
 * same round trip as the command; Ansible's result shape (rc, stdout, stderr, *_lines, start, end,
 * delta); argument coercion for values that were templated at run time.
 */
import type { ExecResult } from '../connection/types.js'
import { expandWord } from './shell-words.js'
import { ModuleFailure, type ModuleContext, type ModuleResult, type Plan } from './types.js'

export interface Guards {
  chdir?: string | undefined
  creates?: string | undefined
  removes?: string | undefined
}

const MARK = {
  chdir: '__tsplay_chdir_failed__',
  creates: '__tsplay_skip_creates__',
  removes: '__tsplay_skip_removes__',
} as const

export const WOULD_RUN = 'Command would have run if not in check mode'

/** Shell lines that cd and test `creates`/`removes` (no globbing), printing a marker when they stop. */
export function guardScript(g: Guards, opts: { chdirFirst?: boolean } = {}): string {
  const lines: string[] = []
  const exists = (p: string) => `{ [ -e ${expandWord(p)} ] || [ -h ${expandWord(p)} ]; }`
  const cd = g.chdir ? `cd ${expandWord(g.chdir)} || { echo ${MARK.chdir}; exit 1; }` : undefined
  // command cds first (creates is relative to chdir); script tests the paths first, as Ansible does
  if (cd && opts.chdirFirst !== false) lines.push(cd)
  if (g.creates) lines.push(`if ${exists(g.creates)}; then echo ${MARK.creates}; exit 0; fi`)
  if (g.removes) lines.push(`if ! ${exists(g.removes)}; then echo ${MARK.removes}; exit 0; fi`)
  if (cd && opts.chdirFirst === false) lines.push(cd)
  return lines.join('\n')
}

/** Which guard stopped the script, if any; throws when `chdir` failed. */
export function guardOutcome(r: ExecResult, g: Guards): 'creates' | 'removes' | undefined {
  if (r.stdout === `${MARK.creates}\n`) return 'creates'
  if (r.stdout === `${MARK.removes}\n`) return 'removes'
  if (r.rc !== 0 && r.stdout === `${MARK.chdir}\n`) {
    const why = r.stderr.trim()
    throw new ModuleFailure(
      `Unable to change directory before execution: ${g.chdir}${why ? ` (${why})` : ''}`,
      { rc: r.rc, stderr: r.stderr },
    )
  }
  return undefined
}

/** Ansible's result when `creates`/`removes` decided not to run the command. */
export function skippedResult(why: 'creates' | 'removes', g: Guards, checkMode: boolean): ModuleResult {
  const path = why === 'creates' ? g.creates : g.removes
  const state = why === 'creates' ? 'exists' : 'does not exist'
  const stdout = `skipped, since ${path} ${state}`
  return {
    changed: false,
    msg: `${checkMode ? 'Would' : 'Did'} not run command since '${path}' ${state}`,
    stdout,
    stdout_lines: [stdout],
    stderr: '',
    stderr_lines: [],
    rc: 0,
    // nothing ran: Ansible reports the times as null
    start: null,
    end: null,
    delta: null,
  }
}

/**
 * The plan of a command-like module. Without creates/removes its effect is unknown (skipped in
 * check mode). In check mode the guards are probed now; otherwise `apply` tests them in the same
 * round trip as the command and its result says whether it ran.
 */
export async function planGuarded(g: Guards, ctx: ModuleContext, cmd: unknown): Promise<Plan> {
  if (!g.creates && !g.removes) return { changed: true, skipInCheck: WOULD_RUN }
  if (!ctx.checkMode) return { changed: true }
  const r = await ctx.conn.exec(guardScript(g), execOptions(ctx))
  const why = guardOutcome(r, g)
  if (why) return { changed: false, result: { ...skippedResult(why, g, true), cmd } }
  return { changed: true, result: { msg: WOULD_RUN, rc: 0, cmd } }
}

export function execOptions(ctx: ModuleContext, stdin?: string | Buffer) {
  return { become: ctx.become, env: ctx.env, timeoutMs: ctx.timeoutMs, signal: ctx.signal, stdin }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** Python's str(datetime): `2024-05-01 12:34:56.123000` (local time). */
export function pyDateTime(d: Date): string {
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  return `${date} ${time}.${pad(d.getMilliseconds() * 1000, 6)}`
}

/** Python's str(timedelta) for a duration in ms: `0:00:01.500000`, `0:00:02`. */
export function pyDelta(ms: number): string {
  const micros = Math.max(0, Math.round(ms * 1000))
  const secs = Math.floor(micros / 1e6)
  const frac = micros % 1e6
  const h = Math.floor(secs / 3600)
  const base = `${h}:${pad(Math.floor(secs / 60) % 60)}:${pad(secs % 60)}`
  return frac ? `${base}.${pad(frac, 6)}` : base
}

export function splitLines(s: string): string[] {
  if (s === '') return []
  return s.replace(/\r?\n$/, '').split(/\r?\n/)
}

export interface Timing {
  start: Date
  end: Date
  ms: number
}

export async function timed<T>(run: () => Promise<T>): Promise<[T, Timing]> {
  const start = new Date()
  const t0 = performance.now()
  const value = await run()
  return [value, { start, end: new Date(), ms: performance.now() - t0 }]
}

/** Ansible's command result; failed on a non-zero rc or a timeout. */
export function commandResult(
  cmd: unknown,
  r: ExecResult,
  t: Timing,
  opts: { stripEmptyEnds?: boolean | undefined; timeoutMs?: number | undefined } = {},
): ModuleResult {
  const strip = opts.stripEmptyEnds !== false
  const stdout = strip ? r.stdout.replace(/[\r\n]+$/, '') : r.stdout
  const stderr = strip ? r.stderr.replace(/[\r\n]+$/, '') : r.stderr
  const result: ModuleResult = {
    changed: true,
    cmd,
    rc: r.rc,
    stdout,
    stderr,
    stdout_lines: splitLines(stdout),
    stderr_lines: splitLines(stderr),
    start: pyDateTime(t.start),
    end: pyDateTime(t.end),
    delta: pyDelta(t.ms),
    msg: '',
  }
  if (r.timedOut) {
    const secs = (opts.timeoutMs ?? 0) / 1000
    return { ...result, failed: true, msg: `the command timed out after ${secs} s` }
  }
  if (r.rc !== 0) return { ...result, failed: true, msg: 'non-zero return code' }
  return result
}

/** Runs guards + `tail` in one exec and shapes the result. */
export async function runGuardedCommand(
  ctx: ModuleContext,
  opts: {
    guards: Guards
    tail: string
    cmd: unknown
    stdin?: string | Buffer | undefined
    stripEmptyEnds?: boolean | undefined
    chdirFirst?: boolean
    /** Shell text run afterwards when the command was killed (timeout, abort) */
    cleanup?: string
  },
): Promise<ModuleResult> {
  const script = [guardScript(opts.guards, { chdirFirst: opts.chdirFirst }), opts.tail]
    .filter(Boolean)
    .join('\n')
  const [r, t] = await timed(() => ctx.conn.exec(script, execOptions(ctx, opts.stdin)))
  if (opts.cleanup && (r.timedOut || ctx.signal?.aborted)) {
    await ctx.conn.exec(opts.cleanup, { become: ctx.become, env: ctx.env }).catch(() => undefined)
  }
  const why = guardOutcome(r, opts.guards)
  if (why) return { ...skippedResult(why, opts.guards, false), cmd: opts.cmd }
  return commandResult(opts.cmd, r, t, { stripEmptyEnds: opts.stripEmptyEnds, timeoutMs: ctx.timeoutMs })
}

/** Ansible's `stdin` + `stdin_add_newline` (default true). */
export function stdinOf(stdin: unknown, addNewline: unknown): string | undefined {
  if (stdin === undefined || stdin === null) return undefined
  const s = String(stdin)
  return toBool(addNewline, true) ? `${s}\n` : s
}

export function toBool(v: unknown, dflt: boolean): boolean {
  if (v === undefined || v === null) return dflt
  if (typeof v === 'boolean') return v
  const s = String(v).trim().toLowerCase()
  if (['y', 'yes', 'on', '1', 'true', 't'].includes(s)) return true
  if (['n', 'no', 'off', '0', 'false', 'f'].includes(s)) return false
  throw new ModuleFailure(`not a boolean: ${JSON.stringify(v)}`)
}

export function toNumber(v: unknown, name: string, dflt: number): number {
  if (v === undefined || v === null || v === '') return dflt
  const n = typeof v === 'number' ? v : Number(String(v).trim())
  if (!Number.isFinite(n) || n < 0)
    throw new ModuleFailure(`${name} must be a non-negative number, got ${JSON.stringify(v)}`)
  return n
}

export function optStr(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : String(v)
}

/** `exec` replaces the wrapper shell so that a timeout or signal reaches the program itself. */
export const execLine = (line: string) => `exec ${line}`
