/** `ping`: one no-op round trip proves the host can run commands; returns `ping: pong` (or `data`). */
import { execOptions, optStr } from './command-run.js'
import { ModuleFailure, type Module, type ModuleContext, type ModuleResult } from './types.js'

export type PingArgs = { data?: string }

async function ping(args: PingArgs, ctx: ModuleContext): Promise<ModuleResult> {
  const data = optStr(args.data) ?? 'pong'
  if (data === 'crash') throw new ModuleFailure('boom') // Ansible's documented way to test failures
  const r = await ctx.conn.exec('true', execOptions(ctx))
  if (r.rc !== 0 || r.timedOut) {
    throw new ModuleFailure(`the host cannot run commands (rc ${r.rc}): ${r.stderr.trim()}`, { rc: r.rc })
  }
  return { changed: false, ping: data }
}

export const pingModule: Module<PingArgs> = {
  name: 'ping',
  async check(args, ctx) {
    return { changed: false, result: await ping(args, ctx) }
  },
  async apply(_plan, args, ctx) {
    return ping(args, ctx)
  },
}
