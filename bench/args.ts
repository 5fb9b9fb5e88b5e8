/** Command line of `npm run bench -- [--sizes 10,50] [--reps 3] [--workloads ...] [--tools ...]`. */
import type { Tool } from './stats.js'

export const WORKLOADS = ['noop', 'nodeprep', 'nodeprep-idem', 'facts'] as const
export type Workload = (typeof WORKLOADS)[number]
export const TOOLS: Tool[] = ['tsplay', 'ansible', 'floor']

export interface BenchArgs {
  sizes: number[]
  reps: number
  workloads: Workload[]
  tools: Tool[]
}

function list(v: string, name: string): string[] {
  const xs = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (!xs.length) throw new Error(`${name} needs a comma-separated list`)
  return xs
}

export function parseBenchArgs(argv: string[]): BenchArgs {
  const out: BenchArgs = { sizes: [10, 50], reps: 3, workloads: [...WORKLOADS], tools: [...TOOLS] }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    const value = () => {
      const v = argv[++i]
      if (v === undefined) throw new Error(`${a} needs a value`)
      return v
    }
    if (a === '--sizes') {
      out.sizes = list(value(), a).map(Number)
      if (out.sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 200))
        throw new Error('--sizes: whole numbers from 1 to 200')
    } else if (a === '--reps') {
      out.reps = Number(value())
      if (!Number.isInteger(out.reps) || out.reps < 1) throw new Error('--reps: a whole number >= 1')
    } else if (a === '--workloads') {
      const ws = list(value(), a)
      const bad = ws.filter((w) => !(WORKLOADS as readonly string[]).includes(w))
      if (bad.length) throw new Error(`unknown workload ${bad.join(', ')} (known: ${WORKLOADS.join(', ')})`)
      out.workloads = ws as Workload[]
    } else if (a === '--tools') {
      const ts = list(value(), a)
      const bad = ts.filter((t) => !(TOOLS as string[]).includes(t))
      if (bad.length) throw new Error(`unknown tool ${bad.join(', ')} (known: ${TOOLS.join(', ')})`)
      out.tools = ts as Tool[]
    } else throw new Error(`unknown option ${a}`)
  }
  return out
}

/** The tool order of repetition `rep`: rotated each time, so that drift hits every tool alike. */
export function orderFor<T>(tools: T[], rep: number): T[] {
  const k = tools.length ? rep % tools.length : 0
  return [...tools.slice(k), ...tools.slice(0, k)]
}
