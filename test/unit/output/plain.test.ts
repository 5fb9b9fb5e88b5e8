import { expect } from 'chai'
import type { RunEvent } from '../../../engine/output/events.js'
import { banner } from '../../../engine/output/format.js'
import { createRenderer } from '../../../engine/output/renderer.js'
import { fakeIo, play, recap, res, task } from './helpers.js'

const STARS = (prefix: string): string => `${prefix} ${'*'.repeat(79 - prefix.length)}`

function run(events: RunEvent[], opts: { verbosity?: number; color?: boolean } = {}) {
  const io = fakeIo()
  const r = createRenderer('plain', io, {
    verbosity: opts.verbosity ?? 0,
    color: opts.color,
  })
  for (const e of events) r.handle(e)
  r.close()
  return io
}

/** The lines printed for the events after a play and task banner */
function linesFor(events: RunEvent[], opts: { verbosity?: number } = {}): string[] {
  const io = run([play('p'), task('t'), ...events], opts)
  const after = io.stdout.split(`${STARS('TASK [t]')}\n`)[1]
  return (after ?? '').split('\n').slice(0, -1)
}

describe('plain renderer', () => {
  it('banners: blank line, title, stars to column 80 (at least 3)', () => {
    const io = run([play('web'), task('role : install'), task('restart x', 1, { handler: true })])
    expect(io.stdout).to.equal(
      `\n${STARS('PLAY [web]')}\n\n${STARS('TASK [role : install]')}\n\n${STARS('RUNNING HANDLER [restart x]')}\n`,
    )
    expect(STARS('PLAY [web]')).to.have.length(80)
    expect(banner('x'.repeat(100))).to.equal(`\n${'x'.repeat(100)} ***`)
    expect(run([play('')]).stdout).to.equal(`\n${STARS('PLAY')}\n`)
  })

  it('one line per status, with Ansible words', () => {
    expect(
      linesFor([
        res('h1', 'ok'),
        res('h2', 'changed'),
        res('h3', 'skipped'),
        res('h4', 'failed', { msg: 'no such file' }),
        res('h5', 'unreachable', { msg: 'timed out' }),
      ]),
    ).to.deep.equal([
      'ok: [h1]',
      'changed: [h2]',
      'skipping: [h3]',
      'fatal: [h4]: FAILED! => {"changed": false, "msg": "no such file"}',
      'fatal: [h5]: UNREACHABLE! => {"changed": false, "msg": "timed out", "unreachable": true}',
    ])
  })

  it('ignored failures print the failure then ...ignoring; ok+ignored is shown as the failure it was', () => {
    expect(
      linesFor([
        res('h1', 'failed', { ignored: true, result: { changed: true, failed: true, msg: 'rc 1', rc: 1 } }),
        res('h2', 'ok', { ignored: true, msg: 'boom' }),
      ]),
    ).to.deep.equal([
      'fatal: [h1]: FAILED! => {"changed": true, "msg": "rc 1", "rc": 1}',
      '...ignoring',
      'fatal: [h2]: FAILED! => {"changed": false, "msg": "boom"}',
      '...ignoring',
    ])
  })

  it('loop items, delegation and the loop summary', () => {
    expect(
      linesFor([
        res('h1', 'ok', { item: 'a' }),
        res('h1', 'changed', { item: 'b', delegatedTo: 'db1' }),
        res('h1', 'failed', { item: 'c', result: { msg: 'bad c', item: 'c' } }),
        res('h1', 'failed', { result: { results: [] } }),
        res('h2', 'skipped', { item: 'a', delegatedTo: 'db1' }),
        res('h3', 'changed', { delegatedTo: 'h3' }),
        res('h4', 'changed', { delegatedTo: 'lb' }),
      ]),
    ).to.deep.equal([
      'ok: [h1] => (item=a)',
      'changed: [h1 -> db1] => (item=b)',
      'failed: [h1] (item=c) => {"changed": false, "item": "c", "msg": "bad c"}',
      'skipping: [h2] => (item=a) ',
      'changed: [h3]',
      'changed: [h4 -> lb]',
    ])
  })

  it('host_retry: FAILED - RETRYING with the retries left (retries = all attempts, as ansible-core counts)', () => {
    const lines = linesFor([
      { type: 'host_retry', host: 'h1', task: 'wait', attempt: 1, retries: 3 },
      { type: 'host_retry', host: 'h1', task: 'wait', attempt: 2, retries: 3 },
    ])
    expect(lines).to.deep.equal([
      'FAILED - RETRYING: [h1]: wait (2 retries left).',
      'FAILED - RETRYING: [h1]: wait (1 retries left).',
    ])
  })

  it('recap: sorted hosts, %-26s, %-4s counts with trailing spaces, blank line, then the summary', () => {
    const io = run([
      play('a'),
      task('x'),
      play('b'),
      task('y'),
      task('z'),
      recap({ web2: { ok: 4, changed: 2, skipped: 1 }, db1: { ok: 12345, failed: 1 } }),
    ])
    const tail = io.stdout.split(`${STARS('PLAY RECAP')}\n`)[1]
    expect(tail).to.equal(
      'db1                        : ok=12345 changed=0    unreachable=0    failed=1    skipped=0    rescued=0    ignored=0   \n' +
        'web2                       : ok=4    changed=2    unreachable=0    failed=0    skipped=1    rescued=0    ignored=0   \n' +
        '\ntsplay: 2 plays, 3 tasks on 2 hosts in 3.2 s\n',
    )
  })

  it('summary line: singulars, minutes, interruption', () => {
    expect(run([play('a'), task('x'), recap({ h: {} }, 125_400)]).stdout).to.match(
      /\ntsplay: 1 play, 1 task on 1 host in 2 min 05 s\n$/,
    )
    expect(run([recap({ h: {} }, 800, true)]).stdout).to.match(
      /\ntsplay: interrupted after 0 plays, 0 tasks on 1 host in 0\.8 s\n$/,
    )
  })

  it('-v shows result JSON for ok/changed/skipped; default shows none', () => {
    const events = [
      res('h1', 'changed', { result: { changed: true, rc: 0, stdout: 'hi', _ansible_no_log: false } }),
    ]
    expect(linesFor(events)).to.deep.equal(['changed: [h1]'])
    expect(linesFor(events, { verbosity: 1 })).to.deep.equal([
      'changed: [h1] => {"changed": true, "rc": 0, "stdout": "hi"}',
    ])
    expect(linesFor([res('h1', 'skipped', { item: 'x' })], { verbosity: 1 })).to.deep.equal([
      'skipping: [h1] => (item=x)  => {"changed": false}',
    ])
  })

  it('-vv adds the PLAYBOOK banner and task path; -v does not', () => {
    const events: RunEvent[] = [
      { type: 'playbook_start', file: '/srv/site/playbooks/site.yml', checkMode: false },
      play('p'),
      task('t', 1, { path: '/srv/site/roles/x/tasks/main.yml:12' }),
    ]
    expect(run(events, { verbosity: 1 }).stdout).to.not.include('task path')
    expect(run(events, { verbosity: 2 }).stdout).to.equal(
      `\n${STARS('PLAYBOOK: site.yml')}\n\n${STARS('PLAY [p]')}\n\n${STARS('TASK [t]')}\ntask path: /srv/site/roles/x/tasks/main.yml:12\n`,
    )
  })

  it('-vvv shows verbose events (host prefixed) and indents JSON with invocation; fewer v hide them', () => {
    const events: RunEvent[] = [
      { type: 'verbose', level: 3, host: 'h1', message: 'EXEC /bin/sh -c true' },
      { type: 'verbose', level: 3, message: 'took 12 ms' },
      { type: 'verbose', level: 4, message: 'connection details' },
      res('h1', 'ok', { result: { changed: false, invocation: { module_args: { a: 1 } }, list: [] } }),
    ]
    expect(linesFor(events, { verbosity: 2 })).to.deep.equal(['ok: [h1] => {"changed": false, "list": []}'])
    expect(linesFor(events, { verbosity: 3 })).to.deep.equal([
      '<h1> EXEC /bin/sh -c true',
      'took 12 ms',
      'ok: [h1] => {',
      '    "changed": false,',
      '    "invocation": {',
      '        "module_args": {',
      '            "a": 1',
      '        }',
      '    },',
      '    "list": []',
      '}',
    ])
    expect(linesFor(events, { verbosity: 4 })).to.include('connection details')
  })

  it('debug always shows msg or the var, trimmed like Ansible, at any verbosity', () => {
    const msg = res('h1', 'ok', { action: 'debug', result: { changed: false, msg: 'hello', other: 1 } })
    const v = res('h1', 'ok', { action: 'debug', result: { changed: false, failed: false, 'app.port': 80 } })
    expect(linesFor([msg, v])).to.deep.equal([
      'ok: [h1] => {',
      '    "msg": "hello"',
      '}',
      'ok: [h1] => {',
      '    "app.port": 80',
      '}',
    ])
  })

  it('prints the diff a changed result carries before its line (only diff-mode tasks carry one)', () => {
    const changed = res('h1', 'changed', { diff: [{ path: '/etc/motd', before: 'hi\n', after: 'hello\n' }] })
    expect(linesFor([changed])).to.deep.equal([
      '--- before: /etc/motd',
      '+++ after: /etc/motd',
      '@@ -1 +1 @@',
      '-hi',
      '+hello',
      '',
      'changed: [h1]',
    ])
    // the executor attaches a diff only where the task's diff mode is on (--diff or `diff: true`)
    expect(linesFor([{ ...changed, diff: undefined }])).to.deep.equal(['changed: [h1]'])
    // Ansible shows diffs only for changed results
    expect(linesFor([{ ...changed, status: 'ok' }])).to.deep.equal(['ok: [h1]'])
  })

  it('diffs colour + green, - red, @@ cyan only when colour is on', () => {
    const io = run(
      [play('p'), task('t'), res('h1', 'changed', { diff: [{ path: 'f', before: 'a\n', after: 'b\n' }] })],
      {
        color: true,
      },
    )
    expect(io.stdout).to.include('\u001b[0;31m-a\u001b[0m\n').and.include('\u001b[0;32m+b\u001b[0m\n')
    expect(io.stdout)
      .to.include('\u001b[0;36m@@ -1 +1 @@\u001b[0m\n')
      .and.include('\u001b[0;33mchanged: [h1]\u001b[0m\n')
  })

  it('warnings: [WARNING] on stderr, wrapped at 79 columns, each once', () => {
    const long = 'word '.repeat(30).trim()
    const io = run([
      { type: 'warning', message: 'deprecated option' },
      { type: 'warning', message: 'deprecated option' },
      { type: 'warning', message: 'disk low', host: 'db1' },
      { type: 'warning', message: long },
    ])
    expect(io.stdout).to.equal('')
    const lines = io.stderr.split('\n')
    expect(lines.slice(0, 2)).to.deep.equal(['[WARNING]: deprecated option', '[WARNING]: db1: disk low'])
    expect(lines[2])
      .to.have.length.at.most(79)
      .and.match(/^\[WARNING\]: word word/)
    expect(lines.slice(2).join(' ').replace(/\s+$/, '')).to.equal(`[WARNING]: ${long}`)
  })

  it('no_more_hosts and a play without hosts', () => {
    const io = run([
      play('empty'),
      { type: 'play_no_hosts', name: 'empty' },
      { type: 'play_no_hosts', name: 'other' },
      { type: 'no_more_hosts', reason: 'all failed' },
    ])
    expect(io.stdout).to.equal(
      `\n${STARS('PLAY [empty]')}\nskipping: no hosts matched\n\n${STARS('PLAY [other]')}\nskipping: no hosts matched\n\n${STARS('NO MORE HOSTS LEFT')}\n`,
    )
  })
})
