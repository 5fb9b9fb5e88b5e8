import { expect } from 'chai'
import { createCipheriv, createHmac, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { isTsplayError } from '../../../engine/errors.js'
import {
  decryptEnvelope,
  encryptBytes,
  formatVault,
  isVaultText,
  parseVault,
} from '../../../engine/vault/format.js'
import { deriveKeys } from '../../../engine/vault/keys.js'
import { REPO } from '../../helpers/cli.js'

const FIXTURES = join(REPO, 'test/fixtures/vault')
const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name))
const FIXED_SALT = Buffer.from(Array.from({ length: 32 }, (_, i) => i))
const pw = Buffer.from('fixture-password')

function expectCode(fn: () => unknown, code: string): void {
  try {
    fn()
  } catch (err) {
    expect(isTsplayError(err), String(err)).to.equal(true)
    expect((err as { code: string }).code).to.equal(code)
    return
  }
  expect.fail(`expected ${code}`)
}

describe('vault format', () => {
  it('encrypts byte for byte as ansible-core does with the same salt (1.1)', () => {
    const ours = encryptBytes(fixture('plain.yml'), pw, { salt: FIXED_SALT })
    expect(ours).to.equal(fixture('fixed-salt-1.1.vault').toString('latin1'))
  })

  it('encrypts byte for byte as ansible-core does with a vault id (1.2)', () => {
    const ours = encryptBytes(Buffer.from('join_token: abc.def\n'), Buffer.from('dev-password'), {
      label: 'dev',
      salt: FIXED_SALT,
    })
    expect(ours).to.equal(fixture('fixed-salt-1.2-dev.vault').toString('latin1'))
  })

  it('writes 80-column lines, a header and a final newline', () => {
    const text = encryptBytes(randomBytes(1000), pw)
    const lines = text.split('\n')
    expect(lines[0]).to.equal('$ANSIBLE_VAULT;1.1;AES256')
    expect(lines.at(-1)).to.equal('')
    for (const line of lines.slice(1, -2)) expect(line).to.have.length(80)
    expect(lines.at(-2)!.length).to.be.within(1, 80)
    expect(text).to.match(/^[^\n]+\n([0-9a-f]+\n)+$/)
  })

  it('writes a 1.1 header for the `default` vault id', () => {
    expect(encryptBytes(Buffer.from('x'), pw, { label: 'default' })).to.match(
      /^\$ANSIBLE_VAULT;1\.1;AES256\n/,
    )
  })

  it('parses headers, labels, CRLF line endings and indentation', () => {
    const text = encryptBytes(Buffer.from('v'), pw, { label: 'prod' })
    expect(parseVault(text, 'f').label).to.equal('prod')
    expect(parseVault(text, 'f').version).to.equal('1.2')
    const crlf = text.replace(/\n/g, '\r\n')
    expect(decryptEnvelope(parseVault(crlf, 'f'), pw, 'f')!.toString()).to.equal('v')
    const indented = text
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n')
      .trimStart()
    expect(decryptEnvelope(parseVault(indented, 'f'), pw, 'f')!.toString()).to.equal('v')
  })

  it('rejects unknown versions and ciphers, non-hex bodies and missing parts', () => {
    const text = encryptBytes(Buffer.from('v'), pw)
    expectCode(() => parseVault(text.replace('1.1', '9.9'), 'f'), 'VAULT_FORMAT')
    expectCode(() => parseVault(text.replace('AES256', 'AES'), 'f'), 'VAULT_FORMAT')
    expectCode(() => parseVault(text.replace(/\n3/, '\nz'), 'f'), 'VAULT_FORMAT')
    expectCode(() => parseVault(text.slice(0, -2), 'f'), 'VAULT_FORMAT')
    expectCode(() => parseVault('$ANSIBLE_VAULT;1.1;AES256\n6162\n', 'f'), 'VAULT_FORMAT')
    expectCode(() => parseVault('hello', 'f'), 'VAULT_FORMAT')
  })

  it('recognises vault text the way Ansible does (by its first bytes)', () => {
    expect(isVaultText('$ANSIBLE_VAULT;1.1;AES256\n')).to.equal(true)
    expect(isVaultText(Buffer.from('$ANSIBLE_VAULT;1.2;AES256;x\n'))).to.equal(true)
    expect(isVaultText(' $ANSIBLE_VAULT')).to.equal(false)
    expect(isVaultText('')).to.equal(false)
  })

  it('pads with PKCS#7: 1 to 16 bytes, always a whole number of blocks', () => {
    for (const size of [0, 1, 15, 16, 17, 31, 32]) {
      const plain = randomBytes(size)
      const env = parseVault(encryptBytes(plain, pw), 'f')
      const expected = (Math.floor(size / 16) + 1) * 16
      expect(env.ciphertext.length, `size ${size}`).to.equal(expected)
      expect(decryptEnvelope(env, pw, 'f')!.equals(plain)).to.equal(true)
    }
  })

  it('rejects bad padding even under a valid HMAC', () => {
    const salt = randomBytes(32)
    const keys = deriveKeys(pw, salt)
    const cipher = createCipheriv('aes-256-ctr', keys.cipherKey, keys.iv)
    const ciphertext = Buffer.concat([cipher.update(Buffer.alloc(16, 0x20)), cipher.final()])
    const hmac = createHmac('sha256', keys.hmacKey).update(ciphertext).digest()
    const env = parseVault(formatVault({ label: undefined, salt, hmac, ciphertext }), 'f')
    expectCode(() => decryptEnvelope(env, pw, 'f'), 'VAULT_FORMAT')
  })

  it('reports an HMAC mismatch for a wrong password or one flipped hex digit', () => {
    const text = encryptBytes(Buffer.from('secret value'), pw)
    expect(decryptEnvelope(parseVault(text, 'f'), Buffer.from('wrong'), 'f')).to.equal(undefined)
    const env = parseVault(text, 'f')
    env.ciphertext[3] = env.ciphertext[3]! ^ 1
    expect(decryptEnvelope(env, pw, 'f')).to.equal(undefined)
    env.ciphertext[3] = env.ciphertext[3]! ^ 1
    env.hmac[0] = env.hmac[0]! ^ 0x10
    expect(decryptEnvelope(env, pw, 'f')).to.equal(undefined)
  })

  it('decrypts files written by ansible-vault', () => {
    const env = parseVault(fixture('ansible-1.2-dev.vault'), 'f')
    expect(env.label).to.equal('dev')
    expect(decryptEnvelope(env, Buffer.from('dev-password'), 'f')!.equals(fixture('plain.yml'))).to.equal(
      true,
    )
    const env11 = parseVault(fixture('ansible-1.1.vault'), 'f')
    expect(decryptEnvelope(env11, pw, 'f')!.equals(fixture('plain.yml'))).to.equal(true)
  })
})
