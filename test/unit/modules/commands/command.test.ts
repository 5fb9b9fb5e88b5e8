import { expect } from 'chai'
import {
  commandResult,
  guardScript,
  pyDateTime,
  pyDelta,
  WOULD_RUN,
} from '../../../../engine/modules/command-run.js'
import { commandModule, commandWords } from '../../../../engine/modules/command.js'
import { rawModule } from '../../../../engine/modules/raw.js'
import { scriptRunner } from '../../../../engine/modules/script.js'
import { shellModule } from '../../../../engine/modules/shell.js'
import { ModuleFailure } from '../../../../engine/modules/types.js'
import { fakeCtx, FakeConn } from './helpers.js'

const timing = { start: new Date(2024, 0, 2, 3, 4, 5, 6), end: new Date(2024, 0, 2, 3, 4, 6, 7), ms: 1001.5 }
const exec = (rc: number, stdout = '', stderr = '', timedOut = false) => ({
  rc,
  stdout,
  stderr,
  stdoutBytes: Buffer.from(stdout),
  timedOut,
})

describe('command: planning', () => {
  it('cannot predict a plain command: changed, skipped in check mode, no round trip', async () => {
    const conn = new FakeConn()
    const plan = await commandModule.check({ cmd: 'touch /x' }, fakeCtx(conn))
    expect(plan).to.deep.include({ changed: true, skipInCheck: WOULD_RUN })
    expect(conn.calls).to.have.length(0)
  })

  it('in check mode, creates that exists decides: not changed, Ansible messages', async () => {
    const conn = new FakeConn({ stdout: '__tsplay_skip_creates__\n' })
    const plan = await commandModule.check(
      { cmd: 'make', creates: '/opt/app' },
      fakeCtx(conn, { checkMode: true }),
    )
    expect(plan.changed).to.equal(false)
    expect(plan.skipInCheck).to.equal(undefined)
    expect(plan.result).to.include({
      msg: "Would not run command since '/opt/app' exists",
      stdout: 'skipped, since /opt/app exists',
      rc: 0,
    })
    expect(conn.calls[0]!.command).to.contain('[ -e /opt/app ]')
  })

  it('in check mode, removes that is missing decides; a present one means the command would run', async () => {
    const missing = new FakeConn({ stdout: '__tsplay_skip_removes__\n' })
    const p1 = await commandModule.check(
      { cmd: 'rm /x', removes: '/x' },
      fakeCtx(missing, { checkMode: true }),
    )
    expect(p1.changed).to.equal(false)
    expect(p1.result?.msg).to.equal("Would not run command since '/x' does not exist")
    const present = new FakeConn({ stdout: '' })
    const p2 = await commandModule.check(
      { cmd: 'rm /x', removes: '/x' },
      fakeCtx(present, { checkMode: true }),
    )
    expect(p2).to.deep.include({ changed: true })
    expect(p2.skipInCheck).to.equal(undefined)
    expect(p2.result?.msg).to.equal(WOULD_RUN)
  })

  it('outside check mode, tests creates in the same round trip as the command', async () => {
    const conn = new FakeConn({ stdout: '__tsplay_skip_creates__\n' })
    const ctx = fakeCtx(conn)
    const args = { cmd: 'make install', creates: '/opt/app', chdir: '/src' }
    const plan = await commandModule.check(args, ctx)
    expect(conn.calls).to.have.length(0)
    const result = await commandModule.apply(plan, args, ctx)
    expect(conn.calls).to.have.length(1)
    const script = conn.calls[0]!.command
    expect(script.indexOf('cd /src')).to.be.lessThan(script.indexOf('[ -e /opt/app ]'))
    expect(script).to.match(/\nexec make install$/)
    expect(result).to.include({ changed: false, msg: "Did not run command since '/opt/app' exists" })
  })

  it('fails with Ansible-like text when chdir does not exist', async () => {
    const conn = new FakeConn({
      rc: 1,
      stdout: '__tsplay_chdir_failed__\n',
      stderr: "sh: cd: can't cd to /nope",
    })
    const err = await commandModule
      .apply({ changed: true }, { cmd: 'ls', chdir: '/nope' }, fakeCtx(conn))
      .catch((e) => e)
    expect(err).to.be.instanceOf(ModuleFailure)
    expect(err.message).to.contain('Unable to change directory before execution: /nope')
  })

  it('passes become, env, timeout, signal and stdin (with newline by default) to exec', async () => {
    const conn = new FakeConn()
    const signal = new AbortController().signal
    const ctx = fakeCtx(conn, {
      become: { method: 'sudo', user: 'app' },
      env: { A: '1' },
      timeoutMs: 1234,
      signal,
    })
    await commandModule.apply({ changed: true }, { cmd: 'cat', stdin: 'hello' }, ctx)
    await commandModule.apply({ changed: true }, { cmd: 'cat', stdin: 'x', stdin_add_newline: false }, ctx)
    expect(conn.calls[0]!.opts).to.deep.include({
      stdin: 'hello\n',
      timeoutMs: 1234,
      signal,
      env: { A: '1' },
    })
    expect(conn.calls[0]!.opts.become).to.deep.equal({ method: 'sudo', user: 'app' })
    expect(conn.calls[1]!.opts.stdin).to.equal('x')
  })

  it('quotes argv words and never lets shell syntax through', async () => {
    const conn = new FakeConn()
    await commandModule.apply(
      { changed: true },
      { argv: ['echo', 'a b', ';', 'rm', '-rf', '/'] },
      fakeCtx(conn),
    )
    expect(conn.calls[0]!.command).to.equal("exec echo 'a b' ';' rm -rf /")
    expect(commandWords({ cmd: `grep -r 'x y' .` })).to.deep.equal(['grep', '-r', 'x y', '.'])
  })

  it('rejects an empty command and an unbalanced quote', async () => {
    const ctx = fakeCtx(new FakeConn())
    const empty = await commandModule.check({ cmd: '  ' }, ctx).catch((e) => e)
    expect(empty).to.be.instanceOf(ModuleFailure)
    const bad = await commandModule.check({ cmd: "echo 'x" }, ctx).catch((e) => e)
    expect(bad.message).to.contain('No closing quotation')
  })
})

describe('command-like modules: scripts sent to the host', () => {
  it('shell runs the text through /bin/sh -c or the executable', async () => {
    const conn = new FakeConn()
    await shellModule.apply({ changed: true }, { cmd: 'echo a | tr a b' }, fakeCtx(conn))
    await shellModule.apply({ changed: true }, { cmd: 'echo $0', executable: '/bin/bash' }, fakeCtx(conn))
    expect(conn.calls[0]!.command).to.equal("exec /bin/sh -c 'echo a | tr a b'")
    expect(conn.calls[1]!.command).to.equal("exec /bin/bash -c 'echo $0'")
  })

  it('raw sends the text as is to the login shell and is skipped in check mode', async () => {
    const conn = new FakeConn({ stdout: 'x\n' })
    const plan = await rawModule.check({ _raw_params: 'uptime; id' }, fakeCtx(conn))
    expect(plan.skipInCheck).to.be.a('string')
    const r = await rawModule.apply(plan, { _raw_params: 'uptime; id' }, fakeCtx(conn))
    expect(conn.calls[0]!.command).to.equal(`exec "\${SHELL:-/bin/sh}" -c 'uptime; id'`)
    expect(r).to.include({ changed: true, rc: 0, stdout: 'x\n' })
  })

  it('script: a private temp dir, the file made executable, removed afterwards with the rc kept', () => {
    const text = scriptRunner({ prefix: 'tsplay-script-abc', name: 'setup.sh', argv: ['--name', 'a b'] })
    expect(text).to.contain('umask 077')
    expect(text).to.contain('mktemp -d "${TMPDIR:-/tmp}"/tsplay-script-abc.XXXXXX')
    expect(text).to.contain('chmod u+x "$d"/setup.sh')
    expect(text).to.contain(`"$d"/setup.sh --name 'a b'`)
    expect(text).to.match(/rc=\$\?\nrm -rf "\$d"\nexit \$rc$/)
    const withExe = scriptRunner({ prefix: 'p', name: 's.py', argv: [], executable: 'python3' })
    expect(withExe).to.contain('python3 "$d"/s.py')
    expect(withExe).not.to.contain('chmod')
  })

  it('guards test paths without globbing, dangling symlinks counting as present', () => {
    const g = guardScript({ creates: '/opt/*.done', removes: '/tmp/lock' })
    expect(g).to.contain(`[ -e '/opt/*.done' ] || [ -h '/opt/*.done' ]`)
    expect(g).to.contain('if ! { [ -e /tmp/lock ]')
  })
})

describe('command results', () => {
  it('has Ansible fields and strips trailing newlines by default', () => {
    const r = commandResult(['echo', 'hi'], exec(0, 'a\nb\n\n', 'warn\n'), timing)
    expect(r).to.deep.include({
      changed: true,
      cmd: ['echo', 'hi'],
      rc: 0,
      stdout: 'a\nb',
      stderr: 'warn',
      stdout_lines: ['a', 'b'],
      stderr_lines: ['warn'],
      start: '2024-01-02 03:04:05.006000',
      end: '2024-01-02 03:04:06.007000',
      delta: '0:00:01.001500',
      msg: '',
    })
    expect(r.failed).to.equal(undefined)
    expect(commandResult('x', exec(0, 'a\n'), timing, { stripEmptyEnds: false }).stdout).to.equal('a\n')
  })

  it('fails on a non-zero rc and on a timeout with their messages', () => {
    expect(commandResult('false', exec(1), timing)).to.include({
      failed: true,
      msg: 'non-zero return code',
      rc: 1,
    })
    const t = commandResult('sleep 9', exec(137, '', '', true), timing, { timeoutMs: 500 })
    expect(t).to.include({ failed: true, msg: 'the command timed out after 0.5 s' })
  })

  it('formats times like Python', () => {
    expect(pyDelta(0)).to.equal('0:00:00')
    expect(pyDelta(3_723_000.25)).to.equal('1:02:03.000250')
    expect(pyDateTime(new Date(2023, 10, 9, 8, 7, 6, 5))).to.equal('2023-11-09 08:07:06.005000')
  })
})
