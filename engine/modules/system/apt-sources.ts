/** One-line apt sources (`deb [opts] uri suite comps`): parsing, Ansible's file names, edits. */

export interface SourceLine {
  enabled: boolean
  /** Normalized: type, sorted options, uri without trailing /, suite and components */
  key: string
}

const LINE = /^(#\s*)?(deb|deb-src)\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)((?:\s+\S+)*)\s*(?:#.*)?$/

export function parseSourceLine(line: string): SourceLine | undefined {
  const m = LINE.exec(line.trim())
  if (!m) return undefined
  const opts = (m[3] ?? '').trim().split(/\s+/).filter(Boolean).sort().join(' ')
  const comps = (m[6] ?? '').trim().split(/\s+/).filter(Boolean).join(' ')
  const key = [m[2], opts ? `[${opts}]` : '', m[4]!.replace(/\/+$/, ''), m[5], comps]
    .filter(Boolean)
    .join(' ')
  return { enabled: !m[1], key }
}

/** Ansible's _suggest_filename: `deb [..] https://download.docker.com/linux/debian x y` → download_docker_com_linux_debian.list */
export function suggestFilename(repo: string): string {
  let line = repo.replace(/\[[^\]]+\]/g, '').replace(/\w+:\/\//g, '')
  const parts = line.split(/\s+/).filter((p) => p && p !== 'deb' && p !== 'deb-src')
  line = (parts[0] ?? 'repo').replace(/^[^@/]*@/, '')
  return `${line
    .replace(/[^a-zA-Z0-9]/g, ' ')
    .trim()
    .split(/\s+/)
    .join('_')}.list`
}

export interface SourceFile {
  path: string
  content: string
}

export interface SourcesPlan {
  /** Files whose content changes ('' with `remove`: the file is deleted, as Ansible does) */
  changes: {
    path: string
    content: string
    remove: boolean
    before: string[]
    after: string[]
    created: boolean
  }[]
  added: string[]
  removed: string[]
}

const split = (s: string) => s.match(/[^\n]*\n|[^\n]+$/g) ?? []

/** present: nothing when an enabled copy exists anywhere, enable a commented one, else append to target. */
export function planSources(
  files: SourceFile[],
  repo: string,
  state: 'present' | 'absent',
  target: string,
): SourcesPlan {
  const want = parseSourceLine(repo)
  if (!want || !want.enabled) throw new Error(`not a valid one-line source: ${repo}`)
  const plan: SourcesPlan = { changes: [], added: [], removed: [] }
  const hits = files.flatMap((f) =>
    split(f.content).map((line, i) => ({ f, i, line, src: parseSourceLine(line) })),
  )
  const same = hits.filter((h) => h.src?.key === want.key)
  if (state === 'present') {
    if (same.some((h) => h.src!.enabled)) return plan
    const off = same[0]
    if (off) {
      const lines = split(off.f.content)
      const enabled = off.line.replace(/^(\s*)#\s*/, '$1')
      lines[off.i] = enabled
      plan.changes.push({
        path: off.f.path,
        content: lines.join(''),
        remove: false,
        before: [off.line.trimEnd()],
        after: [enabled.trimEnd()],
        created: false,
      })
    } else {
      const f = files.find((x) => x.path === target)
      let content = f?.content ?? ''
      if (content && !content.endsWith('\n')) content += '\n'
      plan.changes.push({
        path: target,
        content: `${content}${repo.trim()}\n`,
        remove: false,
        before: [],
        after: [repo.trim()],
        created: !f,
      })
    }
    plan.added.push(repo.trim())
    return plan
  }
  for (const f of files) {
    const lines = split(f.content)
    const drop = lines.map((l) => parseSourceLine(l)).map((s) => !!s && s.enabled && s.key === want.key)
    if (!drop.includes(true)) continue
    const kept = lines.filter((_, i) => !drop[i]).join('')
    const before = lines.filter((_, i) => drop[i]).map((l) => l.trimEnd())
    plan.changes.push({ path: f.path, content: kept, remove: kept === '', before, after: [], created: false })
    plan.removed.push(...before)
  }
  return plan
}
