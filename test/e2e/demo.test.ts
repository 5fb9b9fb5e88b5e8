/** The README's quick-start demo: it runs, and a second run changes nothing. */
import { expect } from 'chai'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli } from '../helpers/cli.js'
import { recap } from '../helpers/events.js'

describe('the README demo (playbooks/demo.yml)', function () {
  this.timeout(60_000)
  it('prepares every demo host and is idempotent', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tsplay-demo-'))
    try {
      const args = [
        'run',
        'playbooks/demo.yml',
        '-i',
        'inventories/demo',
        '-c',
        'local',
        '-e',
        `demo_root=${root}`,
        '--json',
      ]
      const first = await runCli(args)
      expect(first.code, first.stderr).to.equal(0)
      const hosts = Object.keys(recap(first.stdout))
      expect(hosts).to.include.members(['bastion', 'harbor', 'master01', 'node01', 'node02', 'gpu01'])
      const etcHosts = readFileSync(join(root, 'node01/etc/hosts'), 'utf8')
      expect(etcHosts).to.contain('127.0.0.11 master01\n')
      const second = await runCli(args)
      for (const h of hosts) expect(recap(second.stdout)[h], h).to.include({ changed: 0, failed: 0 })
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})
