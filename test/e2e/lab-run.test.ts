/**
 * `tsplay run` over SSH against lab hosts (real sshd in namespaces): modules on several hosts,
 * idempotence, become, a task timeout, hosts going down before and during a play, 50 hosts at once.
 */
import { expect } from 'chai'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { labDown, labUp, type Lab } from '../../engine/lab/index.js'
import { CLI, REPO, runCli } from '../helpers/cli.js'
import { recap, results } from '../helpers/events.js'

const fixtures = join(REPO, 'test/fixtures/lab')

describe('tsplay run over SSH on lab hosts', function () {
  this.timeout(180_000)
  let lab: Lab
  let dir: string
  const run = (playbook: string, ...args: string[]) =>
    runCli(['run', join(fixtures, playbook), '-i', lab.inventoryPath, '--json', ...args], {
      timeoutMs: 170_000,
    })

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsplay-lab-run-'))
    rmSync(dir, { recursive: true })
    lab = await labUp({ count: 4, dir, base: '127.0.2.10', layout: 'flat' })
  })
  after(async () => {
    if (dir) await labDown(dir)
  })

  it('runs the core modules on every host over SSH, then changes nothing on a second run', async () => {
    const first = await run('play.yml')
    expect(first.code, first.stdout + first.stderr).to.equal(0)
    for (const h of lab.hosts) {
      expect(recap(first.stdout)[h.name]).to.include({ failed: 0, unreachable: 0 })
      expect(recap(first.stdout)[h.name]!.changed).to.be.greaterThan(2)
    }
    expect(results(first.stdout, 'mark')).to.have.length(lab.hosts.length)
    const second = await run('play.yml')
    expect(second.code).to.equal(0)
    for (const h of lab.hosts) expect(recap(second.stdout)[h.name]!.changed, h.name).to.equal(0)
    expect(results(second.stdout, 'mark')).to.have.length(0)
  })

  it('becomes root from an unprivileged user with the sudo password, and fails clearly without it', async () => {
    const pw = readFileSync(lab.deployPasswordPath, 'utf8').trim()
    const varsFile = join(dir, 'become-vars.yml')
    // the lab's deploy user logs in with its password too
    writeFileSync(varsFile, `ansible_become_password: "${pw}"\nansible_password: "${pw}"\n`, { mode: 0o600 })
    const ok = await run('become.yml', '-e', 'ansible_user=deploy', '-e', `@${varsFile}`)
    expect(ok.code, ok.stdout).to.equal(0)
    expect(ok.stdout).not.to.contain(pw)
    const loginOnly = join(dir, 'login-vars.yml')
    writeFileSync(loginOnly, `ansible_password: "${pw}"\n`, { mode: 0o600 })
    const denied = await run('become.yml', '-e', 'ansible_user=deploy', '-e', `@${loginOnly}`)
    expect(denied.code).to.equal(2)
    const perUser = await run('peruser.yml', '-e', `@${loginOnly}`)
    expect(perUser.code, perUser.stdout).to.equal(0)
    const failure = results(denied.stdout, 'Who am I after become')[0]!
    expect(failure.status).to.equal('failed')
    expect(JSON.stringify(failure.result)).to.match(/password is required/)
  })

  it('logs in and becomes root with passwords from -k and -K (on stdin here) or files, never shown', async () => {
    const pw = readFileSync(lab.deployPasswordPath, 'utf8').trim()
    const args = ['run', join(fixtures, 'become.yml'), '-i', lab.inventoryPath, '--json', '-k', '-K']
    const ok = await runCli([...args, '-e', 'ansible_user=deploy'], {
      input: `${pw}\n${pw}\n`,
      timeoutMs: 170_000,
    })
    expect(ok.code, ok.stdout + ok.stderr).to.equal(0)
    expect(recap(ok.stdout)[lab.hosts[0]!.name]!.failed).to.equal(0)
    expect(results(ok.stdout, 'Root it is')).to.have.length(lab.hosts.length)
    expect(ok.stdout + ok.stderr).not.to.contain(pw)
    // the same passwords from files, as --connection-password-file and --become-password-file
    const pwFile = join(dir, 'pw.txt')
    writeFileSync(pwFile, `${pw}\n`, { mode: 0o600 })
    const files = ['--connection-password-file', pwFile, '--become-password-file', pwFile]
    const fromFiles = await runCli(
      [...args.filter((a) => a !== '-k' && a !== '-K'), ...files, '-e', 'ansible_user=deploy'],
      {
        timeoutMs: 170_000,
      },
    )
    expect(fromFiles.code, fromFiles.stdout + fromFiles.stderr).to.equal(0)
    expect(fromFiles.stdout + fromFiles.stderr).not.to.contain(pw)
  })

  it('opens connections as the connection and remote_user keywords say, unless host variables say otherwise', async () => {
    const pw = readFileSync(lab.deployPasswordPath, 'utf8').trim()
    const loginOnly = join(dir, 'keyword-login-vars.yml')
    writeFileSync(loginOnly, `ansible_password: "${pw}"\n`, { mode: 0o600 })
    // the first host keeps ansible_user=root from the lab's inventory; the others lose it
    const lines = readFileSync(lab.inventoryPath, 'utf8').split('\n')
    const first = lab.hosts[0]!.name
    const inventory = join(dir, 'keywords.ini')
    writeFileSync(
      inventory,
      lines
        .map((l) =>
          l.startsWith(`${first} `) ? `${l} pinned_user=root` : l.replace(/ ansible_user=\S+/, ''),
        )
        .join('\n'),
    )
    const r = await runCli(
      ['run', join(fixtures, 'login-keywords.yml'), '-i', inventory, '--json', '-e', `@${loginOnly}`],
      { timeoutMs: 170_000 },
    )
    expect(r.code, r.stdout + r.stderr).to.equal(0)
    const logins = results(r.stdout, 'Play keyword')
    expect(logins.map((x) => [x.host, (x.result as { stdout: string }).stdout]).sort()).to.deep.equal(
      lab.hosts.map((h) => [h.name, h.name === first ? 'root' : 'deploy']).sort(),
    )
    for (const h of lab.hosts) expect(recap(r.stdout)[h.name]).to.include({ ok: 5, failed: 0 })
  })

  it('kills a task that runs past its timeout', async () => {
    const t0 = Date.now()
    const r = await run('timeout.yml', '--limit', lab.hosts[0]!.name)
    expect(r.code).to.equal(2)
    expect(Date.now() - t0).to.be.lessThan(20_000)
    expect(results(r.stdout, 'Too slow')[0]!.msg).to.match(/timed out/)
  })

  it('marks hosts that go down before and during a play unreachable, finishes the others, exits 4', async () => {
    const [, before, during] = lab.hosts
    process.kill(before!.pid, 'SIGKILL')
    const child = spawn(process.execPath, [
      CLI,
      'run',
      join(fixtures, 'slow.yml'),
      '-i',
      lab.inventoryPath,
      '--json',
    ])
    let stdout = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    const killed = new Promise<void>((resolve) => {
      const check = () => {
        if (stdout.includes('"Takes a while"')) {
          setTimeout(() => (process.kill(during!.pid, 'SIGKILL'), resolve()), 500)
        } else setTimeout(check, 50)
      }
      check()
    })
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    await killed
    expect(code).to.equal(4)
    const counts = recap(stdout)
    expect(counts[before!.name]).to.include({ unreachable: 1 })
    expect(counts[during!.name]).to.include({ unreachable: 1, ok: 1 })
    for (const h of [lab.hosts[0]!, lab.hosts[3]!])
      expect(counts[h.name]).to.include({ ok: 3, unreachable: 0, failed: 0 })
    const reasons = results(stdout)
      .filter((e) => e.status === 'unreachable')
      .map((e) => e.msg)
    expect(reasons.join('\n')).to.match(/connection refused/)
    expect(reasons.join('\n')).to.match(/dropped|closed|reset/)
  })
})

describe('tsplay run on 50 lab hosts at once', function () {
  this.timeout(240_000)
  let dir: string
  after(async () => {
    if (dir) await labDown(dir)
  })

  it('runs a play on 50 hosts over one connection each', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsplay-lab-50-'))
    rmSync(dir, { recursive: true })
    const lab = await labUp({ count: 50, dir, base: '127.0.3.10', layout: 'flat' })
    const r = await runCli(['run', join(fixtures, 'play.yml'), '-i', lab.inventoryPath, '--json'], {
      timeoutMs: 230_000,
    })
    expect(r.code, r.stderr).to.equal(0)
    const counts = recap(r.stdout)
    expect(Object.keys(counts)).to.have.length(50)
    for (const c of Object.values(counts)) expect(c).to.include({ failed: 0, unreachable: 0 })
  })
})
