/**
 * Every sub-command, in the order `tsplay --help` lists them. A command's module (and the libraries
 * it needs) is only imported when that command runs, so `tsplay inventory` does not pay for SSH.
 */
import type { Command } from '../io.js'

export interface CommandEntry {
  name: string
  summary: string
  load(): Promise<Command>
}

export const commands: CommandEntry[] = [
  {
    name: 'run',
    summary: 'run a playbook on the hosts of an inventory',
    load: async () => (await import('./run.js')).runCommand,
  },
  {
    name: 'check',
    summary: 'validate a playbook, its roles and the inventory; contacts no host',
    load: async () => (await import('./check.js')).checkCommand,
  },
  {
    name: 'inventory',
    summary: 'show inventory hosts, groups and variables (like ansible-inventory)',
    load: async () => (await import('./inventory.js')).inventoryCommand,
  },
  {
    name: 'vars',
    summary: "show a host's variables, their values and where each came from",
    load: async () => (await import('./vars.js')).varsCommand,
  },
  {
    name: 'vault',
    summary: 'encrypt, decrypt, view, edit and create Ansible-compatible vault files and values',
    load: async () => (await import('./vault.js')).vaultCommand,
  },
  {
    name: 'lab',
    summary: 'start or stop throwaway SSH hosts on this machine (namespaces + overlay)',
    load: async () => (await import('./lab.js')).labCommand,
  },
  {
    name: 'schema',
    summary: 'print the playbook JSON Schema, for editors with a YAML language server',
    load: async () => (await import('./schema.js')).schemaCommand,
  },
]
