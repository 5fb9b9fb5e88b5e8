/**
 * `wait_for`: one shell loop on the host, one round trip. Ports are probed with bash's /dev/tcp
 * (under `timeout` when the host has it) or `nc -z`; paths with `test -e`, and `search_regex`
 * with `grep -P` (close to Python's re), else `grep -E`. Times are whole seconds, as Ansible's.
 */
import { shq } from '../connection/quote.js'
import { execOptions, optStr, toNumber } from './command-run.js'
import { expandWord } from './shell-words.js'
import { ModuleFailure, type Module, type ModuleContext, type ModuleResult } from './types.js'

export type WaitForArgs = {
  host?: string
  port?: number | string
  path?: string
  timeout?: number
  delay?: number
  state?: 'started' | 'stopped' | 'present' | 'absent' | 'drained'
  search_regex?: string
  sleep?: number
  connect_timeout?: number
  msg?: string
}

export interface WaitSpec {
  host: string
  port?: number | undefined
  path?: string | undefined
  state: 'started' | 'stopped' | 'present' | 'absent'
  timeout: number
  delay: number
  sleep: number
  connectTimeout: number
  searchRegex?: string | undefined
}

const OUT = '__tsplay_wait'

export function waitSpec(args: WaitForArgs): WaitSpec {
  const state = args.state ?? 'started'
  if (state === 'drained') throw new ModuleFailure('wait_for: state=drained is not supported by tsplay')
  let port: number | undefined
  if (args.port !== undefined && args.port !== null) {
    port = Number(args.port)
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new ModuleFailure(
        `wait_for: port must be a number from 1 to 65535, got ${JSON.stringify(args.port)}`,
      )
    }
  }
  const path = optStr(args.path)
  if (port !== undefined && path !== undefined)
    throw new ModuleFailure('wait_for: port and path are mutually exclusive')
  const searchRegex = optStr(args.search_regex)
  if (searchRegex !== undefined && path === undefined) {
    throw new ModuleFailure('wait_for: search_regex needs path (tsplay does not read from sockets)')
  }
  return {
    host: optStr(args.host) ?? '127.0.0.1',
    port,
    path,
    state,
    timeout: toNumber(args.timeout, 'timeout', 300),
    delay: toNumber(args.delay, 'delay', 0),
    sleep: toNumber(args.sleep, 'sleep', 1),
    connectTimeout: toNumber(args.connect_timeout, 'connect_timeout', 5),
    searchRegex,
  }
}

function condition(s: WaitSpec): string[] {
  const wanted = s.state === 'started' || s.state === 'present'
  if (s.port !== undefined) {
    const probe = [
      'T=; command -v timeout >/dev/null 2>&1 && T="timeout ' + s.connectTimeout + '"',
      'if command -v bash >/dev/null 2>&1; then',
      `  probe() { $T bash -c 'exec 3<>"/dev/tcp/$0/$1"' ${shq(s.host)} ${s.port} 2>/dev/null; }`,
      'elif command -v nc >/dev/null 2>&1; then',
      `  probe() { nc -z -w ${s.connectTimeout} ${shq(s.host)} ${s.port} >/dev/null 2>&1; }`,
      'else',
      `  echo "${OUT}:notool 0"; exit 2`,
      'fi',
    ]
    return [...probe, `cond() { ${wanted ? '' : '! '}probe; }`]
  }
  if (s.path !== undefined) {
    const p = expandWord(s.path)
    if (!wanted) return [`cond() { [ ! -e ${p} ]; }`]
    if (s.searchRegex === undefined) return [`cond() { [ -e ${p} ]; }`]
    return [
      "G=-E; echo | grep -qP '' 2>/dev/null && G=-P",
      `cond() { [ -r ${p} ] && grep -q $G -e ${shq(s.searchRegex)} ${p} 2>/dev/null; }`,
    ]
  }
  return []
}

/** The shell script: prints `__tsplay_wait:ok|timeout|notool <elapsed>`; exit 0 when the wait ended well. */
export function waitForScript(s: WaitSpec): string {
  const lines = ['start=$(date +%s)', 'elapsed() { echo $(( $(date +%s) - start )); }']
  if (s.delay > 0) lines.push(`sleep ${s.delay}`)
  if (s.port === undefined && s.path === undefined) {
    lines.push(`sleep ${s.timeout}`, `echo "${OUT}:ok $(elapsed)"`)
    return lines.join('\n')
  }
  lines.push(
    ...condition(s),
    'while :; do',
    `  if cond; then echo "${OUT}:ok $(elapsed)"; exit 0; fi`,
    `  if [ "$(elapsed)" -ge ${Math.ceil(s.timeout)} ]; then echo "${OUT}:timeout $(elapsed)"; exit 3; fi`,
    `  sleep ${s.sleep}`,
    'done',
  )
  return lines.join('\n')
}

/** Ansible's messages for a wait that did not end in time. */
export function timeoutMessage(s: WaitSpec): string {
  if (s.port !== undefined) {
    const where = `${s.host}:${s.port}`
    return s.state === 'stopped'
      ? `Timeout when waiting for ${where} to stop.`
      : `Timeout when waiting for ${where}`
  }
  if (s.state === 'absent' || s.state === 'stopped') return `Timeout when waiting for ${s.path} to be absent.`
  if (s.searchRegex !== undefined)
    return `Timeout when waiting for search string ${s.searchRegex} in ${s.path}`
  return `Timeout when waiting for file ${s.path}`
}

export async function waitFor(args: WaitForArgs, ctx: ModuleContext): Promise<ModuleResult> {
  const s = waitSpec(args)
  const r = await ctx.conn.exec(waitForScript(s), execOptions(ctx))
  const m = new RegExp(`${OUT}:(\\w+) (\\d+)\\s*$`).exec(r.stdout)
  const elapsed = m ? Number(m[2]) : undefined
  const base = {
    elapsed,
    state: s.state,
    ...(s.port !== undefined ? { port: s.port } : {}),
    ...(s.path !== undefined ? { path: s.path } : {}),
    ...(s.searchRegex !== undefined ? { search_regex: s.searchRegex } : {}),
  }
  if (r.timedOut)
    throw new ModuleFailure(`the command timed out after ${(ctx.timeoutMs ?? 0) / 1000} s`, base)
  if (m?.[1] === 'ok' && r.rc === 0) return { changed: false, ...base }
  if (m?.[1] === 'timeout') throw new ModuleFailure(optStr(args.msg) ?? timeoutMessage(s), base)
  if (m?.[1] === 'notool') {
    throw new ModuleFailure(`wait_for: the host has neither bash nor nc to test ${s.host}:${s.port}`, base)
  }
  throw new ModuleFailure(`wait_for failed (rc ${r.rc}): ${r.stderr.trim()}`, { ...base, rc: r.rc })
}

export const waitForModule: Module<WaitForArgs> = {
  name: 'wait_for',
  // waiting changes nothing, so it runs in check mode as in Ansible
  async check(args, ctx) {
    return { changed: false, result: await waitFor(args, ctx) }
  },
  async apply(_plan, args, ctx) {
    return waitFor(args, ctx)
  },
}
