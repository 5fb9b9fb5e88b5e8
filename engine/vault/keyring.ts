/**
 * The vault passwords of a run, by vault id. Decryption tries the id named in a 1.2 header first,
 * then every other password (as Ansible does); every plaintext is registered for redaction.
 */
import { TsplayError } from '../errors.js'
import { decryptEnvelope, encryptBytes, isVaultText, parseVault } from './format.js'
import { processSecrets, type SecretSet } from './redact.js'
import type { VaultSecret } from './sources.js'

export interface Decrypted {
  plaintext: Buffer
  /** The password that worked */
  secret: VaultSecret
  /** The label of the 1.2 header, if any: `edit` keeps it */
  headerLabel: string | undefined
}

export interface KeyringOptions {
  /** `--encrypt-vault-id`: which id encrypts when several are given */
  encryptLabel?: string | undefined
  /** Where plaintexts and passwords are registered for redaction (default: process-wide) */
  secrets?: SecretSet | undefined
}

export class VaultKeyring {
  readonly secrets: SecretSet
  private readonly encryptLabel: string | undefined

  constructor(
    readonly entries: readonly VaultSecret[],
    opts: KeyringOptions = {},
  ) {
    this.secrets = opts.secrets ?? processSecrets
    this.encryptLabel = opts.encryptLabel
    for (const e of entries) this.secrets.add(e.password)
  }

  get labels(): string[] {
    return [...new Set(this.entries.map((e) => e.label))]
  }

  /** The password that encrypts: the `--encrypt-vault-id` one, else the only one. */
  encryptionSecret(): VaultSecret {
    if (this.encryptLabel !== undefined) {
      const found = this.entries.find((e) => e.label === this.encryptLabel)
      if (found) return found
      throw new TsplayError({
        code: 'VAULT_ENCRYPT_ID',
        message: `--encrypt-vault-id \`${this.encryptLabel}\` is not among the given vault ids (${this.describeLabels()})`,
        hint: 'add --vault-id LABEL@SOURCE for it, or pick one of the given ids',
      })
    }
    if (this.entries.length > 1) {
      throw new TsplayError({
        code: 'VAULT_ENCRYPT_ID',
        message: `several vault passwords can encrypt (${this.describeLabels()})`,
        hint: 'choose one with --encrypt-vault-id LABEL',
      })
    }
    const only = this.entries[0]
    if (!only) throw noPassword('encrypt')
    return only
  }

  encrypt(
    plaintext: Buffer | string,
    secret: VaultSecret = this.encryptionSecret(),
    where = '<input>',
  ): string {
    const data = typeof plaintext === 'string' ? Buffer.from(plaintext) : plaintext
    if (isVaultText(data)) {
      throw new TsplayError({
        code: 'VAULT_ALREADY_ENCRYPTED',
        message: 'already vault-encrypted; refusing to encrypt it twice',
        loc: { file: where, line: 0, column: 0 },
        hint: 'use `tsplay vault rekey` to change its password',
      })
    }
    return encryptBytes(data, secret.password, { label: secret.label })
  }

  /** Decrypts vault text; `where` names the file or value in messages. */
  decrypt(data: string | Buffer, where: string): Decrypted {
    if (!isVaultText(data)) {
      throw new TsplayError({
        code: 'VAULT_NOT_ENCRYPTED',
        message: 'not vault-encrypted: it does not start with `$ANSIBLE_VAULT`',
        loc: { file: where, line: 0, column: 0 },
        hint: 'only files written by `tsplay vault` or `ansible-vault` can be decrypted',
      })
    }
    const envelope = parseVault(data, where)
    if (!this.entries.length) throw noPassword('decrypt', where)
    const ordered = [
      ...this.entries.filter((e) => e.label === envelope.label),
      ...this.entries.filter((e) => e.label !== envelope.label),
    ]
    for (const secret of ordered) {
      const plaintext = decryptEnvelope(envelope, secret.password, where)
      if (plaintext) {
        this.secrets.add(plaintext)
        return { plaintext, secret, headerLabel: envelope.label }
      }
    }
    throw new TsplayError({
      code: 'VAULT_DECRYPT',
      message: `HMAC check failed: wrong password or the file was modified (tried vault ids: ${this.describeLabels()})`,
      loc: { file: where, line: 0, column: 0 },
      hint: envelope.label
        ? `it was encrypted with vault id \`${envelope.label}\`; give its password with --vault-id ${envelope.label}@SOURCE`
        : 'check the password given with --vault-password-file, --vault-id or --ask-vault-pass',
    })
  }

  private describeLabels(): string {
    return this.labels.join(', ') || 'none'
  }
}

function noPassword(action: string, where?: string): TsplayError {
  return new TsplayError({
    code: 'VAULT_NO_PASSWORD',
    message: `a vault password is needed to ${action}${where ? '' : ' data'}`,
    loc: where ? { file: where, line: 0, column: 0 } : undefined,
    hint: 'give one with --vault-password-file FILE, --vault-id LABEL@SOURCE, --ask-vault-pass or TSPLAY_VAULT_PASSWORD_FILE',
  })
}
