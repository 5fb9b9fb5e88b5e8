/** Option parsing for every command: node's own parseArgs, with usage errors as TsplayErrors. */
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { didYouMean, TsplayError } from '../errors.js'

export type OptionSpec = NonNullable<ParseArgsConfig['options']>

export interface Parsed {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>
  positionals: string[]
}

export function parseCommandArgs(command: string, argv: string[], options: OptionSpec): Parsed {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { help: { type: 'boolean', short: 'h' }, ...options },
      allowPositionals: true,
      strict: true,
    })
    return { values: values as Parsed['values'], positionals }
  } catch (err) {
    throw usageError(command, err as Error, Object.keys(options))
  }
}

function usageError(command: string, err: Error, known: string[]): TsplayError {
  const m = /Unknown option '(-{1,2}[^']+)'/.exec(err.message)
  if (m) {
    const guess = didYouMean(m[1]!.replace(/^-+/, ''), known)
    return new TsplayError({
      code: 'CLI_UNKNOWN_OPTION',
      message: `tsplay ${command}: unknown option \`${m[1]}\``,
      key: m[1],
      hint: guess
        ? `did you mean \`--${guess}\`? See \`tsplay ${command} --help\``
        : `see \`tsplay ${command} --help\``,
    })
  }
  return new TsplayError({
    code: 'CLI_USAGE',
    message: `tsplay ${command}: ${err.message.replace(/\. To specify.*$/s, '')}`,
    hint: `see \`tsplay ${command} --help\``,
  })
}

export function stringList(v: Parsed['values'][string]): string[] {
  if (v === undefined) return []
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string')
}

export function str(v: Parsed['values'][string]): string | undefined {
  const list = stringList(v)
  return list[list.length - 1]
}
