/** group: groupadd/groupmod/groupdel, read with `getent group`. */
import { shq, shWords } from '../connection/quote.js'
import { flag } from './mode.js'
import { fieldsDiff, optString, run, runStep, safeName } from './system/common.js'
import { parseGroup, type GroupEntry } from './system/accounts.js'
import type { Module } from './types.js'

export function groupCommands(args: Record<string, unknown>, cur: GroupEntry | undefined): string[] {
  const name = String(args.name)
  const gid = optString(args.gid)
  if (String(args.state ?? 'present') === 'absent') return cur ? [`groupdel ${shq(name)}`] : []
  const o: string[] = []
  if (!cur) {
    if (gid) o.push('-g', gid)
    if (flag(args.system)) o.push('-r')
    if (flag(args.non_unique)) o.push('-o')
    return [`groupadd ${shWords([...o, name])}`]
  }
  if (gid && Number(gid) !== cur.gid)
    return [`groupmod ${shWords(['-g', gid, ...(flag(args.non_unique) ? ['-o'] : []), name])}`]
  return []
}

export const groupModule: Module = {
  name: 'group',
  async check(args, ctx) {
    const name = safeName('group', String(args.name ?? ''))
    const cur = parseGroup((await run(ctx, `getent group ${shq(name)}`)).stdout)
    const commands = groupCommands(args, cur)
    const state = String(args.state ?? 'present')
    const result = { name, state, ...(cur ? { gid: cur.gid } : {}), system: flag(args.system) }
    const diff = commands.length
      ? [
          fieldsDiff(
            `group ${name}`,
            cur ? { state: 'present', gid: cur.gid } : { state: 'absent' },
            state === 'absent'
              ? { state }
              : { state, ...(optString(args.gid) ? { gid: Number(args.gid) } : {}) },
          ),
        ]
      : undefined
    return { changed: commands.length > 0, result, diff: ctx.diffMode ? diff : undefined, data: commands }
  },
  async apply(plan, args, ctx) {
    for (const c of plan.data as string[]) await runStep(ctx, c, c.split(' ')[0]!)
    const now = parseGroup((await run(ctx, `getent group ${shq(String(args.name))}`)).stdout)
    return { ...plan.result, changed: true, ...(now ? { gid: now.gid } : {}) }
  },
}
