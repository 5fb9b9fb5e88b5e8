/** `id` + the passwd entry → user facts; `env` → `env`. Both for the user the task runs as. */
import type { Vars } from '../inventory/model.js'

export function userFacts(id: string, passwd = ''): Vars {
  const facts: Vars = {}
  const [name, uid, gid] = id.split('\n').map((s) => s.trim())
  if (name) facts['user_id'] = name
  if (uid && /^\d+$/.test(uid)) {
    facts['user_uid'] = Number(uid)
    facts['effective_user_id'] = Number(uid)
  }
  if (gid && /^\d+$/.test(gid)) {
    facts['user_gid'] = Number(gid)
    facts['effective_group_id'] = Number(gid)
  }
  const entry = passwd.split('\n')[0]?.split(':')
  if (entry && entry.length >= 7) {
    facts['user_gecos'] = entry[4]
    facts['user_dir'] = entry[5]
    facts['user_shell'] = entry[6]
  }
  return facts
}

/**
 * `env` output; a line that does not start a `NAME=` belongs to the previous value (a value with
 * a newline), which is the best that plain `env` allows.
 */
export function envFacts(text: string): Vars {
  const env: Record<string, string> = {}
  let last: string | undefined
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line)
    if (m) {
      last = m[1]!
      env[last] = m[2]!
    } else if (last !== undefined) env[last] += `\n${line}`
  }
  return Object.keys(env).length ? { env } : {}
}
