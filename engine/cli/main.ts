#!/usr/bin/env node
/**
 * The `tsplay` command: picks a sub-command, runs it, and turns errors into exit codes. This is the
 * only place that calls process.exit.
 */
import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { didYouMean, ExitCode, isTsplayError, TsplayError } from '../errors.js'
import { version } from '../version.js'
import { commands } from './commands/index.js'
import { processIo, type Io } from './io.js'

export function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length))
  const list = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')
  return `tsplay ${version()} — agentless playbooks over SSH, compatible with Ansible's inventories and vaults

Usage: tsplay <command> [options]

Commands:
${list}

Options:
  -h, --help     show help (also: tsplay <command> --help)
  -V, --version  print the version

Examples:
  tsplay inventory -i inventories/demo --graph
  tsplay inventory -i inventories/prod/inventory.ini --list
`
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [first, ...rest] = argv
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    const topic = first === 'help' ? commands.find((c) => c.name === rest[0]) : undefined
    io.out(topic ? (await topic.load()).help : mainHelp())
    return first === undefined ? ExitCode.invalidInput : ExitCode.ok
  }
  if (first === '-V' || first === '--version' || first === 'version') {
    const startup = (globalThis as Record<symbol, unknown>)[Symbol.for('tsplay.startup')] as
      string | undefined
    io.out(
      `${version()}\n  node = ${process.version}\n  started from = ${startup ?? fileURLToPath(import.meta.url)}\n`,
    )
    return ExitCode.ok
  }
  const entry = commands.find((c) => c.name === first)
  try {
    if (!entry) {
      const guess = didYouMean(
        first,
        commands.map((c) => c.name),
      )
      throw new TsplayError({
        code: 'CLI_UNKNOWN_COMMAND',
        message: `unknown command \`${first}\``,
        hint: guess ? `did you mean \`tsplay ${guess}\`?` : 'run `tsplay --help` for the list of commands',
      })
    }
    const command = await entry.load()
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(command.helpFor?.(rest) ?? command.help)
      return ExitCode.ok
    }
    return await command.run(rest, io)
  } catch (err) {
    return reportError(err, io)
  }
}

export function reportError(err: unknown, io: Io): number {
  if (isTsplayError(err)) {
    io.err(`${err.message}\n`)
    return err.exitCode
  }
  const detail = io.env['TSPLAY_DEBUG'] ? `\n${(err as Error)?.stack ?? String(err)}` : ''
  io.err(
    `internal error: ${(err as Error)?.message ?? String(err)}. This is a bug in tsplay; ` +
      `run again with TSPLAY_DEBUG=1 for the stack trace and report it.${detail}\n`,
  )
  return ExitCode.internal
}

function invokedDirectly(): boolean {
  const script = process.argv[1]
  if (!script) return false
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url))
  } catch {
    return false
  }
}

/** Runs the CLI on this process's arguments and sets its exit code (the launcher calls this too). */
export function runCli(argv: string[] = process.argv.slice(2)): Promise<void> {
  const io = processIo()
  return main(argv, io).then(
    (code) => {
      process.exitCode = code
    },
    (err: unknown) => {
      process.exitCode = reportError(err, io)
    },
  )
}

if (invokedDirectly()) void runCli()
