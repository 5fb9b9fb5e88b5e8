/** Every sub-command, in the order `tsplay --help` lists them. */
import type { Command } from '../io.js'
import { inventoryCommand } from './inventory.js'
import { vaultCommand } from './vault.js'

export const commands: Command[] = [inventoryCommand, vaultCommand]
