/** What `tsplay run` prints, with and without -v, line by line against ansible-playbook's output. */
import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { REPO, runCli } from '../helpers/cli.js'
import { results } from '../helpers/events.js'

const dir = join(REPO, 'test/fixtures/run')

/** The TASK sections and the recap of a run's output, with times (they differ run to run) masked. */
function tasks(stdout: string): string {
  const body = stdout.slice(stdout.indexOf('TASK ['), stdout.indexOf('\n\n', stdout.indexOf('PLAY RECAP')))
  return body.replace(/"(delta|start|end)": "[^"]*"/g, '"$1": "T"')
}

function ansiblePlaybook(playbook: string, extra: string[]): string {
  const r = spawnSync('ansible-playbook', ['-i', 'inventory.ini', playbook, ...extra], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      ANSIBLE_NOCOLOR: '1',
      ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3',
      ANSIBLE_RETRY_FILES_ENABLED: '0',
    },
  })
  expect(r.status, r.stdout + r.stderr).to.equal(0)
  return r.stdout
}

describe('run output, as ansible-playbook prints it', function () {
  this.timeout(120_000)

  // each case runs with these option sets; at -v Ansible adds its Jinja error text to an undefined
  // debug var, so serial-output is compared at the default verbosity only
  const cases: [string, string, string[][]][] = [
    [
      'loop-verbose.yml',
      'loop items (skipped, index_var), a registered result and a passed assert',
      [['-v'], []],
    ],
    [
      'rescue-output.yml',
      'a rescue reading ansible_failed_task/_result, failed_when, labels, creates, handlers',
      [['-v'], []],
    ],
    ['include-output.yml', 'include_tasks (once, looped, skipped) and include_role', [['-v'], []]],
    ['serial-output.yml', 'serial batches, retries running out, fail and with_items', [[]]],
    [
      'diff-output.yml',
      'diffs of line, block, replace, mode and state edits, and the diff keyword',
      [['--diff'], []],
    ],
    ['become-cli.yml', '-b --become-user under a become: false keyword', [['-b', '--become-user', 'nobody']]],
  ]
  for (const [playbook, what, verbosities] of cases) {
    it(`shows ${what} as Ansible does (${verbosities.map((v) => v.join(' ') || 'default').join(', ')})`, async () => {
      for (const verbosity of verbosities) {
        const ansible = ansiblePlaybook(playbook, verbosity)
        const ours = await runCli(['run', playbook, '-i', 'inventory.ini', ...verbosity], { cwd: dir })
        expect(ours.code, ours.stdout + ours.stderr).to.equal(0)
        expect(tasks(ours.stdout), verbosity.join(' ')).to.equal(tasks(ansible))
        if (playbook === 'become-cli.yml') expect(ours.stdout).to.contain('"msg": "nobody root"')
      }
    })
  }

  it('registers each loop item with its loop variable and index', async () => {
    const json = await runCli(['run', 'loop-verbose.yml', '-i', 'inventory.ini', '--json'], { cwd: dir })
    const loop = results(json.stdout, 'items').find((e) => e.item === undefined)!.result!
    expect(loop['skipped']).to.equal(false)
    expect(
      (loop['results'] as Record<string, unknown>[]).map((r) => [r['ansible_loop_var'], r['item'], r['idx']]),
    ).to.deep.equal([
      ['item', 'a', 0],
      ['item', 'b', 1],
    ])
  })
})
