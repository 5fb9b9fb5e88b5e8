/** `fail`: fails the host with `msg`. Raised from `check` so that it fails in check mode too. */
import { ModuleFailure, type Module } from './types.js'

export type FailArgs = { msg?: unknown }

export const DEFAULT_FAIL_MSG = 'Failed as requested from task'

function failure(args: FailArgs): ModuleFailure {
  const msg = args.msg === undefined || args.msg === null ? DEFAULT_FAIL_MSG : args.msg
  const text = typeof msg === 'string' ? msg : JSON.stringify(msg)
  return new ModuleFailure(text, { msg: msg as string })
}

export const failModule: Module<FailArgs> = {
  name: 'fail',
  async check(args) {
    throw failure(args)
  },
  async apply(_plan, args) {
    throw failure(args)
  },
}
