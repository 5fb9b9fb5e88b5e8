/** `tsplay vault <sub-command>`: Ansible-compatible vault files and values. */
import { didYouMean, ExitCode, TsplayError } from '../../errors.js'
import type { Command, Io } from '../io.js'
import { createFile, editFile } from './vault-edit.js'
import { decryptFiles, encryptFiles, rekeyFiles, viewFiles } from './vault-files.js'
import { helpFor, vaultHelp } from './vault-help.js'
import { encryptString } from './vault-string.js'

const subcommands: Record<string, (argv: string[], io: Io) => Promise<number>> = {
  encrypt: encryptFiles,
  decrypt: decryptFiles,
  view: viewFiles,
  edit: editFile,
  create: createFile,
  rekey: rekeyFiles,
  'encrypt-string': encryptString,
}

/** ansible-vault spells it `encrypt_string`; accept both. */
const canonical = (name: string): string => name.replace(/_/g, '-')

export const vaultCommand: Command & { helpFor(argv: string[]): string } = {
  name: 'vault',
  summary: 'encrypt, decrypt, view, edit and create Ansible-compatible vault files and values',
  help: vaultHelp,
  /** The help of the sub-command in argv (for `tsplay vault encrypt --help`). */
  helpFor: (argv) => helpFor(argv.map(canonical).find((a) => a in subcommands)),
  async run(argv, io) {
    const [first, ...rest] = argv
    if (first === undefined) {
      io.out(vaultHelp)
      return ExitCode.invalidInput
    }
    if (first === 'help' || first === '-h' || first === '--help') {
      io.out(helpFor(rest[0] && canonical(rest[0])))
      return ExitCode.ok
    }
    const sub = canonical(first)
    const handler = subcommands[sub]
    if (!handler) {
      const guess = didYouMean(sub, Object.keys(subcommands))
      throw new TsplayError({
        code: 'CLI_UNKNOWN_COMMAND',
        message: `unknown vault sub-command \`${first}\``,
        hint: guess ? `did you mean \`tsplay vault ${guess}\`?` : 'run `tsplay vault --help` for the list',
      })
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(helpFor(sub))
      return ExitCode.ok
    }
    return handler(rest, io)
  },
}
