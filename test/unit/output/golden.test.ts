/**
 * The plain renderer against real ansible-playbook output captured on this machine
 * (test/fixtures/output/generate.sh). The events below mirror golden.yml and verbose.yml one by one.
 */
import { expect } from 'chai'
import type { RunEvent } from '../../../engine/output/events.js'
import { createRenderer } from '../../../engine/output/renderer.js'
import { fakeIo, fixture, play, recap, res, task } from './helpers.js'

const LONG = 'a-host-name-that-is-much-longer-than-26'
const UNREACHABLE_MSG =
  'Failed to connect to the host via ssh: ssh: connect to host 127.0.0.1 port 1: Connection refused'
const verboseAlways = { _ansible_verbose_always: true }
const assertOk = {
  ...verboseAlways,
  ansible_loop_var: 'item',
  changed: false,
  item: 'a',
  msg: 'All assertions passed',
}
const assertFailed = {
  ...verboseAlways,
  ansible_loop_var: 'item',
  assertion: "item != 'b'",
  changed: false,
  evaluated_to: false,
  failed: true,
  item: 'b',
  msg: 'Assertion failed',
}

function skippedLoop(host: string): RunEvent[] {
  return [
    res(host, 'skipped', { item: 'a' }),
    res(host, 'skipped', { item: 'b' }),
    res(host, 'skipped', { result: { changed: false, skipped: true, results: [{}, {}] } }),
  ]
}

function assertLoop(host: string): RunEvent[] {
  return [
    res(host, 'ok', { item: 'a', result: assertOk }),
    res(host, 'failed', { item: 'b', result: assertFailed }),
    res(host, 'failed', {
      ignored: true,
      result: { changed: false, msg: 'One or more items failed', results: [] },
    }),
  ]
}

const skipBoth = [res('h2', 'skipped'), res(LONG, 'skipped')]

const goldenEvents: RunEvent[] = [
  { type: 'playbook_start', file: 'test/fixtures/output/golden.yml', checkMode: false },
  play('web servers', ['h1', 'h2', LONG, 'h5']),
  task('ping all', 4),
  res('h1', 'ok'),
  res('h2', 'changed'),
  res(LONG, 'ok'),
  res('h5', 'unreachable', { msg: UNREACHABLE_MSG }),
  task('common : show msg', 3),
  res('h1', 'ok', { action: 'debug', result: { changed: false, msg: 'hello' } }),
  ...skipBoth,
  task('show var', 3),
  res('h1', 'ok', { action: 'ansible.builtin.debug', result: { changed: false, foo: [1, 'two'] } }),
  ...skipBoth,
  task('loop items', 3),
  res('h1', 'ok', { item: 'a' }),
  res('h1', 'changed', { item: 'b' }),
  res('h1', 'changed', { result: { changed: true, results: [{}, {}] } }),
  ...skippedLoop('h2'),
  ...skippedLoop(LONG),
  task('delegated', 3),
  res('h1', 'changed', { delegatedTo: 'h2' }),
  ...skipBoth,
  task('edit line', 3),
  res('h1', 'changed', {
    diff: [
      {
        path: '/tmp/tsplay-golden/lines.txt (content)',
        before: 'a=1\nb=old\nc=3\n',
        after: 'a=1\nb=new\nc=3\n',
      },
    ],
  }),
  ...skipBoth,
  task('fail ignored', 3),
  res('h1', 'skipped'),
  res('h2', 'failed', { ignored: true, msg: 'boom', result: { changed: false, failed: true, msg: 'boom' } }),
  res(LONG, 'skipped'),
  task('check items', 3),
  ...assertLoop('h1'),
  ...skippedLoop('h2'),
  ...assertLoop(LONG),
  task('real failure', 3),
  res('h1', 'skipped'),
  res('h2', 'failed', { msg: 'it broke' }),
  res(LONG, 'skipped'),
  task('restart x', 1, { handler: true }),
  res('h1', 'changed'),
  play('nothing here'),
  { type: 'warning', message: 'Could not match supplied host pattern, ignoring: nomatch' },
  { type: 'play_no_hosts', name: 'nothing here' },
  play('second play', ['h1', LONG]),
  task('all fail', 2),
  res('h1', 'failed', { msg: 'stop' }),
  res(LONG, 'failed', { msg: 'stop' }),
  recap({
    [LONG]: { ok: 2, failed: 1, skipped: 7, ignored: 1 },
    h1: { ok: 8, changed: 4, failed: 1, skipped: 2, ignored: 1 },
    h2: { ok: 2, changed: 1, failed: 1, skipped: 6, ignored: 1 },
    h5: { unreachable: 1 },
  }),
]

const verboseEvents: RunEvent[] = [
  play('verbose', ['localhost']),
  task('set a fact'),
  res('localhost', 'ok', { result: { ansible_facts: { x: 1 }, changed: false } }),
  task('skipped'),
  res('localhost', 'skipped', { msg: 'Conditional result was False' }),
  task('say'),
  res('localhost', 'ok', { action: 'debug', result: { changed: false, msg: 'hi' } }),
  task('items'),
  res('localhost', 'ok', {
    item: 'a',
    result: { ansible_facts: { z: 'a' }, ansible_loop_var: 'item', changed: false, item: 'a' },
  }),
  res('localhost', 'ok', { result: { changed: false, results: [{}] } }),
  task('fails'),
  res('localhost', 'failed', { ignored: true, result: { changed: false, failed: true, msg: 'bad' } }),
  recap({ localhost: { ok: 4, skipped: 1, ignored: 1 } }, 1500),
]

function render(events: RunEvent[], opts: { verbosity?: number; color?: boolean }) {
  const io = fakeIo()
  const r = createRenderer('plain', io, {
    verbosity: opts.verbosity ?? 0,
    color: opts.color,
  })
  for (const e of events) r.handle(e)
  r.close()
  return io
}

describe('plain renderer vs ansible-playbook (golden files)', () => {
  it('golden.yml --diff: every line as Ansible prints it, then our summary line', () => {
    const io = render(goldenEvents, {})
    expect(fixture('ansible-version.txt')).to.match(/^ansible-playbook \[core 2\./)
    expect(io.stdout).to.equal(`${fixture('golden.out')}tsplay: 3 plays, 11 tasks on 4 hosts in 3.2 s\n`)
  })

  it('golden.yml: warnings go to stderr exactly as Ansible writes them', () => {
    expect(render(goldenEvents, {}).stderr).to.equal(fixture('golden.err'))
  })

  it('golden.yml with colour: byte-identical to ANSIBLE_FORCE_COLOR output', () => {
    const io = render(goldenEvents, { color: true })
    expect(io.stdout).to.equal(
      `${fixture('golden-color.out')}tsplay: 3 plays, 11 tasks on 4 hosts in 3.2 s\n`,
    )
    expect(io.stderr).to.equal(fixture('golden-color.err'))
  })

  it('verbose.yml -v: results as compact sorted JSON, debug pretty-printed', () => {
    const io = render(verboseEvents, { verbosity: 1 })
    expect(io.stdout).to.equal(`${fixture('verbose.out')}tsplay: 1 play, 5 tasks on 1 host in 1.5 s\n`)
  })
})
