/** `tsplay run -v` for loop items and a registered result, line by line against ansible-playbook -v. */
import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { REPO, runCli } from '../helpers/cli.js'
import { results } from '../helpers/events.js'

const dir = join(REPO, 'test/fixtures/run')

/** The TASK sections of a run's output, with times (which differ run to run) masked. */
function tasks(stdout: string): string {
  const body = stdout.slice(stdout.indexOf('TASK ['), stdout.indexOf('PLAY RECAP'))
  return body.replace(/"(delta|start|end)": "[^"]*"/g, '"$1": "T"')
}

describe('loop item results at -v, as ansible-playbook prints them', function () {
  this.timeout(120_000)

  it('shows loop items, registered results and a passed assert as Ansible does, at -v and without', async () => {
    for (const verbosity of [['-v'], []]) {
      const ansible = spawnSync(
        'ansible-playbook',
        ['-i', 'inventory.ini', 'loop-verbose.yml', ...verbosity],
        {
          cwd: dir,
          encoding: 'utf8',
          env: {
            ...process.env,
            ANSIBLE_NOCOLOR: '1',
            ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3',
            ANSIBLE_RETRY_FILES_ENABLED: '0',
          },
        },
      )
      expect(ansible.status, ansible.stdout + ansible.stderr).to.equal(0)
      const ours = await runCli(['run', 'loop-verbose.yml', '-i', 'inventory.ini', ...verbosity], {
        cwd: dir,
      })
      expect(ours.code, ours.stdout + ours.stderr).to.equal(0)
      expect(tasks(ours.stdout), verbosity.join(' ')).to.equal(tasks(ansible.stdout))
    }
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
