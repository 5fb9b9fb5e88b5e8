/**
 * `debug`: a message, or the value of a variable or expression under its own name, as Ansible
 * returns it. Computed in `check` so that it shows in check mode too; `verbosity` is the
 * executor's business (it has the task's args).
 */
import { TsplayError } from '../errors.js'
import { evaluate, parseExpression } from '../template/index.js'
import { ModuleFailure, type Module, type ModuleResult } from './types.js'

export type DebugArgs = { msg?: unknown; var?: string; verbosity?: number }

export const NOT_DEFINED = 'VARIABLE IS NOT DEFINED!'

export function debugResult(args: DebugArgs, vars: object): ModuleResult {
  if (args.var === undefined || args.var === null) {
    // Ansible keeps a structured msg (list, mapping) as is; ModuleResult types msg as a string
    return { changed: false, msg: (args.msg === undefined ? 'Hello world!' : args.msg) as string }
  }
  const name = String(args.var)
  let value: unknown
  try {
    value = evaluate(parseExpression(name.trim()), vars)
  } catch (err) {
    if (!(err instanceof TsplayError)) throw err
    if (err.code === 'EXPR_UNDEFINED') value = NOT_DEFINED
    else throw new ModuleFailure(`debug var \`${name}\`: ${err.problems[0]?.message ?? err.message}`)
  }
  return { changed: false, [name]: value }
}

export const debugModule: Module<DebugArgs> = {
  name: 'debug',
  async check(args, ctx) {
    return { changed: false, result: debugResult(args, ctx.vars) }
  },
  async apply(_plan, args, ctx) {
    return debugResult(args, ctx.vars)
  },
}
