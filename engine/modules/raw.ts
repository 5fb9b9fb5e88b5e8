/**
 * `raw`: the text runs as is through the connection's shell (or `executable -c`), with no
 * chdir/creates handling. Its effect is unknown, so it is skipped in check mode.
 */
import { shq } from '../connection/quote.js'
import { commandResult, execOptions, optStr, timed } from './command-run.js'
import { ModuleFailure, type Module } from './types.js'

export type RawArgs = { _raw_params?: string; executable?: string }

export const rawModule: Module<RawArgs> = {
  name: 'raw',
  async check(args) {
    if (!optStr(args._raw_params)?.trim()) throw new ModuleFailure('no command given')
    return { changed: true, skipInCheck: 'raw does not support check mode' }
  },
  async apply(_plan, args, ctx) {
    const cmd = optStr(args._raw_params) ?? ''
    const executable = optStr(args.executable)
    // the login shell, as over a plain ssh exec (commands otherwise run in tsplay's /bin/sh)
    const line = `exec ${executable ? shq(executable) : '"${SHELL:-/bin/sh}"'} -c ${shq(cmd)}`
    const [r, t] = await timed(() => ctx.conn.exec(line, execOptions(ctx)))
    // raw keeps the output as the host printed it (no strip of trailing newlines), like Ansible
    const result = commandResult(cmd, r, t, { stripEmptyEnds: false, timeoutMs: ctx.timeoutMs })
    const { start: _s, end: _e, delta: _d, cmd: _c, ...rest } = result
    return rest
  },
}
