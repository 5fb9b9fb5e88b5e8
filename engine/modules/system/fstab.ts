/** /proc/mounts parsing and fstab editing as pure functions, following Ansible's mount module. */

export interface MountEntry {
  src: string
  path: string
  fstype: string
  opts: string
  dump: string
  passno: string
}

/** Ansible's _escape_fstab: `\`, space and `&` as octal escapes. */
export function fstabEscape(s: string): string {
  return s.replace(/\\/g, '\\134').replace(/ /g, '\\040').replace(/&/g, '\\046').replace(/\t/g, '\\011')
}

export function fstabUnescape(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)))
}

/** `/proc/mounts` (or /etc/mtab) → entries with unescaped paths. */
export function parseProcMounts(text: string): MountEntry[] {
  return text
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 4)
    .map(([src, path, fstype, opts, dump, passno]) => ({
      src: fstabUnescape(src!),
      path: fstabUnescape(path!),
      fstype: fstype!,
      opts: opts!,
      dump: dump ?? '0',
      passno: passno ?? '0',
    }))
}

export function isMounted(mounts: MountEntry[], path: string): boolean {
  return mounts.some((m) => m.path === path)
}

export function fstabLine(e: MountEntry): string {
  return [e.src, e.path, e.fstype, e.opts, e.dump, e.passno].map((v) => fstabEscape(v)).join(' ')
}

export interface FstabEdit {
  content: string
  changed: boolean
  before: string[]
  after: string[]
}

/** Whether a non-comment fstab line is the entry for `e` (swap lines are matched on src too). */
function matches(fields: string[], e: Pick<MountEntry, 'path' | 'src'>): boolean {
  if (fields.length < 4) return false
  const [src, name, fstype] = fields
  if (name !== fstabEscape(e.path)) return false
  return !(e.src && name === 'none' && fstype === 'swap' && src !== fstabEscape(e.src))
}

/** Ansible's set_mount (`want`) or unset_mount (`want` undefined: remove `path`'s lines). */
export function editFstab(content: string, path: string, want: MountEntry | undefined, src = ''): FstabEdit {
  const lines = content.match(/[^\n]*\n|[^\n]+$/g) ?? []
  const out: string[] = []
  const before: string[] = []
  const after: string[] = []
  let found = false
  let changed = false
  for (const line of lines) {
    const t = line.trim()
    const fields = t.split(/\s+/)
    if (!t || t.startsWith('#') || !matches(fields, { path, src: want?.src ?? src })) {
      out.push(line)
      continue
    }
    found = true
    before.push(line.replace(/\n$/, ''))
    if (!want) {
      changed = true
      continue
    }
    const [s, , fstype, opts, dump = '0', passno = '0'] = fields
    const cur = [s, fstype, opts, dump, passno]
    const exp = [want.src, want.fstype, want.opts, want.dump, want.passno].map(fstabEscape)
    if (cur.some((v, i) => v !== exp[i])) {
      changed = true
      out.push(`${fstabLine(want)}\n`)
      after.push(fstabLine(want))
    } else {
      out.push(line)
      after.push(line.replace(/\n$/, ''))
    }
  }
  if (want && !found) {
    if (out.length && !out[out.length - 1]!.endsWith('\n')) out[out.length - 1] += '\n'
    out.push(`${fstabLine(want)}\n`)
    after.push(fstabLine(want))
    changed = true
  }
  return { content: out.join(''), changed, before, after }
}
