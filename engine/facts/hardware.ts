/** /proc/cpuinfo + nproc → processor facts; /proc/meminfo → memory facts (MB, as Ansible). */
import type { Vars } from '../inventory/model.js'

export function cpuFacts(cpuinfo: string, nproc = ''): Vars {
  const facts: Vars = {}
  const blocks = cpuinfo.split(/\n\s*\n/).filter((b) => /^processor\s*:/m.test(b))
  const field = (b: string, k: string) => new RegExp(`^${k}\\s*:\\s*(.*)$`, 'm').exec(b)?.[1]?.trim()
  if (blocks.length) {
    const sockets = new Set(blocks.map((b) => field(b, 'physical id')).filter((x) => x !== undefined))
    const cores = Number(field(blocks[0]!, 'cpu cores') ?? 0)
    const siblings = Number(field(blocks[0]!, 'siblings') ?? 0)
    if (sockets.size && cores) {
      // x86: sockets × cores × threads
      const threads = siblings && siblings >= cores ? Math.floor(siblings / cores) : 1
      facts['processor_count'] = sockets.size
      facts['processor_cores'] = cores
      facts['processor_threads_per_core'] = threads
      facts['processor_vcpus'] = sockets.size * cores * threads
    } else {
      // ARM and others list processors without topology
      facts['processor_count'] = blocks.length
      facts['processor_cores'] = 1
      facts['processor_threads_per_core'] = 1
      facts['processor_vcpus'] = blocks.length
    }
    facts['processor'] = blocks.flatMap((b) => [
      field(b, 'processor') ?? '',
      field(b, 'vendor_id') ?? field(b, 'CPU implementer') ?? '',
      field(b, 'model name') ?? field(b, 'Processor') ?? field(b, 'cpu model') ?? '',
    ])
  }
  const n = nproc.trim()
  if (/^\d+$/.test(n)) facts['processor_nproc'] = Number(n)
  return facts
}

export function memoryFacts(meminfo: string): Vars {
  const kb: Record<string, number> = {}
  for (const m of meminfo.matchAll(/^(\w+(?:\(\w+\))?):\s+(\d+)/gm)) kb[m[1]!] = Number(m[2])
  const mb = (k: string) => (kb[k] === undefined ? undefined : Math.floor(kb[k]! / 1024))
  const total = mb('MemTotal')
  if (total === undefined) return {}
  const free = mb('MemFree') ?? 0
  const cachedFree = free + (mb('Buffers') ?? 0) + (mb('Cached') ?? 0)
  const swapTotal = mb('SwapTotal') ?? 0
  const swapFree = mb('SwapFree') ?? 0
  return {
    memtotal_mb: total,
    memfree_mb: free,
    swaptotal_mb: swapTotal,
    swapfree_mb: swapFree,
    memory_mb: {
      real: { total, free, used: total - free },
      nocache: { free: cachedFree, used: total - cachedFree },
      swap: { total: swapTotal, free: swapFree, used: swapTotal - swapFree, cached: mb('SwapCached') ?? 0 },
    },
  }
}
