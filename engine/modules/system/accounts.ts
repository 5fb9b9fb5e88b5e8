/** getent/id output parsers for user and group. */

export interface PasswdEntry {
  name: string
  uid: number
  gid: number
  comment: string
  home: string
  shell: string
}

/** One `getent passwd NAME` line; undefined when the user does not exist (empty output). */
export function parsePasswd(out: string): PasswdEntry | undefined {
  const f = out.split('\n')[0]?.split(':')
  if (!f || f.length < 7) return undefined
  return { name: f[0]!, uid: Number(f[2]), gid: Number(f[3]), comment: f[4]!, home: f[5]!, shell: f[6]! }
}

export interface GroupEntry {
  name: string
  gid: number
  members: string[]
}

export function parseGroup(out: string): GroupEntry | undefined {
  const f = out.split('\n')[0]?.split(':')
  if (!f || f.length < 4) return undefined
  return { name: f[0]!, gid: Number(f[2]), members: f[3]!.split(',').filter(Boolean) }
}

/** `id -nG NAME` → group names (the primary group first). */
export function parseIdGroups(out: string): string[] {
  return out.trim().split(/\s+/).filter(Boolean)
}

/** The hash field of a `getent shadow NAME` line. */
export function shadowHash(out: string): string | undefined {
  const f = out.split('\n')[0]?.split(':')
  return f && f.length >= 2 ? f[1] : undefined
}
