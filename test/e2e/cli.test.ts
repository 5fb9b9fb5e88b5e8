import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO, runCli } from '../helpers/cli.js'

describe('tsplay CLI', () => {
  it('prints its version from package.json', async () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }
    const r = await runCli(['--version'])
    expect(r.code).to.equal(0)
    expect(r.stdout.split('\n')[0]).to.equal(pkg.version)
  })

  it('starts from the bundle built by npm run build with its code cache, or from the ES modules', async () => {
    const bundled = await runCli(['--version'])
    expect(bundled.stdout).to.contain(
      `started from = ${join(REPO, 'dist/engine/cli/tsplay.bundle.cjs')} (V8 code cache: used)`,
    )
    const modules = await runCli(['--version'], { env: { TSPLAY_NO_BUNDLE: '1' } })
    expect(modules.stdout).to.contain(`started from = ${join(REPO, 'dist/engine/cli/main.js')}\n`)
    // both start the same CLI
    const a = await runCli(['inventory', '-i', 'inventories/demo', '--list'])
    const b = await runCli(['inventory', '-i', 'inventories/demo', '--list'], {
      env: { TSPLAY_NO_BUNDLE: '1' },
    })
    expect(a.code).to.equal(0)
    expect(a.stdout).to.equal(b.stdout)
  })

  it('lists the commands in --help', async () => {
    const r = await runCli(['--help'])
    expect(r.code).to.equal(0)
    expect(r.stdout).to.match(/Usage: tsplay <command>/)
    expect(r.stdout).to.match(/\binventory\b/)
  })

  it('rejects an unknown command with a suggestion and exit code 5, without a stack trace', async () => {
    const r = await runCli(['inventroy'])
    expect(r.code).to.equal(5)
    expect(r.stderr).to.contain('unknown command `inventroy`')
    expect(r.stderr).to.contain('did you mean `tsplay inventory`?')
    expect(r.stderr).not.to.match(/\n\s+at /)
  })

  it('exits 5 and prints usage when no command is given', async () => {
    const r = await runCli([])
    expect(r.code).to.equal(5)
    expect(r.stdout).to.contain('Commands:')
  })
})
