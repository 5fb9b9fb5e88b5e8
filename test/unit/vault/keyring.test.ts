import { expect } from 'chai'
import { randomBytes } from 'node:crypto'
import { isTsplayError } from '../../../engine/errors.js'
import { encryptBytes } from '../../../engine/vault/format.js'
import { VaultKeyring } from '../../../engine/vault/keyring.js'
import { keyDerivationCount } from '../../../engine/vault/keys.js'
import { SecretSet } from '../../../engine/vault/redact.js'
import type { VaultSecret } from '../../../engine/vault/sources.js'

const secret = (label: string, password: string): VaultSecret => ({
  label,
  password: Buffer.from(password),
  source: 'test',
})

function errorOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn()
  } catch (err) {
    if (isTsplayError(err)) return err
    throw err
  }
  throw new Error('expected an error')
}

describe('vault keyring', () => {
  it('derives the key once per (password, salt), not once per decryption', () => {
    const keyring = new VaultKeyring([secret('default', 'pw-cache')], { secrets: new SecretSet() })
    const text = encryptBytes(Buffer.from('cached'), Buffer.from('pw-cache'))
    const before = keyDerivationCount()
    for (let i = 0; i < 200; i++) expect(keyring.decrypt(text, 'v').plaintext.toString()).to.equal('cached')
    // encryptBytes already derived this pair
    expect(keyDerivationCount() - before).to.equal(0)
    const other = encryptBytes(Buffer.from('x'), Buffer.from('pw-cache'))
    const before2 = keyDerivationCount()
    keyring.decrypt(other, 'v')
    keyring.decrypt(other, 'v')
    expect(keyDerivationCount() - before2).to.equal(0)
    const fresh = encryptBytes(Buffer.from('y'), Buffer.from('pw-cache'), { salt: randomBytes(32) })
    expect(keyDerivationCount() - before2).to.equal(1)
    keyring.decrypt(fresh, 'v')
    expect(keyDerivationCount() - before2).to.equal(1)
  })

  it('tries the vault id named in a 1.2 header first, then the others', () => {
    const keyring = new VaultKeyring([secret('dev', 'dev-pw'), secret('prod', 'prod-pw')], {
      secrets: new SecretSet(),
    })
    const labelled = encryptBytes(Buffer.from('p'), Buffer.from('prod-pw'), { label: 'prod' })
    let before = keyDerivationCount()
    const result = keyring.decrypt(labelled, 'v')
    expect(result.secret.label).to.equal('prod')
    expect(result.headerLabel).to.equal('prod')
    // only the matching password was tried (encryption derived it already): no new derivation
    expect(keyDerivationCount() - before).to.equal(0)
    // an unlabelled vault made with prod's password: dev is tried (one derivation), then prod
    const unlabelled = encryptBytes(Buffer.from('q'), Buffer.from('prod-pw'))
    before = keyDerivationCount()
    expect(keyring.decrypt(unlabelled, 'v').secret.label).to.equal('prod')
    expect(keyDerivationCount() - before).to.equal(1)
    // a wrong label in the header does not prevent the right password from working
    const mislabelled = encryptBytes(Buffer.from('r'), Buffer.from('dev-pw'), { label: 'prod' })
    expect(keyring.decrypt(mislabelled, 'v').plaintext.toString()).to.equal('r')
  })

  it('fails with one paragraph naming the file when no password matches', () => {
    const keyring = new VaultKeyring([secret('default', 'nope')], { secrets: new SecretSet() })
    const err = errorOf(() =>
      keyring.decrypt(encryptBytes(Buffer.from('x'), Buffer.from('pw')), 'vault/prod.yml'),
    )
    expect(err.code).to.equal('VAULT_DECRYPT')
    expect(err.message).to.match(
      /^vault\/prod\.yml: error VAULT_DECRYPT: HMAC check failed: wrong password or the file was modified/,
    )
    expect(err.message).not.to.contain('\n')
    expect(err.message).not.to.contain('nope')
  })

  it('refuses to encrypt vault text and to decrypt plain text', () => {
    const keyring = new VaultKeyring([secret('default', 'pw12')], { secrets: new SecretSet() })
    const vaulted = keyring.encrypt('hello')
    expect(errorOf(() => keyring.encrypt(vaulted)).code).to.equal('VAULT_ALREADY_ENCRYPTED')
    expect(errorOf(() => keyring.decrypt('hello', 'f')).code).to.equal('VAULT_NOT_ENCRYPTED')
    expect(errorOf(() => new VaultKeyring([]).decrypt(vaulted, 'f')).code).to.equal('VAULT_NO_PASSWORD')
  })

  it('chooses the encrypting password: the only one, or --encrypt-vault-id', () => {
    const two = [secret('dev', 'dev-pw'), secret('prod', 'prod-pw')]
    expect(errorOf(() => new VaultKeyring(two).encryptionSecret()).code).to.equal('VAULT_ENCRYPT_ID')
    expect(new VaultKeyring(two, { encryptLabel: 'prod' }).encryptionSecret().label).to.equal('prod')
    expect(errorOf(() => new VaultKeyring(two, { encryptLabel: 'qa' }).encryptionSecret()).code).to.equal(
      'VAULT_ENCRYPT_ID',
    )
    expect(errorOf(() => new VaultKeyring([]).encryptionSecret()).code).to.equal('VAULT_NO_PASSWORD')
    const text = new VaultKeyring(two, { encryptLabel: 'prod' }).encrypt('x')
    expect(text).to.match(/^\$ANSIBLE_VAULT;1\.2;AES256;prod\n/)
  })

  it('registers passwords and plaintexts for redaction', () => {
    const secrets = new SecretSet()
    const keyring = new VaultKeyring([secret('default', 'the-password')], { secrets })
    keyring.decrypt(keyring.encrypt('db-secret-value'), 'f')
    expect(secrets.redact('pw=the-password v=db-secret-value')).to.equal('pw=******** v=********')
  })
})
