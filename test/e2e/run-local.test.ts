/** `tsplay run` end to end with the local connection: modules, check/diff, idempotence, handlers, blocks, failures. */
import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { REPO, runCli } from '../helpers/cli.js'
import { recap, results } from '../helpers/events.js'

const dir = join(REPO, 'test/fixtures/run')

/** The PLAY RECAP of real ansible-playbook on the same playbook, as counts per host. */
function ansibleRecap(playbook: string, root: string): Record<string, Record<string, number>> {
  const r = spawnSync('ansible-playbook', ['-i', 'inventory.ini', playbook, '-e', `root=${root}`], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      ANSIBLE_LOCALHOST_WARNING: '0',
      ANSIBLE_NOCOLOR: '1',
      ANSIBLE_RETRY_FILES_ENABLED: '0',
    },
  })
  const out: Record<string, Record<string, number>> = {}
  for (const line of r.stdout.split('PLAY RECAP')[1]?.split('\n') ?? []) {
    const m = /^(\S+)\s+:\s+(.*)$/.exec(line)
    if (m)
      out[m[1]!] = Object.fromEntries([...m[2]!.matchAll(/(\w+)=(\d+)/g)].map((x) => [x[1]!, Number(x[2])]))
  }
  expect(Object.keys(out), r.stdout + r.stderr).not.to.have.length(0)
  return out
}
const run = (playbook: string, root: string, ...args: string[]) =>
  runCli(['run', playbook, '-i', 'inventory.ini', '-e', `root=${root}`, '--json', ...args], { cwd: dir })

describe('tsplay run (local connection)', function () {
  this.timeout(120_000)
  let root: string
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'tsplay-run-'))))
  afterEach(() => rmSync(root, { recursive: true, force: true }))

  it('changes nothing in --check mode but reports what would change', async () => {
    // as with Ansible, tasks that read what earlier tasks would have written fail in check mode
    const r = await run('modules.yml', root, '--check')
    expect(results(r.stdout, 'app : App directory').map((e) => e.status)).to.deep.equal([
      'changed',
      'changed',
    ])
    expect(existsSync(join(root, 'h1'))).to.equal(false)
    expect(existsSync(join(root, 'h2'))).to.equal(false)
  })

  it('reports changed=0 in --check mode once applied', async () => {
    expect((await run('modules.yml', root)).code).to.equal(0)
    const r = await run('modules.yml', root, '--check')
    expect(r.code, r.stdout).to.equal(0)
    for (const h of ['h1', 'h2']) expect(recap(r.stdout)[h]).to.include({ changed: 0, failed: 0 })
  })

  it('applies every core module, then reports changed=0 on a second run', async () => {
    const first = await run('modules.yml', root)
    expect(first.code, first.stdout + first.stderr).to.equal(0)
    for (const h of ['h1', 'h2']) {
      expect(recap(first.stdout)[h]).to.include({ failed: 0, unreachable: 0 })
      expect(recap(first.stdout)[h]!.changed).to.be.greaterThan(5)
      expect(readFileSync(join(root, h, 'hello.txt'), 'utf8')).to.equal(`hello ${h}\n`)
      expect(readFileSync(join(root, h, 'lines.txt'), 'utf8')).to.equal('second line\n')
      expect(readFileSync(join(root, h, 'block.txt'), 'utf8')).to.equal(
        '# BEGIN ANSIBLE MANAGED BLOCK\nmanaged one\nmanaged two\n# END ANSIBLE MANAGED BLOCK\n',
      )
      expect(readFileSync(join(root, h, 'replace.txt'), 'utf8')).to.equal('HELLO world\n')
      expect(readFileSync(join(root, h, 'app.conf'), 'utf8')).to.equal(`name=${h}\nport=8080\n`)
      expect(existsSync(join(root, h, 'restarted')), 'the handler ran').to.equal(true)
      expect(existsSync(join(root, 'fetched', h, root, h, 'hello.txt'))).to.equal(true)
    }
    expect(results(first.stdout, 'Use the registered result').map((e) => e.result?.['msg'])).to.deep.equal([
      '3 words',
      '3 words',
    ])
    const second = await run('modules.yml', root)
    expect(second.code).to.equal(0)
    for (const h of ['h1', 'h2']) expect(recap(second.stdout)[h]!.changed, `second run on ${h}`).to.equal(0)
    expect(results(second.stdout).filter((e) => e.task.includes('restart app'))).to.have.length(0)
  })

  it('shows a unified diff of a changed template with --check --diff', async () => {
    await run('modules.yml', root)
    const r = await run('modules.yml', root, '--check', '--diff', '-e', 'app_port=9090')
    const templ = results(r.stdout, 'app : App config from a template')
    expect(templ.map((e) => e.status)).to.deep.equal(['changed', 'changed'])
    expect(templ.find((e) => e.host === 'h1')!.diff?.[0]).to.deep.include({
      before: 'name=h1\nport=8080\n',
      after: 'name=h1\nport=9090\n',
    })
    expect(readFileSync(join(root, 'h1', 'app.conf'), 'utf8')).to.contain('port=8080')
  })

  it('runs handlers once, only when notified by a change, and rescues and ignores as Ansible does', async () => {
    const r = await run('flow.yml', root)
    expect(r.code, 'a host failed').to.equal(2)
    const counts = recap(r.stdout)
    expect(counts).to.deep.equal(ansibleRecap('flow.yml', root))
    expect(counts['h2']).to.include({ rescued: 1, failed: 0, ignored: 1 })
    expect(counts['h3']).to.include({ failed: 1, ignored: 1 })
    expect(
      results(r.stdout, 'first handler')
        .map((e) => e.host)
        .sort(),
    ).to.deep.equal(['h1', 'h2', 'h3'])
    expect(results(r.stdout, 'listener')).to.have.length(3)
    expect(results(r.stdout, 'never runs')).to.have.length(0)
    expect(results(r.stdout, 'Rescue').map((e) => e.host)).to.deep.equal(['h2'])
    expect(results(r.stdout, 'Always')).to.have.length(3)
    expect(
      results(r.stdout, 'Only h1 and h2 get here')
        .map((e) => e.host)
        .sort(),
    ).to.deep.equal(['h1', 'h2'])
  })

  it('writes a retry file that works as --limit @file', async () => {
    const r = await run('flow.yml', root, '--retry-file')
    expect(r.code).to.equal(2)
    const retry = join(dir, 'flow.retry')
    try {
      expect(readFileSync(retry, 'utf8')).to.equal('h3\n')
      const again = await run('flow.yml', root, '--limit', '@flow.retry')
      expect(Object.keys(recap(again.stdout))).to.deep.equal(['h3'])
    } finally {
      rmSync(retry, { force: true })
    }
  })

  it('marks a host it cannot reach as unreachable, goes on with the others and exits 4', async () => {
    const r = await run('unreachable.yml', root)
    expect(r.code).to.equal(4)
    expect(recap(r.stdout)).to.deep.equal(ansibleRecap('unreachable.yml', root))
    expect(recap(r.stdout)['unreachable1']).to.include({ unreachable: 1, ok: 0 })
    expect(recap(r.stdout)['h1']).to.include({ ok: 2, failed: 0 })
  })

  it('handles run_once, until/retries, loop_control and end_host', async () => {
    const r = await run('control.yml', root)
    expect(r.code, r.stdout).to.equal(0)
    expect(results(r.stdout, 'Once for all')).to.have.length(2) // once per serial batch of 2
    expect(results(r.stdout, 'Pause once per batch')).to.have.length(2) // pause bypasses the host loop
    expect(results(r.stdout, 'Everyone sees the pause result')).to.have.length(3)
    const retried = results(r.stdout, 'Retry until the file has three lines')
    expect(retried.map((e) => e.result?.['attempts'])).to.deep.equal([3, 3, 3])
    expect(
      results(r.stdout, 'Loop with index and label')
        .filter((e) => e.host === 'h1' && e.item)
        .map((e) => e.item),
    ).to.deep.equal(['a', 'b'])
    expect(
      results(r.stdout, 'Not for h3')
        .map((e) => e.host)
        .sort(),
    ).to.deep.equal(['h1', 'h2'])
    expect(results(r.stdout, 'Still works after the reset').map((e) => e.status)).to.deep.equal(['ok', 'ok'])
  })

  it('gathers facts as ansible_* variables and honours debug verbosity', async () => {
    const r = await run('facts.yml', root)
    expect(r.code, r.stdout).to.equal(0)
    expect(results(r.stdout, 'Facts are variables')[0]!.result?.['msg']).to.equal('Debian/Debian/h1')
    expect(results(r.stdout, 'Only at -vv')[0]!.status).to.equal('skipped')
    const vv = await run('facts.yml', root, '-vv')
    expect(results(vv.stdout, 'Only at -vv')[0]!.status).to.equal('ok')
  })

  it('shows results with -v and each command with its timing with -vvv', async () => {
    const v = await runCli(['run', 'unreachable.yml', '-i', 'inventory.ini', '--limit', 'h1', '-v'], {
      cwd: dir,
    })
    expect(v.stdout).to.match(/changed: \[h1\] => \{"changed": true, "cmd": \["true"\]/)
    expect(v.stdout).not.to.contain('EXEC')
    const vvv = await runCli(['run', 'unreachable.yml', '-i', 'inventory.ini', '--limit', 'h1', '-vvv'], {
      cwd: dir,
    })
    expect(vvv.stdout).to.match(/<h1> EXEC \(rc=0, [\d.]+ ms\): exec true/)
    expect(vvv.stdout).to.match(/<h1> task "Try" took \d+ ms/)
    expect(vvv.stdout).to.contain('task path: unreachable.yml:5')
  })

  it('keeps the commands of no_log tasks out of the -vvv log', async () => {
    const r = await runCli(['run', 'no-log.yml', '-i', 'inventory.ini', '-vvv'], { cwd: dir })
    expect(r.code, r.stdout).to.equal(0)
    expect(r.stdout + r.stderr).not.to.contain('NoLogPw4242')
    expect(r.stdout.match(/EXEC \(rc=0, [\d.]+ ms\): \(no_log: command not shown\)/g)).to.have.length(2)
    expect(r.stdout).to.match(/EXEC \(rc=0, [\d.]+ ms\): exec echo shown-in-log/)
  })

  it('never hands the become password to the command when sudo does not ask for it', async () => {
    const r = await run('become-stdin.yml', root)
    expect(r.code, r.stdout).to.equal(0)
    expect(readFileSync(join(root, 'out.txt'), 'utf8')).to.equal('hello\n')
    expect(r.stdout).not.to.contain('MyBecomePw99')
  })

  it('keeps fixed behaviours found in review: secrets, no_log, per-item when, become_user, run_once, includes', async () => {
    writeFileSync(join(root, 'pw'), 'pw-review-1\n')
    writeFileSync(join(root, 'v.yml'), 'db_port: "5432"\nsecret: S3cretValue!\n')
    const enc = await runCli([
      'vault',
      'encrypt',
      join(root, 'v.yml'),
      '--vault-password-file',
      join(root, 'pw'),
    ])
    expect(enc.code, enc.stderr).to.equal(0)
    const args = ['-e', `@${join(root, 'v.yml')}`, '--vault-password-file', join(root, 'pw')]
    const r = await run('review.yml', root, ...args)
    expect(r.code, r.stdout + r.stderr).to.equal(0)
    expect(r.stdout).not.to.contain('S3cretValue!')
    expect(results(r.stdout, 'Loop labels hide secrets').find((e) => e.item)?.item).to.equal('********')
    const perItem = results(r.stdout, 'when is evaluated per loop item').filter(
      (e) => e.item && e.host === 'h1',
    )
    expect(perItem.map((e) => [e.item, e.status])).to.deep.equal([
      ['a', 'skipped'],
      ['b', 'ok'],
    ])
    expect(results(r.stdout, 'Runs although `installed` is now defined').map((e) => e.status)).to.deep.equal([
      'ok',
      'ok',
    ])
  })

  it('templates task names in banners with the first host variables, masking vault values', async () => {
    writeFileSync(join(root, 'pw'), 'pw-names-1\n')
    writeFileSync(join(root, 'v.yml'), 'secret: N4meSecret!\n')
    const pw = ['--vault-password-file', join(root, 'pw')]
    expect((await runCli(['vault', 'encrypt', join(root, 'v.yml'), ...pw])).code).to.equal(0)
    const args = ['run', 'task-names.yml', '-i', 'inventory.ini', '-e', `@${join(root, 'v.yml')}`, ...pw]
    const r = await runCli(args, { cwd: dir })
    expect(r.code, r.stdout + r.stderr).to.equal(0)
    expect(r.stdout).to.contain('TASK [Install nginx on h1] ***')
    expect(r.stdout).to.contain('TASK [Item {{ item }}] ***')
    expect(r.stdout).to.contain('TASK [Password ********] ***')
    expect(r.stdout).to.contain('RUNNING HANDLER [restart nginx] ***')
    expect(r.stdout).not.to.contain('N4meSecret!')
  })

  it('include_vars decrypts a whole-file vault with the run password, and fails clearly without it', async () => {
    writeFileSync(join(root, 'pw'), 'pw-include-1\n')
    writeFileSync(join(root, 'secrets.yml'), 'db_password: Inc1uded!\n')
    const pw = ['--vault-password-file', join(root, 'pw')]
    expect((await runCli(['vault', 'encrypt', join(root, 'secrets.yml'), ...pw])).code).to.equal(0)
    const ok = await run('include-vault.yml', root, ...pw)
    expect(ok.code, ok.stdout + ok.stderr).to.equal(0)
    expect(ok.stdout).not.to.contain('Inc1uded!')
    expect(results(ok.stdout, 'And is masked')[0]!.msg).to.equal('password ********')
    const without = await run('include-vault.yml', root)
    expect(without.code).to.equal(2)
    expect(results(without.stdout, 'Load the vault file')[0]!.msg).to.match(/vault/i)
  })

  it('never templates registered results or set_fact values again, as ansible-playbook does', async () => {
    const r = await run('data-not-templated.yml', root)
    expect(r.code, r.stdout + r.stderr).to.equal(0)
    expect(results(r.stdout, 'Show them')[0]!.msg).to.equal(
      '{{ not_defined }} | {{ not_defined }} | hello world',
    )
    const other = mkdtempSync(join(tmpdir(), 'tsplay-run-ansible-'))
    try {
      expect(recap(r.stdout)).to.deep.equal(ansibleRecap('data-not-templated.yml', other))
    } finally {
      rmSync(other, { recursive: true, force: true })
    }
  })

  it('never renders !unsafe text, as ansible-playbook does not', async () => {
    const r = await run('unsafe.yml', root)
    expect(r.code, r.stdout + r.stderr).to.equal(0)
    const msg = (task: string) => (results(r.stdout, task)[0]!.result as { msg: unknown }).msg
    expect(msg('A variable')).to.equal('{{.Names}} {{ $labels.instance }}')
    expect(msg('An argument')).to.equal('raw {{ not_a_var }}')
    expect(msg('A list')).to.deep.equal(['{{.Names}} {{ $labels.instance }}', '{% raw %}{{ x }}', 'h1'])
    expect(readFileSync(join(root, 'unsafe.txt'), 'utf8')).to.equal('{{ .Names }}\n')
    const other = mkdtempSync(join(tmpdir(), 'tsplay-run-ansible-'))
    try {
      expect(recap(r.stdout)).to.deep.equal(ansibleRecap('unsafe.yml', other))
    } finally {
      rmSync(other, { recursive: true, force: true })
    }
  })

  for (const playbook of ['serial-fail.yml', 'end-play.yml', 'fatal-rescue.yml']) {
    it(`gives the same recap as ansible-playbook for ${playbook}`, async () => {
      const r = await run(playbook, root)
      expect(recap(r.stdout)).to.deep.equal(ansibleRecap(playbook, root))
    })
  }

  it('touches nothing and exits 5 when the input is invalid', async () => {
    const r = await runCli(
      ['run', 'modules.yml', '-i', 'inventory.ini', '-e', `root=${root}`, '--forks', 'zero'],
      { cwd: dir },
    )
    expect(r.code).to.equal(5)
    expect(r.stderr).to.contain('--forks')
    expect(existsSync(join(root, 'h1'))).to.equal(false)
  })

  it('prints the PLAY RECAP in Ansible’s shape without --json', async () => {
    const r = await runCli(['run', 'unreachable.yml', '-i', 'inventory.ini'], { cwd: dir })
    expect(r.stdout).to.match(/PLAY RECAP \*+\n/)
    expect(r.stdout).to.match(
      /^h1 +: ok=2 +changed=1 +unreachable=0 +failed=0 +skipped=0 +rescued=0 +ignored=0/m,
    )
    expect(r.stdout).to.match(/^unreachable1 +: ok=0 +changed=0 +unreachable=1 +failed=0/m)
  })
})
