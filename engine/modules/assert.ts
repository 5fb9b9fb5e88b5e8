/**
 * `assert`: every condition of `that` must hold. The failure names the first condition that did
 * not (`assertion`, `evaluated_to: false`), as Ansible's does. Evaluated in `check`: asserts run in
 * check mode too.
 */
import { TsplayError } from '../errors.js'
import { evalCondition } from '../template/index.js'
import { ModuleFailure, type Module, type ModuleResult } from './types.js'

export type AssertArgs = {
  that: unknown
  fail_msg?: unknown
  msg?: unknown
  success_msg?: unknown
  quiet?: boolean
}

export function assertResult(args: AssertArgs, vars: object): ModuleResult {
  const conditions = Array.isArray(args.that) ? args.that : [args.that]
  for (const condition of conditions) {
    let ok: boolean
    try {
      ok = evalCondition(condition, vars)
    } catch (err) {
      if (!(err instanceof TsplayError)) throw err
      const why = err.problems.map((p) => p.message).join('; ')
      throw new ModuleFailure(`The conditional check '${String(condition)}' failed. The error was: ${why}`, {
        assertion: condition,
      })
    }
    if (!ok) {
      const msg = args.fail_msg ?? args.msg ?? 'Assertion failed'
      const text = typeof msg === 'string' ? msg : JSON.stringify(msg)
      throw new ModuleFailure(text, { msg: msg as string, assertion: condition, evaluated_to: false })
    }
  }
  // Ansible prints a passed assert's message at every verbosity
  const msg = (args.success_msg as string | undefined) ?? 'All assertions passed'
  return { changed: false, msg, _ansible_verbose_always: true }
}

export const assertModule: Module<AssertArgs> = {
  name: 'assert',
  async check(args, ctx) {
    return { changed: false, result: assertResult(args, ctx.vars) }
  },
  async apply(_plan, args, ctx) {
    return assertResult(args, ctx.vars)
  },
}
