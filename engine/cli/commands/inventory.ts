import type { Command } from '../io.js'

// Placeholder while the inventory command is being written.
export const inventoryCommand: Command = {
  name: 'inventory',
  summary: '(inventory: in progress)',
  help: 'tsplay inventory\n',
  run: async () => 1,
}
