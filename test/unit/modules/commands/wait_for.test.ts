import { expect } from 'chai'
import { execFileSync } from 'node:child_process'
import {
  timeoutMessage,
  waitForModule,
  waitForScript,
  waitSpec,
} from '../../../../engine/modules/wait_for.js'
import { ModuleFailure } from '../../../../engine/modules/types.js'
import { fakeCtx, FakeConn } from './helpers.js'

describe('wait_for: script generation', () => {
  it('defaults: 127.0.0.1, started, 300 s timeout, 1 s sleep', () => {
    expect(waitSpec({ port: 8080 })).to.deep.include({
      host: '127.0.0.1',
      port: 8080,
      state: 'started',
      timeout: 300,
      sleep: 1,
      delay: 0,
      connectTimeout: 5,
    })
  })

  it('probes a port with bash /dev/tcp under timeout, nc as fallback, in one loop', () => {
    const s = waitForScript(waitSpec({ port: '5432', host: 'db.local', timeout: 30, delay: 2 }))
    expect(s).to.contain(`bash -c 'exec 3<>"/dev/tcp/$0/$1"' db.local 5432`)
    expect(s).to.contain('nc -z -w 5 db.local 5432')
    expect(s).to.contain('timeout 5')
    expect(s).to.contain('sleep 2\n')
    expect(s).to.contain('-ge 30 ]')
    expect(s).to.contain('cond() { probe; }')
    expect(waitForScript(waitSpec({ port: 22, state: 'stopped' }))).to.contain('cond() { ! probe; }')
  })

  it('tests a path, or a regex in it, or its absence', () => {
    expect(waitForScript(waitSpec({ path: '/run/app.pid' }))).to.contain('cond() { [ -e /run/app.pid ]; }')
    expect(waitForScript(waitSpec({ path: '/x', state: 'absent' }))).to.contain('cond() { [ ! -e /x ]; }')
    const re = waitForScript(waitSpec({ path: '/var/log/app.log', search_regex: "ready (ok|done)'" }))
    expect(re).to.contain(`grep -q $G -e 'ready (ok|done)'\\''' /var/log/app.log`)
  })

  it('without port or path just sleeps the timeout', () => {
    const s = waitForScript(waitSpec({ timeout: 3 }))
    expect(s).to.contain('sleep 3')
    expect(s).not.to.contain('while')
  })

  it('the generated loop really runs under sh and reports elapsed seconds', () => {
    const out = execFileSync('/bin/sh', ['-c', waitForScript(waitSpec({ path: '/', timeout: 2 }))], {
      encoding: 'utf8',
    })
    // whole seconds from `date +%s`: 1 when the run straddles a second boundary
    expect(out.trim()).to.match(/^__tsplay_wait:ok [01]$/)
  })

  it("has Ansible's timeout messages", () => {
    expect(timeoutMessage(waitSpec({ port: 8080 }))).to.equal('Timeout when waiting for 127.0.0.1:8080')
    expect(timeoutMessage(waitSpec({ port: 80, state: 'stopped', host: 'h' }))).to.equal(
      'Timeout when waiting for h:80 to stop.',
    )
    expect(timeoutMessage(waitSpec({ path: '/f' }))).to.equal('Timeout when waiting for file /f')
    expect(timeoutMessage(waitSpec({ path: '/f', state: 'absent' }))).to.equal(
      'Timeout when waiting for /f to be absent.',
    )
    expect(timeoutMessage(waitSpec({ path: '/f', search_regex: 'up' }))).to.equal(
      'Timeout when waiting for search string up in /f',
    )
  })

  it('rejects drained, bad ports and search_regex without path', () => {
    expect(() => waitSpec({ port: 80, state: 'drained' })).to.throw(ModuleFailure, 'drained')
    expect(() => waitSpec({ port: '99999' })).to.throw(ModuleFailure, '1 to 65535')
    expect(() => waitSpec({ port: 80, search_regex: 'x' })).to.throw(ModuleFailure, 'search_regex')
  })

  it('turns the loop output into a result or a failure', async () => {
    const ok = await waitForModule.check(
      { port: 80 },
      fakeCtx(new FakeConn({ stdout: '__tsplay_wait:ok 4\n' })),
    )
    expect(ok).to.deep.include({ changed: false })
    expect(ok.result).to.include({ elapsed: 4, state: 'started', port: 80 })
    const late = new FakeConn({ rc: 3, stdout: '__tsplay_wait:timeout 10\n' })
    const err = await waitForModule.check({ port: 80, msg: 'db is down' }, fakeCtx(late)).catch((e) => e)
    expect(err).to.be.instanceOf(ModuleFailure)
    expect(err.message).to.equal('db is down')
    expect(err.result.elapsed).to.equal(10)
    const none = new FakeConn({ rc: 2, stdout: '__tsplay_wait:notool 0\n' })
    const e2 = await waitForModule.check({ port: 80 }, fakeCtx(none)).catch((e) => e)
    expect(e2.message).to.contain('neither bash nor nc')
  })
})
