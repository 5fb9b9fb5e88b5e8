/** tsplay ⇄ ansible-vault (ansible-core 2.14): the same bytes in both directions. */
import { expect } from 'chai'
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { encryptBytes } from '../../engine/vault/format.js'
import { decryptInline } from '../../engine/vault/files.js'
import { VaultKeyring } from '../../engine/vault/keyring.js'
import { SecretSet } from '../../engine/vault/redact.js'
import { EncryptedString } from '../../engine/yaml/vault-tag.js'
import { parseYamlDocument } from '../../engine/yaml/load.js'
import { REPO, runCli } from '../helpers/cli.js'

const exec = promisify(execFile)
const MB = 1024 * 1024

async function ansible(command: string, args: string[], cwd: string): Promise<string> {
  const { stdout } = await exec(command, args, {
    cwd,
    maxBuffer: 100 * MB,
    env: { ...process.env, ANSIBLE_NOCOLOR: '1' },
  })
  return stdout
}

/** The interpreter ansible-vault runs with, to call ansible's VaultLib directly. */
function ansiblePython(): string {
  const shebang = readFileSync('/usr/bin/ansible-vault', 'utf8').split('\n')[0]!
  return shebang.replace(/^#!\s*/, '').split(' ')[0]!
}

describe('vault interoperability with ansible-vault', function () {
  this.timeout(30_000)
  let dir: string
  const contents: Record<string, Buffer> = {
    empty: Buffer.alloc(0),
    binary: randomBytes(4099),
    unicode: Buffer.from('grafana: "pässwörd ✓ 🔐 日本語"\n'),
    'no-final-newline': Buffer.from('registry_password: abc'),
    'final-newline': Buffer.from('registry_password: abc\n'),
    large: randomBytes(10 * MB),
  }
  const names = Object.keys(contents)
  const file = (name: string): string => join(dir, name)

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsplay-vault-interop-'))
    writeFileSync(join(dir, 'pw'), 'interop-password\n')
    writeFileSync(join(dir, 'dev.pw'), 'dev-password\n')
    writeFileSync(join(dir, 'prod.pw'), 'prod-password\n')
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('tsplay encrypt → ansible-vault decrypt gives back the same bytes (empty, binary, unicode, 10 MB, newlines)', async () => {
    for (const name of names) writeFileSync(file(name), contents[name]!)
    const r = await runCli(['vault', 'encrypt', '--vault-password-file', 'pw', ...names], { cwd: dir })
    expect(r.code, r.stderr).to.equal(0)
    for (const name of names)
      expect(readFileSync(file(name), 'latin1')).to.match(/^\$ANSIBLE_VAULT;1\.1;AES256\n/)
    await ansible('ansible-vault', ['decrypt', '--vault-password-file', 'pw', ...names], dir)
    for (const name of names) expect(readFileSync(file(name)).equals(contents[name]!), name).to.equal(true)
  })

  it('ansible-vault encrypt → tsplay decrypt gives back the same bytes', async () => {
    for (const name of names) writeFileSync(file(name), contents[name]!)
    await ansible('ansible-vault', ['encrypt', '--vault-password-file', 'pw', ...names], dir)
    const r = await runCli(['vault', 'decrypt', '--vault-password-file', 'pw', ...names], { cwd: dir })
    expect(r.code, r.stderr).to.equal(0)
    for (const name of names) expect(readFileSync(file(name)).equals(contents[name]!), name).to.equal(true)
  })

  it('writes exactly the bytes ansible-core writes for the same salt, with and without a vault id', async () => {
    const cases = [0, 1, 15, 16, 17, 79, 80, 1000].map((size) => ({ size, label: size % 2 ? 'prod' : '' }))
    const salt = randomBytes(32)
    const script = `
import json, sys
from ansible.parsing.vault import VaultLib, VaultSecret
args = json.load(sys.stdin)
out = []
for c in args['cases']:
    lib = VaultLib([(c['label'] or 'default', VaultSecret(b'same-salt-pw'))])
    out.append(lib.encrypt(bytes(i % 251 for i in range(c['size'])), vault_id=c['label'] or None, salt=bytes.fromhex(args['salt'])).decode())
print(json.dumps(out))
`
    const child = execFile(ansiblePython(), ['-c', script], { maxBuffer: 10 * MB })
    child.stdin!.end(JSON.stringify({ cases, salt: salt.toString('hex') }))
    const stdout = await new Promise<string>((resolve, reject) => {
      let out = ''
      child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
      child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`python exited ${code}`))))
    })
    const theirs = JSON.parse(stdout) as string[]
    cases.forEach((c, i) => {
      const plain = Buffer.from(Array.from({ length: c.size }, (_, k) => k % 251))
      const ours = encryptBytes(plain, Buffer.from('same-salt-pw'), { label: c.label || undefined, salt })
      expect(ours, `size ${c.size}`).to.equal(theirs[i])
    })
  })

  it('ansible-vault opens the committed demo vault with the demo password', async () => {
    const out = await ansible(
      'ansible-vault',
      ['view', '--vault-password-file', 'vault/demo.password', 'vault/example.yml'],
      REPO,
    )
    expect(out).to.contain('registry_password: demo-registry-password')
  })

  it('vault ids: labels written by each side are read by the other', async () => {
    writeFileSync(file('dev.yml'), 'join_token: dev-token\n')
    let r = await runCli(['vault', 'encrypt', '--vault-id', 'dev@dev.pw', 'dev.yml'], { cwd: dir })
    expect(r.code, r.stderr).to.equal(0)
    expect(readFileSync(file('dev.yml'), 'utf8')).to.match(/^\$ANSIBLE_VAULT;1\.2;AES256;dev\n/)
    const plain = await ansible(
      'ansible-vault',
      ['view', '--vault-id', 'prod@prod.pw', '--vault-id', 'dev@dev.pw', 'dev.yml'],
      dir,
    )
    expect(plain).to.equal('join_token: dev-token\n')

    writeFileSync(file('prod.yml'), 'db_password: prod-db\n')
    await ansible('ansible-vault', ['encrypt', '--vault-id', 'prod@prod.pw', 'prod.yml'], dir)
    expect(readFileSync(file('prod.yml'), 'utf8')).to.match(/^\$ANSIBLE_VAULT;1\.2;AES256;prod\n/)
    r = await runCli(
      ['vault', 'view', '--vault-id', 'dev@dev.pw', '--vault-id', 'prod@prod.pw', 'prod.yml'],
      { cwd: dir },
    )
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout).to.equal('db_password: prod-db\n')
  })

  it('encrypt-string: ours is read by ansible, theirs is read by us, same layout', async () => {
    const r = await runCli(
      ['vault', 'encrypt-string', '--vault-password-file', 'pw', '--stdin-name', 'registry_password'],
      { cwd: dir, input: 'Regi$try pässword' },
    )
    expect(r.code, r.stderr).to.equal(0)
    writeFileSync(file('vars.yml'), `---\nother: 1\n${r.stdout}`)
    const debug = await ansible(
      'ansible',
      [
        'localhost',
        '-m',
        'debug',
        '-a',
        'var=registry_password',
        '-e',
        '@vars.yml',
        '--vault-password-file',
        'pw',
      ],
      dir,
    )
    expect(debug).to.contain('"registry_password": "Regi$try pässword"')

    const child = execFile(
      'ansible-vault',
      ['encrypt_string', '--vault-password-file', 'pw', '--stdin-name', 'registry_password'],
      { cwd: dir },
    )
    child.stdin!.end('Regi$try pässword')
    const theirs = await new Promise<string>((resolve) => {
      let out = ''
      child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
      child.on('close', () => resolve(out))
    })
    const keyring = new VaultKeyring(
      [{ label: 'default', password: Buffer.from('interop-password'), source: 't' }],
      {
        secrets: new SecretSet(),
      },
    )
    const data = parseYamlDocument(theirs, 'theirs') as Record<string, EncryptedString>
    expect(decryptInline(data['registry_password']!, keyring)).to.equal('Regi$try pässword')
    // Same shape: ansible prints no final newline, we add one.
    const shape = (s: string): string => s.trimEnd().replace(/[0-9a-f]/g, 'h')
    expect(shape(r.stdout)).to.equal(shape(theirs))
  })
})
