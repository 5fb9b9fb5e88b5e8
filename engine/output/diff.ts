/**
 * `--diff` output shaped like Ansible's (difflib.unified_diff with 3 lines of context, headers
 * `before: path` / `after: path`, a blank line after each file). jsdiff computes the line matching;
 * the hunks are grouped here the way difflib groups them, since jsdiff's own patch format differs
 * (`-1,1` where difflib writes `-1`) and treats a missing final newline differently.
 */
import { createRequire } from 'node:module'
import type { FileDiff } from '../modules/types.js'
import { Colors, paint } from './format.js'

// loaded on first use: most runs print no diff (20 ms of start-up)
let diffArrays: typeof import('diff').diffArrays | undefined
const loadDiff = () =>
  (diffArrays ??= (createRequire(import.meta.url)('diff') as typeof import('diff')).diffArrays)

const CONTEXT = 3
const NO_EOL = '\n\\ No newline at end of file\n'

interface Op {
  tag: 'equal' | 'change'
  i1: number
  i2: number
  j1: number
  j2: number
}

/** Lines with their endings; a last line without one carries Ansible's `\ No newline` marker. */
function splitLines(text: string): string[] {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? []
  const last = lines.length - 1
  if (last >= 0 && !lines[last]!.endsWith('\n')) lines[last] += NO_EOL
  return lines
}

function opcodes(a: string[], b: string[]): Op[] {
  const ops: Op[] = []
  let i = 0
  let j = 0
  for (const c of loadDiff()(a, b)) {
    const start = { i, j }
    if (c.added) j += c.count
    else if (c.removed) i += c.count
    else {
      i += c.count
      j += c.count
    }
    const tag = c.added || c.removed ? 'change' : 'equal'
    const prev = ops[ops.length - 1]
    // adjacent removals and additions form one difflib "replace": all `-` lines, then all `+`
    if (prev && tag === 'change' && prev.tag === 'change') Object.assign(prev, { i2: i, j2: j })
    else ops.push({ tag, i1: start.i, i2: i, j1: start.j, j2: j })
  }
  return ops
}

/** difflib.SequenceMatcher.get_grouped_opcodes */
function groups(ops: Op[], n: number): Op[][] {
  if (!ops.length) ops = [{ tag: 'equal', i1: 0, i2: 1, j1: 0, j2: 1 }]
  const first = ops[0]!
  if (first.tag === 'equal')
    ops[0] = { ...first, i1: Math.max(first.i1, first.i2 - n), j1: Math.max(first.j1, first.j2 - n) }
  const last = ops[ops.length - 1]!
  if (last.tag === 'equal')
    ops[ops.length - 1] = { ...last, i2: Math.min(last.i2, last.i1 + n), j2: Math.min(last.j2, last.j1 + n) }
  const out: Op[][] = []
  let group: Op[] = []
  for (let { tag, i1, i2, j1, j2 } of ops) {
    if (tag === 'equal' && i2 - i1 > 2 * n) {
      group.push({ tag, i1, i2: Math.min(i2, i1 + n), j1, j2: Math.min(j2, j1 + n) })
      out.push(group)
      group = []
      i1 = Math.max(i1, i2 - n)
      j1 = Math.max(j1, j2 - n)
    }
    group.push({ tag, i1, i2, j1, j2 })
  }
  if (group.length && !(group.length === 1 && group[0]!.tag === 'equal')) out.push(group)
  return out
}

/** difflib's `_format_range_unified` */
function range(start: number, stop: number): string {
  const length = stop - start
  if (length === 1) return `${start + 1}`
  return `${length ? start + 1 : start},${length}`
}

/** The lines of one unified diff, each ending in `\n`; empty when before and after are equal. */
export function unifiedDiff(d: FileDiff, context = CONTEXT): string[] {
  const a = splitLines(d.before)
  const b = splitLines(d.after)
  const found = groups(opcodes(a, b), context)
  if (!found.length) return []
  const at = d.pathInHeaders === false ? '' : `: ${d.path}`
  const lines = [`--- before${at}\n`, `+++ after${at}\n`]
  for (const g of found) {
    const first = g[0]!
    const last = g[g.length - 1]!
    lines.push(`@@ -${range(first.i1, last.i2)} +${range(first.j1, last.j2)} @@\n`)
    for (const op of g) {
      if (op.tag === 'equal') {
        for (const l of a.slice(op.i1, op.i2)) lines.push(` ${l}`)
        continue
      }
      for (const l of a.slice(op.i1, op.i2)) lines.push(`-${l}`)
      for (const l of b.slice(op.j1, op.j2)) lines.push(`+${l}`)
    }
  }
  return lines
}

/** Every file's diff, coloured like Ansible (+ green, - red, @@ cyan), a blank line after each. */
export function renderDiffs(diffs: FileDiff[], color: boolean): string {
  let out = ''
  for (const d of diffs) {
    const lines = unifiedDiff(d)
    if (!lines.length) continue
    for (const l of lines) {
      const c = l.startsWith('+')
        ? Colors.diffAdd
        : l.startsWith('-')
          ? Colors.diffRemove
          : l.startsWith('@@')
            ? Colors.diffLines
            : undefined
      out += paint(l, c, color)
    }
    out += '\n'
  }
  return out
}
