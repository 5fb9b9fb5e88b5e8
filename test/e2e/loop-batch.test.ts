/** A loop of `file` directories in one command: the same outcomes as one command per item. */
import { expect } from 'chai'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { REPO, runCli } from '../helpers/cli.js'
import { results } from '../helpers/events.js'

const dir = join(REPO, 'test/fixtures/run')

describe('loops in one command (Module.batch)', function () {
  this.timeout(60_000)
  const roots: string[] = []
  after(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })))

  async function run(pause: string, output: '--json' | '-vvv') {
    const root = mkdtempSync(join(tmpdir(), 'tsplay-batch-'))
    roots.push(root)
    const owner = userInfo().username
    const args = [
      '-i',
      'inventory.ini',
      '-e',
      `root=${root}`,
      '-e',
      `pause=${pause}`,
      '-e',
      `owner=${owner}`,
      output,
    ]
    return { root, r: await runCli(['run', 'loop-batch.yml', ...args], { cwd: dir }) }
  }

  /** What a user sees of each item, with the root directory taken out */
  const items = (stdout: string, root: string, task = 'directories') =>
    results(stdout, task).map((r) =>
      JSON.parse(
        JSON.stringify({ ...r, durationMs: 0 })
          .split(root)
          .join('R'),
      ),
    )

  it('gives each item the result it gets when the items run one by one, in fewer commands', async () => {
    const batched = await run('0', '--json')
    const single = await run('0.001', '--json')
    expect(batched.r.code, batched.r.stdout + batched.r.stderr).to.equal(0)
    const got = items(batched.r.stdout, batched.root)
    expect(got).to.deep.equal(items(single.r.stdout, single.root))
    expect(got.map((r: { status: string }) => r.status)).to.deep.equal([
      'changed',
      'changed',
      'skipped',
      'failed',
      'changed',
      'failed',
      'changed',
      'failed', // the loop's own result
    ])
    expect(statSync(join(batched.root, 'd/e')).mode & 0o777).to.equal(0o750)
    expect(results(batched.r.stdout, 'what was registered')[0]!.msg).to.equal('true true')
  })

  it('creates, keeps and fixes directories as one by one, with one mkdir and one stat', async () => {
    const batched = await run('0', '--json')
    const single = await run('0.001', '--json')
    const tasks = ['shared parents', 'one to fix', 'again', 'an item and its parent after it']
    for (const task of tasks)
      expect(items(batched.r.stdout, batched.root, task), task).to.deep.equal(
        items(single.r.stdout, single.root, task),
      )
    const status = (task: string) =>
      items(batched.r.stdout, batched.root, task).map((r: { status: string }) => r.status)
    expect(status('shared parents')).to.deep.equal(['changed', 'changed', 'changed', 'ok', 'changed'])
    expect(status('one to fix')).to.deep.equal(['changed', 'changed', 'ok', 'changed'])
    expect(status('again')).to.deep.equal(['ok', 'ok', 'ok', 'ok', 'ok'])
    expect(status('an item and its parent after it')).to.deep.equal(['changed', 'ok', 'ok', 'changed'])
    for (const d of ['x', 'x/one', 'x/two', 'three', 'm', 'n'])
      expect(statSync(join(batched.root, d)).mode & 0o777, d).to.equal(0o750)
  })

  it('runs a loop of existing directories as one command with one stat process', async () => {
    const { r } = await run('0', '-vvv')
    const execs = (task: string) =>
      r.stdout.split(`TASK [${task}]`)[1]!.split('TASK [')[0]!.split('EXEC (rc=').slice(1)
    expect(execs('again')).to.have.length(1)
    // the per-item scripts after `@@slow` only run when mkdir fails
    const fast = execs('again')[0]!.split('echo @@slow')[0]!
    expect(fast.match(/\bstat -c/g)).to.have.length(1)
    expect(fast.match(/\bmkdir -m/g)).to.have.length(1)
    // the existing directory with another mode is fixed by its own command
    expect(execs('one to fix')).to.have.length(2)
    expect(execs('shared parents')).to.have.length(1)
  })

  it('sends the items before the one that is a file in one command', async () => {
    const { root, r } = await run('0', '-vvv')
    const task = r.stdout.split('TASK [directories]')[1]!.split('TASK [')[0]!
    const execs = task.split('EXEC (rc=').slice(1)
    // a, b, blocker/sub and c together (the command stops at plainfile), then plainfile (two
    // round trips) and d/e one by one
    expect(execs).to.have.length(4)
    for (const item of ['a', 'b', 'blocker/sub', 'c', 'plainfile'])
      expect(execs[0]).to.contain(`${root}/${item}`)
  })
})
