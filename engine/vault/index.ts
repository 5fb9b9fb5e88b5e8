/** Ansible-compatible vaults: the API other parts of tsplay use. */
export { DEFAULT_VAULT_ID, isVaultText, parseVault, encryptBytes, type VaultEnvelope } from './format.js'
export { VaultKeyring, type Decrypted, type KeyringOptions } from './keyring.js'
export { keyringFromOptions, withVaultOptions, vaultOptionSpec, vaultOptionsHelp } from './options.js'
export type { KeyringContext } from './options.js'
export { decryptInline, readMaybeVaulted, writeFileAtomic } from './files.js'
export { SecretSet, processSecrets, redact, MASK, MIN_SECRET_LENGTH } from './redact.js'
export { keyDerivationCount } from './keys.js'
export type { VaultSecret } from './sources.js'
