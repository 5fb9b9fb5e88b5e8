/** `tsplay vault` on files, end to end as a user runs it; every output is checked for leaked secrets. */
import { expect } from 'chai'
import { readdirSync, writeFileSync } from 'node:fs'
import { PASSWORDS, PLAIN, vaultSandbox } from '../fixtures/vault/cli-harness.js'

describe('tsplay vault (CLI)', function () {
  this.timeout(20_000)
  const { path, read, mode, tsplay, keyring } = vaultSandbox()
  const dirEntries = (): string[] => readdirSync(path('.')).sort()

  it('has help with examples for the command and every sub-command', async () => {
    const top = await tsplay(['--help'])
    expect(top.code).to.equal(0)
    for (const sub of ['encrypt', 'decrypt', 'view', 'edit', 'create', 'rekey', 'encrypt-string']) {
      expect(top.stdout).to.contain(`  ${sub} `)
      const r = await tsplay(['help', sub])
      expect(r.code).to.equal(0)
      expect(r.stdout).to.match(new RegExp(`^Usage: tsplay vault ${sub}`))
      expect(r.stdout).to.match(/Examples?:\n {2}/)
      expect(r.stdout).to.contain('--vault-password-file')
    }
    const viaMain = await tsplay(['encrypt', '--help'])
    expect(viaMain.code).to.equal(0)
    expect(viaMain.stdout).to.match(/^Usage: tsplay vault encrypt/)
    expect((await tsplay([])).code).to.equal(5)
    const typo = await tsplay(['encrpyt', 'x'])
    expect(typo.code).to.equal(5)
    expect(typo.stderr).to.contain('did you mean `tsplay vault encrypt`?')
  })

  it('encrypts, views and decrypts in place, keeping the mode and leaving no temporary file', async () => {
    let r = await tsplay(['encrypt', '--vault-password-file', 'pw', 'secrets.yml'])
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stderr).to.contain('encrypted secrets.yml')
    expect(read('secrets.yml').toString()).to.match(/^\$ANSIBLE_VAULT;1\.1;AES256\n/)
    expect(mode('secrets.yml')).to.equal(0o640)
    expect(dirEntries()).to.deep.equal(['dev.pw', 'new.pw', 'pw', 'secrets.yml', 'wrong.pw'])
    r = await tsplay(['view', '--vault-password-file', 'pw', 'secrets.yml'], { plaintextOut: true })
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout).to.equal(PLAIN)
    r = await tsplay(['decrypt', '--vault-password-file', 'pw', 'secrets.yml'])
    expect(r.code, r.stderr).to.equal(0)
    expect(read('secrets.yml').toString()).to.equal(PLAIN)
    expect(mode('secrets.yml')).to.equal(0o640)
  })

  it('writes to --output FILE or stdout and reads stdin for `-`', async () => {
    let r = await tsplay(['encrypt', '--vault-password-file', 'pw', '--output', 'out.vault', 'secrets.yml'])
    expect(r.code, r.stderr).to.equal(0)
    expect(read('secrets.yml').toString()).to.equal(PLAIN)
    expect(mode('out.vault')).to.equal(0o600)
    r = await tsplay(['decrypt', '--vault-password-file', 'pw', '--output', '-', 'out.vault'], {
      plaintextOut: true,
    })
    expect(r.stdout).to.equal(PLAIN)
    r = await tsplay(['encrypt', '--vault-password-file', 'pw', '-'], { input: PLAIN })
    expect(r.stdout).to.match(/^\$ANSIBLE_VAULT;1\.1;AES256\n/)
    const back = await tsplay(['decrypt', '--vault-password-file', 'pw', '-'], {
      input: r.stdout,
      plaintextOut: true,
    })
    expect(back.stdout).to.equal(PLAIN)
    r = await tsplay(['encrypt', '--vault-password-file', 'pw', '--output', 'x', 'secrets.yml', 'pw'])
    expect(r.code).to.equal(5)
    expect(r.stderr).to.contain('--output takes a single input file')
  })

  it('wrong password: exit 5, one paragraph naming the file, files unchanged byte for byte', async () => {
    await tsplay(['encrypt', '--vault-password-file', 'pw', 'secrets.yml'])
    writeFileSync(path('other.yml'), PLAIN)
    await tsplay(['encrypt', '--vault-password-file', 'wrong.pw', 'other.yml'])
    const before = read('secrets.yml')
    const otherBefore = read('other.yml')
    for (const sub of ['view', 'decrypt', 'rekey']) {
      const extra = sub === 'rekey' ? ['--new-vault-password-file', 'new.pw'] : []
      const r = await tsplay([sub, '--vault-password-file', 'wrong.pw', ...extra, 'other.yml', 'secrets.yml'])
      expect(r.code, sub).to.equal(5)
      expect(r.stderr).to.match(
        /^secrets\.yml: error VAULT_DECRYPT: HMAC check failed: wrong password or the file was modified/,
      )
      expect(r.stderr.trim().split('\n')).to.have.length(1)
      expect(read('secrets.yml').equals(before)).to.equal(true)
      // other.yml decrypts with wrong.pw, but nothing is written when one file fails
      expect(read('other.yml').equals(otherBefore), sub).to.equal(true)
    }
  })

  it('detects tampering: one flipped hex digit fails the HMAC and changes nothing', async () => {
    await tsplay(['encrypt', '--vault-password-file', 'pw', 'secrets.yml'])
    // Change one ciphertext digit (last line), keeping the text valid hex: only the HMAC can notice.
    const lines = read('secrets.yml').toString().split('\n')
    const last = lines.length - 2
    const line = lines[last]!
    const at = [...line].findIndex((ch, i) => i % 2 === 1 && line[i - 1] === '3' && /\d/.test(ch))
    lines[last] = line.slice(0, at) + String((Number(line[at]) + 1) % 10) + line.slice(at + 1)
    writeFileSync(path('secrets.yml'), lines.join('\n'))
    const tampered = read('secrets.yml')
    const r = await tsplay(['decrypt', '--vault-password-file', 'pw', 'secrets.yml'])
    expect(r.code).to.equal(5)
    expect(r.stderr).to.contain('HMAC check failed')
    expect(read('secrets.yml').equals(tampered)).to.equal(true)
  })

  it('refuses to encrypt an encrypted file and to decrypt a plain one', async () => {
    await tsplay(['encrypt', '--vault-password-file', 'pw', 'secrets.yml'])
    const vaulted = read('secrets.yml')
    writeFileSync(path('plain.yml'), 'a: 1\n')
    let r = await tsplay(['encrypt', '--vault-password-file', 'pw', 'plain.yml', 'secrets.yml'])
    expect(r.code).to.equal(5)
    expect(r.stderr).to.match(/^secrets\.yml: error VAULT_ALREADY_ENCRYPTED/)
    expect(read('secrets.yml').equals(vaulted)).to.equal(true)
    expect(read('plain.yml').toString()).to.equal('a: 1\n')
    r = await tsplay(['decrypt', '--vault-password-file', 'pw', 'plain.yml'])
    expect(r.code).to.equal(5)
    expect(r.stderr).to.match(/^plain\.yml: error VAULT_NOT_ENCRYPTED/)
    expect(read('plain.yml').toString()).to.equal('a: 1\n')
  })

  it('rekeys with a new password file or a new vault id, keeping the mode', async () => {
    await tsplay(['encrypt', '--vault-password-file', 'pw', 'secrets.yml'])
    let r = await tsplay([
      'rekey',
      '--vault-password-file',
      'pw',
      '--new-vault-password-file',
      'new.pw',
      'secrets.yml',
    ])
    expect(r.code, r.stderr).to.equal(0)
    expect((await tsplay(['view', '--vault-password-file', 'pw', 'secrets.yml'])).code).to.equal(5)
    expect(keyring(PASSWORDS[2]!).decrypt(read('secrets.yml'), 'f').plaintext.toString()).to.equal(PLAIN)
    r = await tsplay([
      'rekey',
      '--vault-password-file',
      'new.pw',
      '--new-vault-id',
      'dev@dev.pw',
      'secrets.yml',
    ])
    expect(r.code, r.stderr).to.equal(0)
    expect(read('secrets.yml').toString()).to.match(/^\$ANSIBLE_VAULT;1\.2;AES256;dev\n/)
    expect(mode('secrets.yml')).to.equal(0o640)
    r = await tsplay(['view', '--vault-id', 'dev@dev.pw', 'secrets.yml'], { plaintextOut: true })
    expect(r.stdout).to.equal(PLAIN)
  })
})
