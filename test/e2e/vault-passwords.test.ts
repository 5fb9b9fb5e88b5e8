/** `tsplay vault encrypt-string` and password sources, end to end; outputs are checked for leaks. */
import { expect } from 'chai'
import { writeFileSync } from 'node:fs'
import { decryptInline } from '../../engine/vault/files.js'
import type { EncryptedString } from '../../engine/yaml/vault-tag.js'
import { parseYamlDocument } from '../../engine/yaml/load.js'
import { PASSWORDS, PLAIN, STRING_SECRET, vaultSandbox } from '../fixtures/vault/cli-harness.js'

describe('tsplay vault (CLI): strings and passwords', function () {
  this.timeout(20_000)
  const { path, read, tsplay, keyring } = vaultSandbox()

  it('encrypt-string: from an argument, stdin and prompts, as pasteable blocks', async () => {
    const parse = (out: string): Record<string, EncryptedString> =>
      parseYamlDocument(out, 'out') as Record<string, EncryptedString>
    const ring = keyring(PASSWORDS[0]!)
    let r = await tsplay([
      'encrypt-string',
      '--vault-password-file',
      'pw',
      '--name',
      'db_password',
      'db-pass-value',
    ])
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout).to.match(
      /^db_password: !vault \|\n {10}\$ANSIBLE_VAULT;1\.1;AES256\n( {10}[0-9a-f]{1,80}\n)+$/,
    )
    expect(decryptInline(parse(r.stdout)['db_password']!, ring)).to.equal('db-pass-value')
    r = await tsplay(['encrypt-string', '--vault-password-file', 'pw', '--stdin-name', 'token'], {
      input: `${STRING_SECRET}\n`,
    })
    expect(r.stderr).to.contain('ends with a newline')
    expect(decryptInline(parse(r.stdout)['token']!, ring)).to.equal(`${STRING_SECRET}\n`)
    r = await tsplay(['encrypt-string', '--vault-password-file', 'pw', '--name', 'from_dash', '-'], {
      input: STRING_SECRET,
    })
    expect(decryptInline(parse(r.stdout)['from_dash']!, ring)).to.equal(STRING_SECRET)
    // --prompt without a terminal: the name, then the value, one line each; the password too with -J
    r = await tsplay(['encrypt-string', '--ask-vault-pass', '--prompt'], {
      input: `${PASSWORDS[3]}\nprompted_name\n${STRING_SECRET}\n`,
    })
    expect(r.code, r.stderr).to.equal(0)
    expect(decryptInline(parse(r.stdout)['prompted_name']!, keyring(PASSWORDS[3]!))).to.equal(STRING_SECRET)
    r = await tsplay([
      'encrypt-string',
      '--vault-password-file',
      'pw',
      '-n',
      'a_one',
      '-n',
      'a_two',
      'value-one',
      'value-two',
    ])
    const both = parse(r.stdout)
    expect([decryptInline(both['a_one']!, ring), decryptInline(both['a_two']!, ring)]).to.deep.equal([
      'value-one',
      'value-two',
    ])
  })

  it('password sources: script, *-client script, prompt on stdin, environment', async () => {
    writeFileSync(path('get-pw.sh'), `#!/bin/sh\necho ${PASSWORDS[4]}\n`, { mode: 0o755 })
    let r = await tsplay(['encrypt', '--vault-password-file', './get-pw.sh', 'secrets.yml'])
    expect(r.code, r.stderr).to.equal(0)
    expect(keyring(PASSWORDS[4]!).decrypt(read('secrets.yml'), 'f').plaintext.toString()).to.equal(PLAIN)

    writeFileSync(
      path('keys-client.sh'),
      `#!/bin/sh\necho "$@" > client-args\n[ "$2" = prod ] && echo ${PASSWORDS[4]} && exit 0\nexit 2\n`,
      { mode: 0o755 },
    )
    r = await tsplay(
      ['rekey', '--vault-id', 'prod@./keys-client.sh', '--new-vault-id', 'prod@prompt', 'secrets.yml'],
      {
        input: `${PASSWORDS[3]}\n`,
      },
    )
    expect(r.code, r.stderr).to.equal(0)
    expect(read('client-args').toString()).to.equal('--vault-id prod\n')
    expect(read('secrets.yml').toString()).to.match(/;prod\n/)
    r = await tsplay(['view', '--vault-id', 'qa@./keys-client.sh', 'secrets.yml'])
    expect(r.code).to.equal(5)
    expect(r.stderr).to.contain('has no secret for vault id `qa`')

    r = await tsplay(['view', '--ask-vault-pass', 'secrets.yml'], {
      input: `${PASSWORDS[3]}\n`,
      plaintextOut: true,
    })
    expect(r.stdout).to.equal(PLAIN)
    r = await tsplay(['encrypt', '--ask-vault-pass', '-'], { input: `${PASSWORDS[3]}\n${PLAIN}` })
    expect(keyring(PASSWORDS[3]!).decrypt(r.stdout, 'f').plaintext.toString()).to.equal(PLAIN)
    r = await tsplay(['view', 'secrets.yml'], { env: { TSPLAY_VAULT_PASSWORD_FILE: path('new.pw') } })
    expect(r.code).to.equal(5)
    r = await tsplay(['view', '--vault-id', 'x@prompt', 'secrets.yml'], {
      input: `${PASSWORDS[3]}\n`,
      plaintextOut: true,
    })
    expect(r.stdout).to.equal(PLAIN)
    writeFileSync(path('prompt.pw'), `${PASSWORDS[3]}\n`)
    r = await tsplay(['view', 'secrets.yml'], {
      env: { TSPLAY_VAULT_PASSWORD_FILE: path('prompt.pw') },
      plaintextOut: true,
    })
    expect(r.stdout).to.equal(PLAIN)
  })

  it('several vault ids: --encrypt-vault-id chooses, none given is an error, no password is an error', async () => {
    const ids = ['--vault-id', 'default@pw', '--vault-id', 'dev@dev.pw']
    let r = await tsplay(['encrypt', ...ids, 'secrets.yml'])
    expect(r.code).to.equal(5)
    expect(r.stderr).to.contain('--encrypt-vault-id')
    r = await tsplay(['encrypt', ...ids, '--encrypt-vault-id', 'dev', 'secrets.yml'])
    expect(r.code, r.stderr).to.equal(0)
    expect(read('secrets.yml').toString()).to.match(/^\$ANSIBLE_VAULT;1\.2;AES256;dev\n/)
    r = await tsplay(['view', 'secrets.yml'])
    expect(r.code).to.equal(5)
    expect(r.stderr).to.contain('VAULT_NO_PASSWORD')
  })
})
