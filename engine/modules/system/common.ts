/** Small helpers shared by the system modules: argument lists, `@@name` sections, line diffs, waits. */
import { run, runChecked, type FsContext } from '../../connection/remote-fs.js'
import type { ExecResult } from '../../connection/types.js'
import { ModuleFailure, type FileDiff } from '../types.js'

/** A list argument: a YAML list, or a comma-separated string (Ansible's `type: list`). */
export function strList(v: unknown): string[] {
  if (v === undefined || v === null) return []
  const items = Array.isArray(v) ? v.map(String) : String(v).split(',')
  return items.map((s) => s.trim()).filter(Boolean)
}

export function optString(v: unknown): string | undefined {
  return v === undefined || v === null || v === '' ? undefined : String(v)
}

/** The sections of output printed as `@@name` lines followed by their text. */
export function sections(out: string): Map<string, string> {
  const map = new Map<string, string>()
  let name: string | undefined
  let buf: string[] = []
  const flush = () => name !== undefined && map.set(name, buf.join('\n'))
  for (const line of out.split('\n')) {
    const m = /^@@(\S+)$/.exec(line)
    if (m) {
      flush()
      name = m[1]!
      buf = []
    } else if (name !== undefined) buf.push(line)
  }
  flush()
  return map
}

/** Runs a script whose failure is a module failure with its stderr's last line. */
export async function runStep(
  ctx: FsContext,
  script: string,
  doing: string,
  stdin?: string,
): Promise<ExecResult> {
  const res = await run(ctx, script, stdin)
  if (res.rc !== 0) {
    const line = res.stderr.trim().split('\n').pop()?.trim() || res.stdout.trim().split('\n').pop()?.trim()
    throw new ModuleFailure(`${doing} failed (rc=${res.rc})${line ? `: ${line}` : ''}`, {
      rc: res.rc,
      stdout: res.stdout,
      stderr: res.stderr,
    })
  }
  return res
}

export { run, runChecked }

/** A `--diff` entry made of lines (each printed with a final newline). */
export function linesDiff(path: string, before: string[], after: string[]): FileDiff {
  const text = (l: string[]) => l.map((s) => `${s}\n`).join('')
  return { path, before: text(before), after: text(after) }
}

/** A diff of named fields, one `key: value` per line (user, group, packages). */
export function fieldsDiff(
  path: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): FileDiff {
  const text = (o: Record<string, unknown>) =>
    Object.entries(o)
      .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(',') : String(v)}\n`)
      .join('')
  return { path, before: text(before), after: text(after) }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ModuleFailure('aborted'))
    const t = setTimeout(() => (signal?.removeEventListener('abort', stop), resolve()), ms)
    const stop = () => (clearTimeout(t), reject(new ModuleFailure('aborted')))
    signal?.addEventListener('abort', stop, { once: true })
  })
}

/** Ansible's fnmatch of a version pin (`1.28.*`) against an installed version. */
export function globMatch(value: string, pattern: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${re}$`).test(value)
}

/** Rejects names that a command would take for an option. */
export function safeName(kind: string, name: string): string {
  if (!name || name.startsWith('-') || /[\n\0]/.test(name))
    throw new ModuleFailure(`invalid ${kind} name: ${JSON.stringify(name)}`)
  return name
}
