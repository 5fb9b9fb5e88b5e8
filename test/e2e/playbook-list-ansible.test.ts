/**
 * `tsplay run --list-tasks/--list-tags/--list-hosts` must print what `ansible-playbook` prints for the same
 * playbook, including Ansible's tag semantics (always, never, tagged, untagged, all).
 */
import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { REPO, runCli } from '../helpers/cli.js'

const dir = join(REPO, 'test/fixtures/playbooks/good')

function ansible(args: string[]): string {
  const r = spawnSync('ansible-playbook', ['-i', 'inventory.ini', 'site.yml', ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      ANSIBLE_LOCALHOST_WARNING: '0',
      ANSIBLE_NOCOLOR: '1',
      ANSIBLE_DEPRECATION_WARNINGS: '0',
    },
  })
  expect(r.status, r.stderr).to.equal(0)
  return r.stdout
}

function sortHostBlocks(text: string): string {
  return text.replace(
    /(hosts \(\d+\):\n)((?: {6}\S+\n)*)/g,
    (_m, head: string, body: string) =>
      head +
      body
        .split('\n')
        .filter(Boolean)
        .sort()
        .map((l) => l + '\n')
        .join(''),
  )
}

const selections: string[][] = [
  [],
  ['--tags', 'web'],
  ['--tags', 'never'],
  ['--tags', 'port'],
  ['--skip-tags', 'web'],
  ['--tags', 'tagged'],
  ['--tags', 'untagged'],
  ['--skip-tags', 'always'],
  ['--tags', 'all', '--skip-tags', 'blocky'],
  ['--tags', 'extra,db'],
  ['--skip-tags', 'tagged'],
  ['--skip-tags', 'all'],
]

describe('tsplay run --list-tasks/--list-tags/--list-hosts agree with ansible-playbook', function () {
  this.timeout(120_000)
  for (const sel of selections) {
    it(`lists the same tasks with ${sel.length ? sel.join(' ') : 'no tag selection'}`, async () => {
      const ours = await runCli(['run', 'site.yml', '-i', 'inventory.ini', '--list-tasks', ...sel], {
        cwd: dir,
      })
      expect(ours.stderr).to.equal('')
      expect(ours.code).to.equal(0)
      expect(ours.stdout).to.equal(ansible(['--list-tasks', ...sel]))
    })
  }

  for (const sel of selections) {
    it(`lists the same tags with ${sel.length ? sel.join(' ') : 'no tag selection'}`, async () => {
      const ours = await runCli(['run', 'site.yml', '-i', 'inventory.ini', '--list-tags', ...sel], {
        cwd: dir,
      })
      expect(ours.code, ours.stderr).to.equal(0)
      expect(ours.stdout).to.equal(ansible(['--list-tags', ...sel]))
    })
  }

  for (const limit of [[], ['--limit', 'web1'], ['--limit', 'app:!web2'], ['--limit', 'db']]) {
    it(`lists the same hosts with ${limit.length ? limit.join(' ') : 'no limit'}`, async () => {
      const ours = await runCli(['run', 'site.yml', '-i', 'inventory.ini', '--list-hosts', ...limit], {
        cwd: dir,
      })
      expect(ours.code).to.equal(0)
      // ansible-playbook collects a play's hosts in a Python set, so only their set is comparable
      expect(sortHostBlocks(ours.stdout)).to.equal(sortHostBlocks(ansible(['--list-hosts', ...limit])))
    })
  }
})
