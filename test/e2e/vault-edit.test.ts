/** `tsplay vault edit|create`: the plaintext copy is private and always removed, even on Ctrl-C. */
import { expect } from 'chai'
import { spawn } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { VaultKeyring } from '../../engine/vault/keyring.js'
import { SecretSet } from '../../engine/vault/redact.js'
import { CLI, runCli, type CliResult } from '../helpers/cli.js'

const PASSWORD = 'edit-password-1'
const SECRET = 'grafana-secret-value'
const PLAIN = `grafana_admin_password: ${SECRET}\n`

describe('tsplay vault edit and create', function () {
  this.timeout(20_000)
  let dir: string
  const path = (name: string): string => join(dir, name)
  const read = (name: string): Buffer => readFileSync(path(name))
  const ring = new VaultKeyring([{ label: 'dev', password: Buffer.from(PASSWORD), source: 't' }], {
    secrets: new SecretSet(),
  })
  const plaintextOf = (name: string): string => ring.decrypt(read(name), name).plaintext.toString()

  /** An EDITOR script: records the copy's path and modes in `marker`, then runs `body`. */
  function editor(name: string, body: string): string {
    const script = path(name)
    writeFileSync(
      script,
      `#!/bin/sh\necho "$(stat -c %a "$(dirname "$1")") $(stat -c %a "$1") $1" > ${path('marker')}\n${body}\n`,
    )
    chmodSync(script, 0o755)
    return script
  }
  const marker = (): { dirMode: string; fileMode: string; copy: string } => {
    const [dirMode, fileMode, copy] = readFileSync(path('marker'), 'utf8').trim().split(' ')
    return { dirMode: dirMode!, fileMode: fileMode!, copy: copy! }
  }

  async function tsplay(args: string[], editorCommand: string): Promise<CliResult> {
    const r = await runCli(['vault', ...args], { cwd: dir, env: { EDITOR: editorCommand } })
    for (const out of [r.stdout, r.stderr]) {
      expect(out).not.to.contain(PASSWORD)
      expect(out).not.to.contain(SECRET)
    }
    return r
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsplay-vault-edit-'))
    writeFileSync(path('pw'), `${PASSWORD}\n`)
    writeFileSync(path('vault.yml'), ring.encrypt(PLAIN, ring.entries[0]), { mode: 0o640 })
    chmodSync(path('vault.yml'), 0o640)
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('re-encrypts a changed file with the same vault id and mode; the copy was private and is gone', async () => {
    const ed = editor('ed.sh', `printf 'extra: added\\n' >> "$1"`)
    const r = await tsplay(['edit', '--vault-id', 'dev@pw', 'vault.yml'], `sh ${ed}`)
    expect(r.code, r.stderr).to.equal(0)
    expect(read('vault.yml').toString()).to.match(/^\$ANSIBLE_VAULT;1\.2;AES256;dev\n/)
    expect(plaintextOf('vault.yml')).to.equal(`${PLAIN}extra: added\n`)
    expect(statSync(path('vault.yml')).mode & 0o777).to.equal(0o640)
    const m = marker()
    expect([m.dirMode, m.fileMode]).to.deep.equal(['700', '600'])
    expect(m.copy).to.match(/\.yml$/)
    expect(existsSync(dirname(m.copy))).to.equal(false)
  })

  it('does not re-encrypt an unchanged file (bytes identical)', async () => {
    const before = read('vault.yml')
    const r = await tsplay(['edit', '--vault-password-file', 'pw', 'vault.yml'], editor('noop.sh', 'exit 0'))
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stderr).to.contain('unchanged')
    expect(read('vault.yml').equals(before)).to.equal(true)
    expect(existsSync(dirname(marker().copy))).to.equal(false)
  })

  it('discards the changes when the editor fails, and refuses a wrong password before editing', async () => {
    const before = read('vault.yml')
    let r = await tsplay(
      ['edit', '--vault-password-file', 'pw', 'vault.yml'],
      editor('fail.sh', `echo x >> "$1"; exit 1`),
    )
    expect(r.code).to.equal(5)
    expect(r.stderr).to.contain('VAULT_EDITOR')
    expect(read('vault.yml').equals(before)).to.equal(true)
    expect(existsSync(dirname(marker().copy))).to.equal(false)
    writeFileSync(path('wrong'), 'wrong-password\n')
    rmSync(path('marker'))
    r = await tsplay(['edit', '--vault-password-file', 'wrong', 'vault.yml'], editor('ed2.sh', 'exit 0'))
    expect(r.code).to.equal(5)
    expect(r.stderr).to.contain('HMAC check failed')
    expect(existsSync(path('marker'))).to.equal(false)
  })

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`on ${signal} during the edit: exit 99, the copy is removed, the vault is untouched`, async () => {
      const before = read('vault.yml')
      const ed = editor('slow.sh', `echo "$1" > ${path('started')}\nexec sleep 30`)
      const child = spawn(
        process.execPath,
        [CLI, 'vault', 'edit', '--vault-password-file', 'pw', 'vault.yml'],
        {
          cwd: dir,
          env: { ...process.env, EDITOR: ed },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      )
      let stderr = ''
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
      while (!existsSync(path('started'))) await sleep(20)
      const copy = readFileSync(path('started'), 'utf8').trim()
      expect(readFileSync(copy, 'utf8')).to.equal(PLAIN)
      child.kill(signal)
      expect(await exited).to.equal(99)
      expect(existsSync(dirname(copy))).to.equal(false)
      expect(read('vault.yml').equals(before)).to.equal(true)
      expect(stderr).to.contain('interrupted')
      expect(stderr).not.to.contain(SECRET)
    })
  }

  it('creates a new vault file (mode 0600) and refuses an existing one', async () => {
    const ed = editor('write.sh', `printf '${PLAIN}' > "$1"`)
    let r = await tsplay(['create', '--vault-id', 'dev@pw', 'group_vars/all/vault.yml'], ed)
    expect(r.code, r.stderr).to.equal(0)
    expect(plaintextOf('group_vars/all/vault.yml')).to.equal(PLAIN)
    expect(statSync(path('group_vars/all/vault.yml')).mode & 0o777).to.equal(0o600)
    const before = read('vault.yml')
    r = await tsplay(['create', '--vault-password-file', 'pw', 'vault.yml'], ed)
    expect(r.code).to.equal(5)
    expect(r.stderr).to.match(/^vault\.yml: error VAULT_EXISTS/)
    expect(read('vault.yml').equals(before)).to.equal(true)
  })
})
