/** Every sub-command, in the order `tsplay --help` lists them. */
import type { Command } from '../io.js'
import { checkCommand } from './check.js'
import { inventoryCommand } from './inventory.js'
import { runCommand } from './run.js'
import { schemaCommand } from './schema.js'
import { varsCommand } from './vars.js'
import { vaultCommand } from './vault.js'

export const commands: Command[] = [
  runCommand,
  checkCommand,
  inventoryCommand,
  varsCommand,
  vaultCommand,
  schemaCommand,
]
