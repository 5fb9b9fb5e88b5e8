/** `tsplay vars`: every variable with its origin; vault values hidden unless asked. */
import { expect } from 'chai'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { REPO, runCli } from '../helpers/cli.js'

describe('tsplay vars', function () {
  this.timeout(60_000)
  let dir: string

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsplay-vars-'))
    mkdirSync(join(dir, 'inv/group_vars'), { recursive: true })
    mkdirSync(join(dir, 'inv/host_vars'))
    writeFileSync(join(dir, 'pw'), 's3cretpass\n')
    writeFileSync(join(dir, 'inv/hosts'), '[web]\nweb1 ansible_host=127.0.0.2 port=8080\n')
    const inline = await runCli(
      ['vault', 'encrypt-string', 'inline-Secret-1', '--name', 'db_password', '--vault-password-file', 'pw'],
      { cwd: dir },
    )
    expect(inline.code, inline.stderr).to.equal(0)
    writeFileSync(
      join(dir, 'inv/group_vars/web.yml'),
      `${inline.stdout}db_url: "postgres://app:{{ db_password }}@db"\nport: 80\n`,
    )
    writeFileSync(join(dir, 'inv/host_vars/web1.yml'), 'api_token: file-Secret-2\n')
    const enc = await runCli(['vault', 'encrypt', 'inv/host_vars/web1.yml', '--vault-password-file', 'pw'], {
      cwd: dir,
    })
    expect(enc.code, enc.stderr).to.equal(0)
  })

  it('shows values with the level and file they came from, secrets as <vault>', async () => {
    const r = await runCli(['vars', '-i', 'inv', '--host', 'web1', '--vault-password-file', 'pw'], {
      cwd: dir,
    })
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout).to.contain('port: 8080\n    # inventory host vars: inv/hosts:2')
    expect(r.stdout).to.contain('db_password: <vault>\n    # inventory group vars: inv/group_vars/web.yml')
    expect(r.stdout).to.contain('api_token: <vault>\n    # inventory host vars: inv/host_vars/web1.yml')
    expect(r.stdout).to.contain('db_url: postgres://app:********@db')
    expect(r.stdout + r.stderr).not.to.match(/inline-Secret-1|file-Secret-2|s3cretpass/)
  })

  it('reveals vault values only with --show-vault', async () => {
    const r = await runCli(
      ['vars', '-i', 'inv', '--host', 'web1', '--vault-password-file', 'pw', '--show-vault', '--json'],
      { cwd: dir },
    )
    expect(r.code, r.stderr).to.equal(0)
    const rows = JSON.parse(r.stdout) as { name: string; value: unknown }[]
    const value = (n: string) => rows.find((row) => row.name === n)?.value
    expect(value('db_password')).to.equal('inline-Secret-1')
    expect(value('api_token')).to.equal('file-Secret-2')
    expect(value('db_url')).to.equal('postgres://app:inline-Secret-1@db')
  })

  it('refuses a vaulted vars file without a password, naming the file', async () => {
    const r = await runCli(['vars', '-i', 'inv', '--host', 'web1'], { cwd: dir })
    expect(r.code).to.equal(5)
    expect(r.stderr).to.contain('host_vars/web1.yml')
    expect(r.stderr).to.contain('--vault-password-file')
  })

  it('includes play vars and extra vars when given a playbook', async () => {
    const good = join(REPO, 'test/fixtures/playbooks/good')
    const r = await runCli(
      ['vars', '-i', 'inventory.ini', '--host', 'web1', 'site.yml', '-e', 'greeting=hey', '--json'],
      { cwd: good },
    )
    expect(r.code, r.stderr).to.equal(0)
    const rows = JSON.parse(r.stdout) as { name: string; value: unknown; level: string; origin: string }[]
    const row = (n: string) => rows.find((x) => x.name === n)
    expect(row('greeting')).to.include({ value: 'hey', level: 'extra vars' })
    expect(row('message')).to.include({ value: 'hey from web1', level: 'play vars' })
    expect(row('common_packages')).to.deep.include({ value: ['curl', 'jq'], level: 'play vars_files' })
    expect(row('app_env')).to.include({ value: 'staging', level: 'inventory group vars' })
  })

  it('names an unknown host', async () => {
    const r = await runCli(['vars', '-i', 'inv', '--host', 'nope', '--vault-password-file', 'pw'], {
      cwd: dir,
    })
    expect(r.code).to.equal(5)
    expect(r.stderr).to.contain('host `nope` is not in the inventory')
  })
})
