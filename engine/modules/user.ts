/**
 * user: accounts with useradd/usermod/userdel, read with `getent passwd`, `id -nG` (and
 * `getent shadow` only when a password is given). The password hash goes to `chpasswd -e` on
 * stdin: never on a command line, in a diff or in the result.
 */
import { shq, shWords } from '../connection/quote.js'
import { arg, flag } from './mode.js'
import { fieldsDiff, optString, runStep, safeName, sections, strList } from './system/common.js'
import { parseGroup, parseIdGroups, parsePasswd, shadowHash, type PasswdEntry } from './system/accounts.js'
import { ModuleFailure, type Module, type ModuleContext } from './types.js'

interface UserData {
  commands: string[]
  /** Set the password hash after the commands */
  password: boolean
}

export interface UserFacts {
  passwd?: PasswdEntry | undefined
  groups: string[]
  primary?: string | undefined
  hash?: string | undefined
}

export async function readUser(ctx: ModuleContext, name: string, withShadow: boolean): Promise<UserFacts> {
  const n = shq(name)
  const script = [
    `echo @@passwd; getent passwd ${n}`,
    `echo @@groups; id -nG ${n} 2>/dev/null`,
    `echo @@primary; getent group "$(id -g ${n} 2>/dev/null)" 2>/dev/null`,
    withShadow ? `echo @@shadow; getent shadow ${n}` : ':',
    'exit 0',
  ].join('\n')
  const sec = sections((await runStep(ctx, script, `reading user ${name}`)).stdout)
  return {
    passwd: parsePasswd(sec.get('passwd') ?? ''),
    groups: parseIdGroups(sec.get('groups') ?? ''),
    primary: parseGroup(sec.get('primary') ?? '')?.name,
    hash: shadowHash(sec.get('shadow') ?? ''),
  }
}

/** useradd/usermod/userdel for `args` given the current state: pure, for tests. */
export function userPlan(args: Record<string, unknown>, cur: UserFacts) {
  const name = String(arg(args, 'name', 'user'))
  const state = String(args.state ?? 'present')
  const before: Record<string, unknown> = {}
  const after: Record<string, unknown> = {}
  const password = optString(args.password)
  if (state === 'absent') {
    if (!cur.passwd) return { commands: [], before, after, password: false }
    const o = [...(flag(args.remove) ? ['-r'] : []), ...(flag(args.force) ? ['-f'] : [])]
    return {
      commands: [`userdel ${shWords([...o, name])}`],
      before: { state: 'present' },
      after: { state: 'absent' },
      password: false,
    }
  }
  const uid = optString(args.uid)
  const group = optString(args.group)
  const groups = args.groups === undefined || args.groups === null ? undefined : strList(args.groups)
  const comment = optString(args.comment)
  const shell = optString(args.shell)
  const home = optString(args.home)
  const o: string[] = []
  if (!cur.passwd) {
    if (uid) o.push('-u', uid)
    if (group) o.push('-g', group)
    if (groups?.length) o.push('-G', groups.join(','))
    if (comment !== undefined) o.push('-c', comment)
    if (shell) o.push('-s', shell)
    if (home) o.push('-d', home)
    if (flag(args.system)) o.push('-r')
    if (flag(args.non_unique)) o.push('-o')
    o.push(flag(arg(args, 'create_home', 'createhome'), true) ? '-m' : '-M')
    return {
      commands: [`useradd ${shWords([...o, name])}`],
      before: { state: 'absent' },
      after: { state: 'present' },
      password: !!password,
    }
  }
  const p = cur.passwd
  const diff = (k: string, was: unknown, now: unknown) => ((before[k] = was), (after[k] = now))
  if (uid && Number(uid) !== p.uid) (o.push('-u', uid), diff('uid', p.uid, Number(uid)))
  if (group && group !== cur.primary && group !== String(p.gid))
    (o.push('-g', group), diff('group', cur.primary ?? p.gid, group))
  if (groups) {
    const have = cur.groups.filter((g) => g !== cur.primary)
    const add = groups.filter((g) => !have.includes(g))
    const append = flag(args.append)
    const extra = append ? [] : have.filter((g) => !groups.includes(g))
    if (add.length || extra.length) {
      o.push('-G', append ? add.join(',') : groups.join(','), ...(append ? ['-a'] : []))
      diff('groups', have, append ? [...have, ...add] : groups)
    }
  }
  if (comment !== undefined && comment !== p.comment)
    (o.push('-c', comment), diff('comment', p.comment, comment))
  if (shell && shell !== p.shell) (o.push('-s', shell), diff('shell', p.shell, shell))
  if (home && home !== p.home)
    (o.push('-d', home, ...(flag(args.move_home) ? ['-m'] : [])), diff('home', p.home, home))
  const setPw = !!password && String(args.update_password ?? 'always') === 'always' && password !== cur.hash
  if (setPw) diff('password', '(hidden)', '(changed)')
  return { commands: o.length ? [`usermod ${shWords([...o, name])}`] : [], before, after, password: setPw }
}

export const userModule: Module = {
  name: 'user',
  async check(args, ctx) {
    const name = safeName('user', String(arg(args, 'name', 'user') ?? ''))
    if (flag(args.generate_ssh_key))
      throw new ModuleFailure('user: generate_ssh_key is not supported by tsplay')
    const cur = await readUser(ctx, name, optString(args.password) !== undefined)
    const p = userPlan(args, cur)
    const data: UserData = { commands: p.commands, password: p.password }
    const changed = p.commands.length > 0 || p.password
    const result = {
      name,
      state: String(args.state ?? 'present'),
      ...(cur.passwd
        ? {
            uid: cur.passwd.uid,
            group: cur.passwd.gid,
            home: cur.passwd.home,
            shell: cur.passwd.shell,
            comment: cur.passwd.comment,
          }
        : {}),
      ...(optString(args.password) !== undefined ? { password: 'NOT_LOGGING_PASSWORD' } : {}),
    }
    const diff = changed ? [fieldsDiff(`user ${name}`, p.before, p.after)] : undefined
    return { changed, result, diff: ctx.diffMode ? diff : undefined, data }
  },
  async apply(plan, args, ctx) {
    const d = plan.data as UserData
    const name = String(arg(args, 'name', 'user'))
    for (const c of d.commands) await runStep(ctx, c, c.split(' ')[0]!)
    if (d.password)
      await runStep(
        ctx,
        'chpasswd -e',
        `setting the password of ${name}`,
        `${name}:${String(args.password)}\n`,
      )
    const state = String(args.state ?? 'present')
    if (state === 'absent') return { ...plan.result, changed: true }
    const now = await readUser(ctx, name, false)
    const p = now.passwd
    return {
      ...plan.result,
      changed: true,
      ...(p
        ? {
            uid: p.uid,
            group: p.gid,
            home: p.home,
            shell: p.shell,
            comment: p.comment,
            groups: now.groups.filter((g) => g !== now.primary).join(','),
          }
        : {}),
    }
  },
}
