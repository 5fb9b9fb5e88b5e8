/** Ctrl-C during `tsplay run`: a real SIGINT stops new work, prints the recap so far and exits 99. */
import { expect } from 'chai'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { CLI, REPO } from '../helpers/cli.js'
import { recap } from '../helpers/events.js'

const dir = join(REPO, 'test/fixtures/run')

function startSlowRun() {
  const child = spawn(process.execPath, [CLI, 'run', 'slow.yml', '-i', 'inventory.ini', '--json'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const started = new Promise<void>((resolve) => {
    const check = () => (stdout.includes('"Sleep a long time"') ? resolve() : setTimeout(check, 20))
    check()
  })
  const done = new Promise<{ code: number | null; ms: number }>((resolve) => {
    const t0 = Date.now()
    child.on('close', (code) => resolve({ code, ms: Date.now() - t0 }))
  })
  return { child, started, done, out: () => stdout, err: () => stderr }
}

describe('Ctrl-C during tsplay run', function () {
  this.timeout(30_000)

  it('kills running commands after the grace period, prints the recap and exits 99', async () => {
    const run = startSlowRun()
    await run.started
    await new Promise((r) => setTimeout(r, 200))
    const t0 = Date.now()
    run.child.kill('SIGINT')
    const { code } = await run.done
    const elapsed = Date.now() - t0
    expect(code).to.equal(99)
    expect(elapsed, 'the 30 s sleep was killed after the grace period').to.be.lessThan(15_000)
    expect(run.err()).to.contain('interrupted')
    expect(recap(run.out())['h1']).to.include({ ok: 0, changed: 0 })
    expect(run.out()).not.to.contain('Never reached')
  })

  it('kills at once on a second Ctrl-C', async () => {
    const run = startSlowRun()
    await run.started
    run.child.kill('SIGINT')
    await new Promise((r) => setTimeout(r, 300))
    const t0 = Date.now()
    run.child.kill('SIGINT')
    const { code } = await run.done
    expect(code).to.equal(99)
    expect(Date.now() - t0).to.be.lessThan(3000)
  })
})
