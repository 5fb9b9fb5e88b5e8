import type { Command } from '../io.js'

// Placeholder while the vault command is being written.
export const vaultCommand: Command = {
  name: 'vault',
  summary: '(vault: in progress)',
  help: 'tsplay vault\n',
  run: async () => 1,
}
