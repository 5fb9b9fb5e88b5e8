import { expect } from 'chai'
import type { RunEvent } from '../../../engine/output/events.js'
import { createRenderer, loadSpinner } from '../../../engine/output/renderer.js'
import { fakeIo, play, plainText, recap, res, screen, task } from './helpers.js'

const SHOW_CURSOR = '\u001b[?25h'
const HIDE_CURSOR = '\u001b[?25l'

const events: RunEvent[] = [
  play('web', ['h1', 'h2', 'h3']),
  task('install', 3),
  res('h1', 'ok'),
  res('h2', 'changed'),
  { type: 'warning', message: 'careful' },
  res('h3', 'failed', { msg: 'boom' }),
  task('restart', 2, { handler: true }),
  res('h1', 'skipped'),
  res('h2', 'unreachable', { msg: 'gone' }),
  recap({ h1: { ok: 1, skipped: 1 }, h2: { ok: 1, changed: 1, unreachable: 1 }, h3: { failed: 1 } }),
]

function ttyRun(list: RunEvent[], env: NodeJS.ProcessEnv = {}) {
  const io = fakeIo({ isTTY: true, env: { COLUMNS: '80', ...env } })
  const r = createRenderer('auto', io, { verbosity: 0 })
  for (const e of list) r.handle(e)
  r.close()
  return io
}

function plainRun(list: RunEvent[]) {
  const io = fakeIo()
  const r = createRenderer('plain', io, { verbosity: 0, color: false })
  for (const e of list) r.handle(e)
  r.close()
  return io
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('tty renderer', () => {
  before(loadSpinner) // as `tsplay run` does on a terminal

  it('colours statuses like Ansible and the recap per host', () => {
    const out = ttyRun(events).stdout
    expect(out).to.include('\u001b[0;32mok: [h1]\u001b[0m\n')
    expect(out).to.include('\u001b[0;33mchanged: [h2]\u001b[0m\n')
    expect(out).to.include('\u001b[0;31mfatal: [h3]: FAILED! => {"changed": false, "msg": "boom"}\u001b[0m\n')
    expect(out).to.include('\u001b[0;36mskipping: [h1]\u001b[0m\n')
    expect(out).to.include('\u001b[1;31mfatal: [h2]: UNREACHABLE! =>')
    expect(out).to.include(`${'\u001b[0;32mh1\u001b[0m'.padEnd(37)} : \u001b[0;32mok=1   \u001b[0m`)
    expect(out).to.include(`${'\u001b[0;31mh2\u001b[0m'.padEnd(37)} : `)
  })

  it('shows the spinner with task progress while the task runs', () => {
    const out = ttyRun(events).stdout
    expect(out).to.include('TASK [install] 0/3 hosts done')
    expect(out).to.include('TASK [install] 2/3 hosts done')
    expect(out).to.include('TASK [restart] 1/2 hosts done')
    expect(out).to.include(HIDE_CURSOR)
  })

  it('the screen ends up with exactly the plain lines: spinner cleared before every line', () => {
    const io = ttyRun(events)
    const expected = plainRun(events)
    expect(screen(io.stdout)).to.deep.equal(expected.stdout.split('\n').map((l) => l.trimEnd()))
    expect(plainText(io.stderr)).to.equal(expected.stderr)
    for (const line of ['ok: [h1]', 'changed: [h2]', 'skipping: [h1]', 'PLAY RECAP'])
      expect(plainText(io.stdout).split(line)).to.have.length(2)
  })

  it('close() stops the spinner: cursor shown again, no frame after it, nothing more written', async () => {
    const io = fakeIo({ isTTY: true, env: { COLUMNS: '80' } })
    const r = createRenderer('tty', io, { verbosity: 0 })
    r.handle(play('p'))
    r.handle(task('slow', 5))
    r.handle(res('h1', 'ok'))
    await sleep(200) // several spinner frames
    r.close()
    r.close()
    const out = io.stdout
    expect(out.lastIndexOf(SHOW_CURSOR)).to.be.greaterThan(out.lastIndexOf(HIDE_CURSOR))
    expect(out.slice(out.lastIndexOf(SHOW_CURSOR))).to.not.include('hosts done')
    expect(screen(out).filter((l) => l.includes('hosts done'))).to.deep.equal([])
    const length = out.length
    await sleep(200)
    expect(io.stdout.length).to.equal(length)
  })

  it('NO_COLOR keeps the spinner but drops colours', () => {
    const out = ttyRun(events, { NO_COLOR: '1' }).stdout
    expect(out).to.include('hosts done')
    expect(out).to.not.match(/\u001b\[[0-9;]+m/)
  })
})
