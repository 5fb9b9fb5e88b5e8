/**
 * reboot: schedules the reboot in the background (so the command returns before the connection
 * drops), then polls: reconnect, read the boot id, until it differs from the one before; then runs
 * test_command until it succeeds. The connection must be able to reconnect (see Reconnectable);
 * a local connection cannot, and reboot refuses to run on it.
 */
import { shq } from '../connection/quote.js'
import type { Connection } from '../connection/types.js'
import { optString, run, sleep } from './system/common.js'
import { ModuleFailure, type Module, type ModuleContext } from './types.js'

/** What the connection layer must add for reboot (structural: types.ts is not changed here). */
export interface Reconnectable {
  /** Drops the transport and opens a new one to the same host; rejects while the host is down. */
  reconnect(opts?: { timeoutMs?: number; signal?: AbortSignal }): Promise<void>
}

export function canReconnect(conn: Connection): conn is Connection & Reconnectable {
  return typeof (conn as { reconnect?: unknown }).reconnect === 'function'
}

export const BOOT_ID = 'cat /proc/sys/kernel/random/boot_id'

/** The background command that reboots after `delay` seconds (shutdown, else systemctl, else reboot). */
export function rebootCommand(args: Record<string, unknown>): string {
  const msg = optString(args.msg) ?? 'Reboot initiated by Ansible'
  const delay = Number(args.pre_reboot_delay ?? 0)
  const cmd = optString(args.reboot_command) ?? `shutdown -r now ${shq(msg)} || systemctl reboot || reboot`
  const inner = `sleep ${Math.max(1, delay)}; ${cmd}`
  return `nohup sh -c ${shq(inner)} >/dev/null 2>&1 &`
}

async function bootId(ctx: ModuleContext, args: Record<string, unknown>, timeoutMs: number): Promise<string> {
  const r = await ctx.conn.exec(`LC_ALL=C; export LC_ALL\n${optString(args.boot_time_command) ?? BOOT_ID}`, {
    become: ctx.become,
    timeoutMs,
    signal: ctx.signal,
  })
  if (r.rc !== 0 || r.timedOut) throw new ModuleFailure(`reading the boot id failed: ${r.stderr.trim()}`)
  return r.stdout.trim()
}

export const rebootModule: Module = {
  name: 'reboot',
  async check(args, ctx) {
    if (!canReconnect(ctx.conn) || ctx.vars['ansible_connection'] === 'local')
      throw new ModuleFailure(
        'reboot: this connection cannot reconnect after a reboot (a local connection cannot run reboot)',
      )
    return { changed: true, result: { rebooted: !ctx.checkMode, elapsed: 0 } }
  },
  async apply(_plan, args, ctx) {
    const conn = ctx.conn
    if (!canReconnect(conn)) throw new ModuleFailure('reboot: this connection cannot reconnect')
    const t0 = Date.now()
    const deadline = t0 + Number(args.reboot_timeout ?? 600) * 1000
    const connectMs = Number(args.connect_timeout ?? 10) * 1000
    const before = await bootId(ctx, args, connectMs)
    const res = await run(ctx, rebootCommand(args))
    if (res.rc !== 0) throw new ModuleFailure(`reboot command failed: ${res.stderr.trim()}`, { rc: res.rc })
    await sleep(Number(args.pre_reboot_delay ?? 0) * 1000 + 2000, ctx.signal)
    let wait = 1000
    for (;;) {
      if (Date.now() > deadline)
        throw new ModuleFailure(
          `Timed out waiting for the host to come back after ${args.reboot_timeout ?? 600} s`,
          { rebooted: true },
        )
      try {
        await conn.reconnect({ timeoutMs: connectMs, signal: ctx.signal })
        const now = await bootId(ctx, args, connectMs)
        if (now && now !== before) break
      } catch (err) {
        if (ctx.signal?.aborted) throw err
      }
      await sleep(wait, ctx.signal)
      wait = Math.min(wait * 2, 10000)
    }
    await sleep(Number(args.post_reboot_delay ?? 0) * 1000, ctx.signal)
    const test = optString(args.test_command) ?? 'whoami'
    for (;;) {
      const r = await conn
        .exec(test, { become: ctx.become, timeoutMs: connectMs, signal: ctx.signal })
        .catch(() => undefined)
      if (r && r.rc === 0) break
      if (Date.now() > deadline)
        throw new ModuleFailure(
          `test_command did not succeed after the reboot: ${r?.stderr.trim() ?? 'unreachable'}`,
          { rebooted: true },
        )
      await sleep(2000, ctx.signal)
    }
    return { changed: true, rebooted: true, elapsed: Math.round((Date.now() - t0) / 1000) }
  },
}
