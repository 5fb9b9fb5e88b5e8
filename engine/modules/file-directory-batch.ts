/**
 * A loop's directories (`loop: [a, b, c]`, state=directory) in one command, with one `mkdir` and
 * one `stat` process for all items: each process costs about a millisecond of host CPU, and five
 * directories used to take ten. The results are the ones the items get one by one; whatever this
 * path cannot promise that for runs through perItemScript instead (one subshell per item).
 */
import { randomBytes } from 'node:crypto'
import { attrCommand, parseStat, runFileScript } from '../connection/remote-fs.js'
import { shq } from '../connection/quote.js'
import { STAT_FORMAT } from '../connection/remote-stat.js'
import {
  ancestry,
  directoryResult,
  fastDirectory,
  perItemOutcomes,
  perItemScript,
  type DirectoryPlan,
} from './file-directory.js'
import { attrFix, hasFix, type WantAttrs } from './mode.js'
import type { ItemOutcome, ModuleContext, ModuleResult } from './types.js'

export async function batchDirectories(
  items: Record<string, unknown>[],
  ctx: ModuleContext,
): Promise<ItemOutcome[]> {
  const plans: DirectoryPlan[] = []
  for (const args of items) {
    const plan = fastDirectory(args, ctx)
    if (!plan) break
    plans.push(plan)
  }
  if (plans.length < 2) return []
  if (!collapsible(plans)) return perItem(plans, ctx)
  const sep = newSeparator()
  const res = await runFileScript(ctx, collapsedScript(plans, sep))
  const created = new Set([...res.stdout.matchAll(/^@@new (\d+)$/gm)].map((m) => Number(m[1])))
  const slow = res.stdout.indexOf('@@slow\n')
  if (slow >= 0) {
    // mkdir failed somewhere: each item's own script found out what, and says it exactly
    const outcomes = perItemOutcomes({ stdout: res.stdout.slice(slow), stderr: res.stderr }, plans, sep)
    return outcomes.map((o, i) => (created.has(i) && 'result' in o ? { result: asChanged(o.result) } : o))
  }
  if (res.rc !== 0) throw new Error(`directory batch: rc ${res.rc}: ${res.stderr}`)
  const count = Number(/^@@n (\d+)$/m.exec(res.stdout)?.[1] ?? 0)
  const lines = (res.stdout.split('@@stats\n')[1] ?? '').split('\n')
  const done: ItemOutcome[] = []
  const toFix: number[] = []
  for (let i = 0; i < count; i++) {
    const { path, fast } = plans[i]!
    const st = parseStat(path, lines[i] ?? '')
    if (!st.exists || st.type !== 'directory') throw new Error(`directory batch: ${path} is missing`)
    if (!created.has(i) && hasFix(attrFix(st, fast.want, true))) toFix.push(i)
    done.push({ result: directoryResult(path, { stat: st, stdout: created.has(i) ? '@@fixed' : '' }) })
  }
  // directories that exist with other attributes: rare, so their own (per item) command fixes them
  if (toFix.length) {
    const fixed = await perItem(
      toFix.map((i) => plans[i]!),
      ctx,
    )
    fixed.forEach((o, k) => (done[toFix[k]!] = o))
    if (fixed.length < toFix.length) return done.slice(0, toFix[fixed.length])
  }
  return done
}

const newSeparator = () => `@@item-${randomBytes(6).toString('hex')}`

/** A result as it reads when the item created its directory (`changed` first, as directoryResult) */
function asChanged(result: ModuleResult): ModuleResult {
  const { changed: _, ...rest } = result
  return { changed: true, ...rest }
}

async function perItem(plans: DirectoryPlan[], ctx: ModuleContext): Promise<ItemOutcome[]> {
  const sep = newSeparator()
  return perItemOutcomes(await runFileScript(ctx, perItemScript(plans, sep)), plans, sep)
}

/**
 * One mkdir serves all items only when they want the same attributes and no item is (or is an
 * ancestor of) an earlier one: there the order in which items run changes their results.
 */
function collapsible(plans: DirectoryPlan[]): boolean {
  const key = (w: WantAttrs) => JSON.stringify([w.mode, w.owner, w.group])
  const first = key(plans[0]!.fast.want)
  const seen: string[] = []
  for (const { path, fast } of plans) {
    if (key(fast.want) !== first || typeof fast.want.mode === 'string') return false
    if (/(^|\/)\.{1,2}(\/|$)|\/\/|.\/$/.test(path)) return false
    if (seen.some((s) => s === path || s.startsWith(`${path}/`))) return false
    seen.push(path)
  }
  return true
}

/**
 * `@@n K`: items before the first link or non-directory (those after it run one by one);
 * `@@new I` for each item that did not exist; then one mkdir for every missing directory and its
 * missing ancestors (in order, each once) and one stat for the K items. When mkdir fails, the
 * items' own scripts run instead, so that each failure reads as it does one by one.
 */
function collapsedScript(plans: DirectoryPlan[], sep: string): string {
  const want = plans[0]!.fast.want
  const q = plans.map((p) => shq(p.path))
  const stop = q.map(
    (p, i) => `${i ? 'elif' : 'if'} [ -L ${p} ] || { [ -e ${p} ] && [ ! -d ${p} ]; }; then __n=${i}`,
  )
  const lines = [`__n=${plans.length}`, `${stop.join('\n')}\nfi`, 'echo "@@n $__n"', 'set --']
  const listed = new Set<string>()
  plans.forEach(({ path }, i) => {
    const dirs = ancestry(path).filter((d) => !listed.has(d))
    dirs.forEach((d) => listed.add(d))
    const add = dirs.map((d) => `[ -d ${shq(d)} ] || set -- "$@" ${shq(d)}`).join('; ')
    lines.push(`if [ $__n -gt ${i} ]; then [ -d ${q[i]} ] || echo '@@new ${i}'; ${add}; fi`)
  })
  const { mode, ...owner } = attrFix(undefined, want, true)
  const mkdir = `mkdir${mode !== undefined ? ` -m ${mode.toString(8)}` : ''} -- "$@"`
  const chown = hasFix(owner) ? ` && ${attrCommand('"$@"', owner)}` : ''
  const statArgs = q.map((p, i) => `[ $__n -le ${i} ] || set -- "$@" ${p}`).join('; ')
  lines.push(
    `__f=; if [ $# -gt 0 ]; then { ${mkdir}${chown}; } 2>/dev/null || __f=1; fi`,
    `if [ -z "$__f" ]; then`,
    `set --; ${statArgs}`,
    `echo @@stats; [ $# -eq 0 ] || stat -c ${shq(STAT_FORMAT)} -- "$@" || return 70`,
    `else echo @@slow`,
    perItemScript(plans, sep),
    'fi',
  )
  return lines.join('\n')
}
