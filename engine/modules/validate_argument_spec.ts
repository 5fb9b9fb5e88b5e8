/**
 * `validate_argument_spec`: the role's argument spec checked against the real values when the role
 * runs (`provided_arguments`, else the host's variables), required arguments included. Every
 * problem is reported in one failure, as Ansible's "Validation of arguments failed".
 */
import { checkRoleArguments } from '../playbook/schema/role-args.js'
import { ModuleFailure, type Module, type ModuleContext, type ModuleResult } from './types.js'

export type ValidateArgumentSpecArgs = {
  argument_spec: Record<string, unknown>
  provided_arguments?: Record<string, unknown>
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v)

export function validateArguments(
  args: ValidateArgumentSpecArgs,
  ctx: Pick<ModuleContext, 'vars'>,
): ModuleResult {
  const spec = args.argument_spec
  if (!isMap(spec)) throw new ModuleFailure('argument_spec must be a mapping of options')
  const values = isMap(args.provided_arguments) ? args.provided_arguments : ctx.vars
  const role = typeof ctx.vars['role_name'] === 'string' ? ctx.vars['role_name'] : undefined
  const problems = checkRoleArguments(spec, values, { file: '', ...(role ? { role } : {}) })
  if (problems.length === 0) {
    return { changed: false, msg: 'The arg spec validation passed', argument_spec_data: spec }
  }
  const errors = problems.map((p) => (p.hint ? `${p.message}: ${p.hint}` : p.message))
  throw new ModuleFailure(`Validation of arguments failed:\n${errors.join('\n')}`, {
    argument_errors: errors,
    argument_spec_data: spec,
  })
}

export const validateArgumentSpecModule: Module<ValidateArgumentSpecArgs> = {
  name: 'validate_argument_spec',
  async check(args, ctx) {
    return { changed: false, result: validateArguments(args, ctx) }
  },
  async apply(_plan, args, ctx) {
    return validateArguments(args, ctx)
  },
}
