import { expect } from 'chai'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RunEvent } from '../../../engine/output/events.js'
import { exitCodeFor, writeRetryFile } from '../../../engine/output/recap.js'
import {
  colorEnabled,
  createRenderer,
  JsonRenderer,
  PlainRenderer,
  resolveKind,
  TtyRenderer,
} from '../../../engine/output/renderer.js'
import { counts, fakeIo } from './helpers.js'

const hosts = (h: Record<string, Parameters<typeof counts>[0]>) =>
  Object.fromEntries(Object.entries(h).map(([k, c]) => [k, counts(c)]))

describe('exitCodeFor()', () => {
  it('0 when all ok, 2 when a host failed, 4 when only unreachable, 99 when interrupted', () => {
    expect(
      exitCodeFor({
        hosts: hosts({ a: { ok: 3, changed: 1, skipped: 1, ignored: 1, rescued: 1 } }),
        interrupted: false,
      }),
    ).to.equal(0)
    expect(
      exitCodeFor({
        hosts: hosts({ a: { ok: 1 }, b: { failed: 1 }, c: { unreachable: 1 } }),
        interrupted: false,
      }),
    ).to.equal(2)
    expect(
      exitCodeFor({ hosts: hosts({ a: { ok: 1 }, c: { unreachable: 1 } }), interrupted: false }),
    ).to.equal(4)
    expect(exitCodeFor({ hosts: hosts({ b: { failed: 1 } }), interrupted: true })).to.equal(99)
    expect(exitCodeFor({ hosts: {}, interrupted: false })).to.equal(0)
  })
})

describe('writeRetryFile()', () => {
  it('writes failed and unreachable hosts, sorted, one per line, creating the directory', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tsplay-retry-')), 'sub', 'site.retry')
    const wrote = writeRetryFile(path, {
      hosts: hosts({ web2: { failed: 1 }, db1: { unreachable: 1 }, ok1: { ok: 2 } }),
    })
    expect(wrote).to.equal(true)
    expect(readFileSync(path, 'utf8')).to.equal('db1\nweb2\n')
  })

  it('writes nothing (and keeps a stale file) when every host succeeded', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsplay-retry-'))
    expect(writeRetryFile(join(dir, 'new.retry'), { hosts: hosts({ a: { ok: 1 } }) })).to.equal(false)
    expect(existsSync(join(dir, 'new.retry'))).to.equal(false)
    writeFileSync(join(dir, 'old.retry'), 'x\n')
    writeRetryFile(join(dir, 'old.retry'), { hosts: hosts({ a: { ok: 1 } }) })
    expect(readFileSync(join(dir, 'old.retry'), 'utf8')).to.equal('x\n')
  })
})

describe('createRenderer() kind and colour', () => {
  it('auto: tty on a terminal, plain in CI, with TERM=dumb or in a pipe', () => {
    expect(resolveKind('auto', { isTTY: true, env: {} })).to.equal('tty')
    expect(resolveKind('auto', { isTTY: true, env: { CI: 'true' } })).to.equal('plain')
    expect(resolveKind('auto', { isTTY: true, env: { CI: 'false' } })).to.equal('tty')
    expect(resolveKind('auto', { isTTY: true, env: { TERM: 'dumb' } })).to.equal('plain')
    expect(resolveKind('auto', { isTTY: false, env: {} })).to.equal('plain')
    expect(resolveKind('json', { isTTY: true, env: {} })).to.equal('json')
    const opts = { verbosity: 0 }
    expect(createRenderer('auto', fakeIo({ isTTY: false }), opts)).to.be.instanceOf(PlainRenderer)
    expect(createRenderer('json', fakeIo(), opts)).to.be.instanceOf(JsonRenderer)
    const tty = createRenderer('auto', fakeIo({ isTTY: true }), opts)
    expect(tty).to.be.instanceOf(TtyRenderer)
    tty.close()
  })

  it('colour: off without a TTY or with NO_COLOR, on with FORCE_COLOR', () => {
    expect(colorEnabled({ isTTY: true, env: {} })).to.equal(true)
    expect(colorEnabled({ isTTY: false, env: {} })).to.equal(false)
    expect(colorEnabled({ isTTY: true, env: { NO_COLOR: '1' } })).to.equal(false)
    expect(colorEnabled({ isTTY: false, env: { FORCE_COLOR: '1' } })).to.equal(true)
    expect(colorEnabled({ isTTY: true, env: { NO_COLOR: '1', FORCE_COLOR: '1' } })).to.equal(true)
    expect(colorEnabled({ isTTY: true, env: { FORCE_COLOR: '0', NO_COLOR: '1' } })).to.equal(false)
    expect(colorEnabled({ isTTY: false, env: { ANSIBLE_FORCE_COLOR: 'true' } })).to.equal(true)
  })

  it('plain output is coloured only when colour is on', () => {
    const ev: RunEvent = { type: 'play_start', name: 'p', hosts: [] }
    const forced = fakeIo({ env: { FORCE_COLOR: '1' } })
    const r = createRenderer('plain', forced, { verbosity: 0 })
    r.handle(ev)
    r.handle({ type: 'task_start', name: 't', hosts: 1, handler: false })
    r.handle({ type: 'host_result', host: 'h', task: 't', status: 'ok', durationMs: 1 })
    expect(forced.stdout).to.include('\u001b[0;32mok: [h]\u001b[0m')
    const piped = fakeIo({ isTTY: true, env: { NO_COLOR: '1' } })
    const p = createRenderer('plain', piped, { verbosity: 0 })
    p.handle({ type: 'host_result', host: 'h', task: 't', status: 'ok', durationMs: 1 })
    expect(piped.stdout).to.equal('ok: [h]\n')
  })
})
