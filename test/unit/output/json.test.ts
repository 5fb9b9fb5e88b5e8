import { expect } from 'chai'
import type { RunEvent } from '../../../engine/output/events.js'
import { createRenderer } from '../../../engine/output/renderer.js'
import { fakeIo, play, recap, res, task } from './helpers.js'

describe('json renderer', () => {
  const events: RunEvent[] = [
    { type: 'playbook_start', file: 'site.yml', checkMode: true },
    play('p', ['h1']),
    task('t'),
    res('h1', 'changed', { diff: [{ path: '/f', before: 'a', after: 'b' }], result: { changed: true } }),
    { type: 'warning', message: 'w' },
    { type: 'verbose', level: 4, message: 'v' },
    recap({ h1: { ok: 1, changed: 1 } }),
  ]

  it('writes one JSON event per line, exactly the event objects, recap last; nothing on stderr', () => {
    const io = fakeIo({ isTTY: true })
    const r = createRenderer('json', io, { verbosity: 0 })
    for (const e of events) r.handle(e)
    r.handle({ type: 'warning', message: 'after the recap' })
    r.close()
    const lines = io.stdout.trimEnd().split('\n')
    expect(io.stdout.endsWith('\n')).to.equal(true)
    expect(lines.map((l) => JSON.parse(l) as RunEvent)).to.deep.equal(events)
    expect((JSON.parse(lines[lines.length - 1]!) as RunEvent).type).to.equal('recap')
    expect(io.stderr).to.equal('')
    expect(io.stdout).to.not.include('\u001b')
  })
})
