/** `shell`: the command line runs through `/bin/sh -c` (or `executable`), pipes and all. */
import { shq } from '../connection/quote.js'
import { execLine, optStr, planGuarded, runGuardedCommand, stdinOf, toBool } from './command-run.js'
import { guardsOf } from './command.js'
import { ModuleFailure, type Module } from './types.js'

export type ShellArgs = {
  cmd?: string
  executable?: string
  chdir?: string
  creates?: string
  removes?: string
  stdin?: string
  stdin_add_newline?: boolean
  strip_empty_ends?: boolean
}

function commandText(args: ShellArgs): string {
  const cmd = optStr(args.cmd) ?? ''
  if (cmd.trim() === '') throw new ModuleFailure('no command given')
  return cmd
}

export const shellModule: Module<ShellArgs> = {
  name: 'shell',
  async check(args, ctx) {
    return planGuarded(guardsOf(args), ctx, commandText(args))
  },
  async apply(_plan, args, ctx) {
    const cmd = commandText(args)
    const executable = optStr(args.executable) ?? '/bin/sh'
    return runGuardedCommand(ctx, {
      guards: guardsOf(args),
      tail: execLine(`${shq(executable)} -c ${shq(cmd)}`),
      cmd,
      stdin: stdinOf(args.stdin, args.stdin_add_newline),
      stripEmptyEnds: toBool(args.strip_empty_ends, true),
    })
  },
}
