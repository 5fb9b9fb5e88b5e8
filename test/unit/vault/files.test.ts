import { expect } from 'chai'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decryptInline, readMaybeVaulted, writeFileAtomic } from '../../../engine/vault/files.js'
import { VaultKeyring } from '../../../engine/vault/keyring.js'
import { SecretSet } from '../../../engine/vault/redact.js'
import { EncryptedString } from '../../../engine/yaml/vault-tag.js'
import { parseYamlDocument } from '../../../engine/yaml/load.js'
import { REPO } from '../../helpers/cli.js'

const FIXTURES = join(REPO, 'test/fixtures/vault')

describe('vault files and inline values', () => {
  let dir: string
  const keyring = new VaultKeyring(
    [{ label: 'default', password: Buffer.from('fixture-password'), source: 't' }],
    {
      secrets: new SecretSet(),
    },
  )
  before(() => (dir = mkdtempSync(join(tmpdir(), 'tsplay-vault-files-'))))
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('decrypts an inline `!vault |` value written by ansible-vault encrypt_string', () => {
    const data = parseYamlDocument(readFileSync(join(FIXTURES, 'ansible-string.yml'), 'utf8'), 'f') as Record<
      string,
      unknown
    >
    expect(data['join_token']).to.be.instanceOf(EncryptedString)
    expect(decryptInline(data['join_token'] as EncryptedString, keyring)).to.equal('k8s-join-token-42')
    expect(keyring.secrets.has('k8s-join-token-42')).to.equal(true)
  })

  it('reads vaulted files as plaintext and plain files as they are', () => {
    const plain = readFileSync(join(FIXTURES, 'plain.yml'), 'utf8')
    expect(readMaybeVaulted(join(FIXTURES, 'ansible-1.1.vault'), keyring)).to.equal(plain)
    expect(readMaybeVaulted(join(FIXTURES, 'plain.yml'), keyring)).to.equal(plain)
  })

  it('decrypts the committed demo vault with the demo password', () => {
    const demo = new VaultKeyring([{ label: 'default', password: Buffer.from('tsplay-demo'), source: 't' }], {
      secrets: new SecretSet(),
    })
    const text = readMaybeVaulted(join(REPO, 'vault/example.yml'), demo)
    const data = parseYamlDocument(text, 'vault/example.yml') as Record<string, unknown>
    expect(data['registry_password']).to.equal('demo-registry-password')
    expect(readFileSync(join(REPO, 'vault/demo.password'), 'utf8').trim()).to.equal('tsplay-demo')
  })

  it('names the file when an inline value or a file cannot be decrypted', () => {
    const wrong = new VaultKeyring([{ label: 'default', password: Buffer.from('nope'), source: 't' }])
    expect(() => readMaybeVaulted(join(FIXTURES, 'ansible-1.1.vault'), wrong)).to.throw(
      /ansible-1\.1\.vault: error VAULT_DECRYPT/,
    )
    const value = new EncryptedString(readFileSync(join(FIXTURES, 'ansible-1.1.vault'), 'utf8'))
    expect(() => decryptInline(value, wrong, 'group_vars/all.yml:3')).to.throw(
      /^group_vars\/all\.yml:3: error VAULT_DECRYPT/,
    )
  })

  it('writes atomically, keeps the mode, follows symlinks and leaves no temporary file', () => {
    const file = join(dir, 'vars.yml')
    writeFileSync(file, 'old', { mode: 0o640 })
    symlinkSync(file, join(dir, 'link.yml'))
    writeFileAtomic(join(dir, 'link.yml'), 'new')
    expect(readFileSync(file, 'utf8')).to.equal('new')
    expect(statSync(file).mode & 0o777).to.equal(0o640)
    writeFileAtomic(join(dir, 'fresh.yml'), 'x')
    expect(statSync(join(dir, 'fresh.yml')).mode & 0o777).to.equal(0o600)
    expect(readdirSync(dir).sort()).to.deep.equal(['fresh.yml', 'link.yml', 'vars.yml'])
    expect(() => writeFileAtomic(join(dir, 'no/such/dir.yml'), 'x')).to.throw(/FILE_UNWRITABLE/)
  })
})
