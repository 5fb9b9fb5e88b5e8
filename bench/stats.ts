/** The bench's pure parts: GNU time output, /proc/stat, medians, ratios and the table. */

export type Tool = 'tsplay' | 'ansible' | 'floor'

/** One timed run of one tool. */
export interface Sample {
  wallS: number
  userS: number
  sysS: number
  maxRssKb: number
  /** Non-idle CPU of the whole machine minus the controller's: approximate remote (sshd + commands) */
  remoteS?: number | undefined
}

export interface Row {
  workload: string
  hosts: number
  tasks: number
  tool: Tool
  reps: number
  wallS: number
  cpuS: number
  rssMb: number
  remoteS?: number | undefined
  /** Controller CPU per host-task in ms */
  cpuPerHostTaskMs: number
  /** Each round's wall time, in round order (the tools of a round run back to back) */
  walls?: number[] | undefined
}

/** Parses the last line of `/usr/bin/time -f '%e %U %S %M'` (GNU time writes it to stderr last). */
export function parseGnuTime(stderr: string): Omit<Sample, 'remoteS'> {
  const lines = stderr.trimEnd().split('\n')
  const last = lines[lines.length - 1]?.trim() ?? ''
  const m = /^(\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\d+)$/.exec(last)
  if (!m) throw new Error(`cannot parse GNU time output: ${JSON.stringify(last)}`)
  return { wallS: Number(m[1]), userS: Number(m[2]), sysS: Number(m[3]), maxRssKb: Number(m[4]) }
}

/** GNU time's line removed from a tool's stderr (to show the tool's own output on failure). */
export function withoutTimeLine(stderr: string): string {
  const lines = stderr.trimEnd().split('\n')
  return lines.slice(0, -1).join('\n')
}

/** Busy CPU seconds of the whole machine from the first line of /proc/stat (USER_HZ ticks). */
export function busyCpuS(procStat: string, hz = 100): number {
  const line = procStat.split('\n').find((l) => l.startsWith('cpu '))
  if (!line) throw new Error('no cpu line in /proc/stat')
  const f = line.trim().split(/\s+/).slice(1).map(Number)
  // user nice system idle iowait irq softirq steal (guest is already inside user)
  const busy = (f[0] ?? 0) + (f[1] ?? 0) + (f[2] ?? 0) + (f[5] ?? 0) + (f[6] ?? 0) + (f[7] ?? 0)
  return busy / hz
}

export function median(xs: number[]): number {
  if (!xs.length) return NaN
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

/** The median of each measure over repetitions (each measure on its own). */
export function summarise(
  samples: Sample[],
  meta: { workload: string; hosts: number; tasks: number; tool: Tool },
): Row {
  const cpu = median(samples.map((s) => s.userS + s.sysS))
  const remote = samples.filter((s) => s.remoteS !== undefined).map((s) => s.remoteS!)
  return {
    ...meta,
    reps: samples.length,
    wallS: median(samples.map((s) => s.wallS)),
    cpuS: cpu,
    rssMb: median(samples.map((s) => s.maxRssKb)) / 1024,
    remoteS: remote.length ? median(remote) : undefined,
    cpuPerHostTaskMs: (cpu * 1000) / (meta.hosts * meta.tasks),
    walls: samples.map((s) => s.wallS),
  }
}

/**
 * a/b for two tools: the median of the rounds' own ratios when both ran every round, since the
 * machine's speed drifts between rounds and a slow stretch then slows both sides of a ratio
 * alike; else the ratio of the medians.
 */
export function pairedRatio(a: Row | undefined, b: Row | undefined): number | undefined {
  const [x, y] = [a?.walls, b?.walls]
  if (x?.length && x.length === y?.length && y.every((v) => v > 0)) return median(x.map((v, i) => v / y[i]!))
  return ratio(a?.wallS, b?.wallS)
}

export function ratio(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined || b === undefined || !(b > 0)) return undefined
  return a / b
}

const fmt = (x: number | undefined, digits = 2) =>
  x === undefined || Number.isNaN(x) ? '—' : x.toFixed(digits)

/** A markdown table: one line per workload/size/tool, with ansible/tsplay and tsplay/floor. */
export function renderTable(rows: Row[]): string {
  const head = [
    'workload',
    'hosts',
    'tool',
    'wall s',
    'ctl CPU s',
    'CPU ms/host-task',
    'peak RSS MB',
    'remote CPU s (approx)',
    'ansible/tsplay',
    'tsplay/floor',
  ]
  const out = [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`]
  const find = (r: Row, tool: Tool) =>
    rows.find((x) => x.workload === r.workload && x.hosts === r.hosts && x.tool === tool)
  for (const r of rows) {
    const ts = find(r, 'tsplay')
    const an = find(r, 'ansible')
    const fl = find(r, 'floor')
    const ansibleRatio = r.tool === 'ansible' ? pairedRatio(an, ts) : undefined
    // facts is one whole gathering run against one bare exec on open connections: no comparison
    const floorRatio = r.tool === 'tsplay' && r.workload !== 'facts' ? pairedRatio(ts, fl) : undefined
    out.push(
      `| ${[
        r.workload,
        String(r.hosts),
        r.tool,
        fmt(r.wallS),
        fmt(r.cpuS),
        fmt(r.cpuPerHostTaskMs),
        fmt(r.rssMb, 0),
        fmt(r.remoteS),
        ansibleRatio === undefined ? '' : `${fmt(ansibleRatio, 1)}x`,
        floorRatio === undefined ? '' : `${fmt(floorRatio, 2)}x`,
      ].join(' | ')} |`,
    )
  }
  return `${out.join('\n')}\n`
}
