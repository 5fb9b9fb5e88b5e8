/**
 * The vault password options every command shares (`vault`, `run`, `vars`...): add them to an option
 * spec, then build the keyring from the parsed values.
 */
import type { OptionSpec, Parsed } from '../cli/args.js'
import { str, stringList } from '../cli/args.js'
import { DEFAULT_VAULT_ID } from './format.js'
import { VaultKeyring } from './keyring.js'
import type { SecretSet } from './redact.js'
import { passwordFromFile, passwordFromPrompt, splitVaultId, type VaultSecret } from './sources.js'

export const PASSWORD_FILE_ENV = 'TSPLAY_VAULT_PASSWORD_FILE'

export const vaultOptionSpec: OptionSpec = {
  'vault-password-file': { type: 'string', multiple: true },
  'vault-pass-file': { type: 'string', multiple: true },
  'vault-id': { type: 'string', multiple: true },
  'ask-vault-pass': { type: 'boolean', short: 'J' },
  'ask-vault-password': { type: 'boolean' },
  'encrypt-vault-id': { type: 'string' },
}

export function withVaultOptions(spec: OptionSpec = {}): OptionSpec {
  return { ...spec, ...vaultOptionSpec }
}

/** Lines for a command's `--help`. */
export const vaultOptionsHelp = `Vault passwords:
  --vault-password-file FILE  password file (first line, trimmed) or executable printing it
  --vault-id LABEL@SOURCE     a labelled password; SOURCE is a file, a script or \`prompt\` (repeatable)
  -J, --ask-vault-pass        ask for the password (reads a line from stdin when it is not a terminal)
  --encrypt-vault-id LABEL    which vault id encrypts when several are given
  env ${PASSWORD_FILE_ENV}  password file used when none of the above is given
`

export interface KeyringContext {
  env: NodeJS.ProcessEnv
  /** The passwords will encrypt: prompts ask twice on a terminal */
  forEncryption?: boolean
  /** With no password option, ask on the terminal (only when stdin is one), as ansible-vault does */
  autoPrompt?: boolean
  secrets?: SecretSet
}

export async function keyringFromOptions(
  values: Parsed['values'],
  ctx: KeyringContext,
): Promise<VaultKeyring> {
  const prompt = { forEncryption: ctx.forEncryption ?? false }
  const entries: VaultSecret[] = []
  // Ansible's order: --vault-id first, then password files, then --ask-vault-pass.
  for (const spec of stringList(values['vault-id'])) {
    const [label, source] = splitVaultId(spec)
    entries.push(
      source === 'prompt'
        ? await passwordFromPrompt(label, { ...prompt, askVaultPass: false })
        : await passwordFromFile(source, label),
    )
  }
  // Ansible's aliases are accepted too: --vault-pass-file, --ask-vault-password.
  for (const file of [
    ...stringList(values['vault-password-file']),
    ...stringList(values['vault-pass-file']),
  ]) {
    entries.push(await passwordFromFile(file, DEFAULT_VAULT_ID))
  }
  const ask = values['ask-vault-pass'] === true || values['ask-vault-password'] === true
  const envFile = ctx.env[PASSWORD_FILE_ENV]
  if (!entries.length && !ask && envFile) entries.push(await passwordFromFile(envFile, DEFAULT_VAULT_ID))
  if (ask || (!entries.length && ctx.autoPrompt && process.stdin.isTTY)) {
    entries.push(await passwordFromPrompt(DEFAULT_VAULT_ID, { ...prompt, askVaultPass: true }))
  }
  return new VaultKeyring(entries, { encryptLabel: str(values['encrypt-vault-id']), secrets: ctx.secrets })
}
