/** Options shared by the commands that read playbooks and inventories. */
import { readFileSync } from 'node:fs'
import type { ProjectOptions } from '../api.js'
import { TsplayError } from '../errors.js'
import { decryptInline } from '../vault/files.js'
import { isVaultText } from '../vault/format.js'
import { keyringFromOptions, vaultOptionSpec, vaultOptionsHelp } from '../vault/options.js'
import { parseYaml } from '../yaml/load.js'
import type { EncryptedString } from '../yaml/vault-tag.js'
import type { OptionSpec, Parsed } from './args.js'
import { stringList } from './args.js'
import type { Io } from './io.js'

export const inventoryOptions: OptionSpec = {
  inventory: { type: 'string', short: 'i', multiple: true },
}

export const playOptions: OptionSpec = {
  ...inventoryOptions,
  'extra-vars': { type: 'string', short: 'e', multiple: true },
  limit: { type: 'string', short: 'l', multiple: true },
  tags: { type: 'string', short: 't', multiple: true },
  'skip-tags': { type: 'string', multiple: true },
  'roles-path': { type: 'string', multiple: true },
  ...vaultOptionSpec,
}

export const playOptionsHelp = `  -i, --inventory INV      inventory file, directory or host list (repeatable)
  -e, --extra-vars VARS    KEY=VALUE, @file.yml or '{"json": 1}' (repeatable; highest precedence)
  -l, --limit PATTERN      only hosts matching PATTERN (e.g. 'kube_node:!gpu1', @site.retry)
  -t, --tags TAGS          only tasks with these tags (comma separated)
      --skip-tags TAGS     skip tasks with these tags
      --roles-path DIR     more directories to find roles in (also TSPLAY_ROLES_PATH)

${vaultOptionsHelp}`

/** `-i` values, else TSPLAY_INVENTORY; an error when neither is given. */
export function inventoriesFrom(parsed: Parsed, io: Io, command: string): string[] {
  const list = stringList(parsed.values['inventory'])
  if (list.length) return list
  const env = io.env['TSPLAY_INVENTORY']
  if (env) return env.split(',').filter(Boolean)
  throw new TsplayError({
    code: 'CLI_NO_INVENTORY',
    message: `tsplay ${command}: no inventory given`,
    key: '-i',
    hint: 'pass `-i inventories/prod/inventory.ini` (or set TSPLAY_INVENTORY)',
  })
}

export function commaList(v: Parsed['values'][string]): string[] {
  return stringList(v)
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean)
}

export function rolesPathFrom(parsed: Parsed, io: Io): string[] {
  const env = io.env['TSPLAY_ROLES_PATH']?.split(':').filter(Boolean) ?? []
  return [...stringList(parsed.values['roles-path']), ...env]
}

export function onePlaybook(parsed: Parsed, command: string): string {
  const [file, ...extra] = parsed.positionals
  if (!file || extra.length) {
    throw new TsplayError({
      code: 'CLI_USAGE',
      message: file
        ? `tsplay ${command}: expected one playbook, got ${parsed.positionals.length}`
        : `tsplay ${command}: which playbook?`,
      hint: `write \`tsplay ${command} playbooks/site.yml -i INVENTORY\``,
    })
  }
  return file
}

/**
 * Everything `loadProject` needs from the command line, with the vault wired in: vaulted files
 * (vars_files, group_vars, host_vars, -e @file) are decrypted when read, and their values are
 * remembered as secrets so that output can hide them.
 */
export async function projectInputs(parsed: Parsed, io: Io, command: string, playbook?: string) {
  const keyring = await keyringFromOptions(parsed.values, { env: io.env })
  const readText = (path: string): string => {
    const raw = readFileSync(path)
    if (!isVaultText(raw)) return raw.toString('utf8')
    const text = keyring.decrypt(raw, path).plaintext.toString('utf8')
    keyring.secrets.addValues(parseYaml(text, path))
    return text
  }
  const options: ProjectOptions = {
    playbook,
    inventories: inventoriesFrom(parsed, io, command),
    extraVars: stringList(parsed.values['extra-vars']),
    rolesPath: rolesPathFrom(parsed, io),
    readText,
  }
  const decrypt = (value: EncryptedString, variable: string) =>
    decryptInline(value, keyring, `variable \`${variable}\``)
  return { options, keyring, decrypt }
}
