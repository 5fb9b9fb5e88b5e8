/**
 * `command`: runs a program with arguments, without shell syntax. The free-form string is split
 * like Python's shlex.split (Ansible does the same); every word is quoted on its way to the host,
 * where only Ansible's own `$VAR`/`~` argument expansion applies (`expand_argument_vars`).
 */
import {
  execLine,
  optStr,
  planGuarded,
  runGuardedCommand,
  stdinOf,
  toBool,
  type Guards,
} from './command-run.js'
import { commandLine, splitWords, WordSplitError } from './shell-words.js'
import { ModuleFailure, type Module } from './types.js'

export type CommandArgs = {
  cmd?: string
  argv?: (string | number)[]
  chdir?: string
  creates?: string
  removes?: string
  stdin?: string
  stdin_add_newline?: boolean
  strip_empty_ends?: boolean
  expand_argument_vars?: boolean
}

/** The program and its arguments, as Ansible reports them in `cmd`. */
export function commandWords(args: CommandArgs): string[] {
  if (args.argv !== undefined) {
    if (!Array.isArray(args.argv)) throw new ModuleFailure('argv must be a list of words')
    return args.argv.map(String)
  }
  const line = optStr(args.cmd)?.trim() ?? ''
  let words: string[]
  try {
    words = splitWords(line)
  } catch (err) {
    if (err instanceof WordSplitError)
      throw new ModuleFailure(`cannot split the command line: ${err.message}`)
    throw err
  }
  return words
}

export function guardsOf(args: { chdir?: unknown; creates?: unknown; removes?: unknown }): Guards {
  return { chdir: optStr(args.chdir), creates: optStr(args.creates), removes: optStr(args.removes) }
}

export const commandModule: Module<CommandArgs> = {
  name: 'command',
  async check(args, ctx) {
    const words = commandWords(args)
    if (words.length === 0) throw new ModuleFailure('no command given')
    return planGuarded(guardsOf(args), ctx, words)
  },
  async apply(_plan, args, ctx) {
    const words = commandWords(args)
    if (words.length === 0) throw new ModuleFailure('no command given')
    const line = commandLine(words, toBool(args.expand_argument_vars, true))
    return runGuardedCommand(ctx, {
      guards: guardsOf(args),
      tail: execLine(line),
      cmd: words,
      stdin: stdinOf(args.stdin, args.stdin_add_newline),
      stripEmptyEnds: toBool(args.strip_empty_ends, true),
    })
  },
}
