/**
 * Command, control and fact modules against this machine through a real LocalConnection, called
 * the way the executor calls them: check, then apply when the plan says something changes.
 */
import { expect } from 'chai'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LocalConnection } from '../../engine/connection/local.js'
import { commandModule } from '../../engine/modules/command.js'
import { pingModule } from '../../engine/modules/ping.js'
import { rawModule } from '../../engine/modules/raw.js'
import { scriptModule } from '../../engine/modules/script.js'
import { setupModule } from '../../engine/modules/setup.js'
import { shellModule } from '../../engine/modules/shell.js'
import {
  ModuleFailure,
  type Module,
  type ModuleContext,
  type ModuleResult,
} from '../../engine/modules/types.js'
import { waitForModule } from '../../engine/modules/wait_for.js'

const conn = new LocalConnection('localhost')
const dir = realpathSync(mkdtempSync(join(tmpdir(), 'tsplay-cmd-e2e-')))

function ctxOf(over: Partial<ModuleContext> = {}): ModuleContext {
  return {
    host: 'localhost',
    conn,
    checkMode: false,
    diffMode: false,
    vars: {},
    findSource: (src) => join(dir, src),
    renderTemplate: () => '',
    artifactsDir: join(dir, 'artifacts'),
    ...over,
  }
}

/** What the executor does: plan, then apply unless check mode or nothing to change. */
async function run<A extends Record<string, unknown>>(
  mod: Module<A>,
  args: A,
  over: Partial<ModuleContext> = {},
): Promise<ModuleResult & { skipInCheck?: string }> {
  const ctx = ctxOf(over)
  try {
    const plan = await mod.check(args, ctx)
    if (ctx.checkMode && plan.skipInCheck)
      return { changed: false, skipped: true, skipInCheck: plan.skipInCheck }
    if (ctx.checkMode || !plan.changed) return { changed: plan.changed, ...plan.result }
    return await mod.apply(plan, args, ctx)
  } catch (err) {
    if (err instanceof ModuleFailure) return { changed: false, ...err.result, failed: true, msg: err.message }
    throw err
  }
}

describe('e2e: command modules on the local host', function () {
  after(() => conn.close())

  it('command runs in chdir, and its words are not shell syntax', async () => {
    const r = await run(commandModule, { cmd: 'pwd', chdir: dir })
    expect(r).to.include({ changed: true, rc: 0, stdout: dir })
    const words = await run(commandModule, { cmd: `echo a | wc -l; 'x  y' $NOPE_NOT_SET` })
    expect(words.stdout).to.equal('a | wc -l; x  y $NOPE_NOT_SET')
    expect(words.cmd).to.deep.equal(['echo', 'a', '|', 'wc', '-l;', 'x  y', '$NOPE_NOT_SET'])
  })

  it('command with creates runs once, then is skipped (relative to chdir)', async () => {
    const args = { cmd: 'touch made-by-command', chdir: dir, creates: 'made-by-command' }
    const first = await run(commandModule, args)
    expect(first).to.include({ changed: true, rc: 0 })
    expect(existsSync(join(dir, 'made-by-command'))).to.equal(true)
    const second = await run(commandModule, args)
    expect(second).to.include({ changed: false, msg: "Did not run command since 'made-by-command' exists" })
    const checked = await run(commandModule, args, { checkMode: true })
    expect(checked).to.include({
      changed: false,
      msg: "Would not run command since 'made-by-command' exists",
    })
  })

  it('command with removes runs only while the file is there', async () => {
    const file = join(dir, 'to-remove')
    writeFileSync(file, 'x')
    const first = await run(commandModule, { argv: ['rm', file], removes: file })
    expect(first).to.include({ changed: true, rc: 0 })
    expect(existsSync(file)).to.equal(false)
    const second = await run(commandModule, { argv: ['rm', file], removes: file })
    expect(second).to.include({ changed: false, stdout: `skipped, since ${file} does not exist` })
  })

  it('command feeds stdin and quotes argv', async () => {
    const r = await run(commandModule, { cmd: 'cat', stdin: 'hello stdin' })
    expect(r.stdout).to.equal('hello stdin')
    const a = await run(commandModule, { argv: ['printf', '%s|', 'a b', ';', '*', "it's"] })
    expect(a.stdout).to.equal("a b|;|*|it's|")
  })

  it('a non-zero rc fails the task with the output kept', async () => {
    const r = await run(commandModule, { argv: ['sh', '-c', 'echo out; echo err >&2; exit 3'] })
    expect(r).to.include({ failed: true, rc: 3, msg: 'non-zero return code', stdout: 'out', stderr: 'err' })
    expect(r.stderr_lines).to.deep.equal(['err'])
  })

  it('is skipped in check mode without creates/removes', async () => {
    const r = await run(commandModule, { cmd: `touch ${join(dir, 'never')}` }, { checkMode: true })
    expect(r.skipped).to.equal(true)
    expect(existsSync(join(dir, 'never'))).to.equal(false)
  })

  it('a timeout kills the command quickly and leaves no process behind', async () => {
    const t0 = Date.now()
    const r = await run(commandModule, { cmd: 'sleep 30.4242' }, { timeoutMs: 500 })
    expect(Date.now() - t0).to.be.below(5000)
    expect(r).to.include({ failed: true, msg: 'the command timed out after 0.5 s' })
    const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    expect(ps).not.to.contain('sleep 30.4242')
  })

  it('shell runs pipes and its executable', async () => {
    const r = await run(shellModule, { cmd: 'echo hello | tr a-z A-Z; echo "$0"' })
    expect(r.stdout_lines).to.deep.equal(['HELLO', '/bin/sh'])
    const b = await run(shellModule, { cmd: 'echo ${BASH_VERSION:+bash}', executable: '/bin/bash' })
    expect(b.stdout).to.equal('bash')
  })

  it('raw runs the text as is', async () => {
    const r = await run(rawModule, { _raw_params: 'echo raw; echo err >&2; exit 0' })
    expect(r).to.include({ changed: true, rc: 0, stdout: 'raw\n' })
    expect(r.stderr_lines).to.deep.equal(['err'])
  })

  it('script copies the file to a private temp dir, runs it with its args, removes it', async () => {
    writeFileSync(
      join(dir, 'show.sh'),
      '#!/bin/sh\nprintf "%s|" "$@"; echo\nstat -c %a "$0" "$(dirname "$0")"\necho "$0"\npwd\n',
    )
    const r = await run(scriptModule, { cmd: `show.sh one 'two words'`, chdir: dir })
    expect(r).to.include({ changed: true, rc: 0 })
    const [args, fileMode, dirMode, path, cwd] = r.stdout_lines as string[]
    expect(args).to.equal('one|two words|')
    expect(fileMode).to.equal('700')
    expect(dirMode).to.equal('700')
    expect(cwd).to.equal(dir)
    expect(existsSync(path!)).to.equal(false)
    const skipped = await run(scriptModule, { cmd: 'show.sh', creates: dir })
    expect(skipped).to.include({ changed: false })
  })

  it('a script killed by a timeout still has its temp dir removed', async () => {
    const tmp = join(dir, 'tmp')
    mkdirSync(tmp)
    writeFileSync(join(dir, 'slow.sh'), '#!/bin/sh\nsleep 20\n')
    const r = await run(scriptModule, { cmd: 'slow.sh' }, { timeoutMs: 400, env: { TMPDIR: tmp } })
    expect(r).to.include({ failed: true, msg: 'the command timed out after 0.4 s' })
    expect(readdirSync(tmp)).to.deep.equal([])
  })

  it('ping answers pong', async () => {
    expect(await run(pingModule, {})).to.include({ changed: false, ping: 'pong' })
  })
})

describe('e2e: wait_for on the local host', () => {
  let server: Server
  let openPort = 0
  let closedPort = 0

  before(async () => {
    server = createServer((s) => s.end())
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    openPort = (server.address() as AddressInfo).port
    const probe = createServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    closedPort = (probe.address() as AddressInfo).port
    await new Promise((resolve) => probe.close(resolve))
  })
  after(() => new Promise((resolve) => server.close(resolve)))

  it('returns once the port accepts connections', async () => {
    const r = await run(waitForModule, { port: openPort, timeout: 10 })
    expect(r).to.include({ changed: false, state: 'started', port: openPort })
    // whole seconds from `date +%s`: a check that straddles a second boundary says 1
    expect(r.elapsed).to.be.oneOf([0, 1])
    expect(r.failed).to.equal(undefined)
  })

  it('fails fast with Ansible’s message when the port never opens', async () => {
    const t0 = Date.now()
    const r = await run(waitForModule, { port: closedPort, timeout: 1 })
    expect(Date.now() - t0).to.be.below(5000)
    expect(r).to.include({ failed: true, msg: `Timeout when waiting for 127.0.0.1:${closedPort}` })
  })

  it('waits for a string to appear in a file', async () => {
    const file = join(dir, 'app.log')
    writeFileSync(file, 'starting\n')
    setTimeout(() => writeFileSync(file, 'starting\nserver ready on 8080\n'), 600)
    const r = await run(waitForModule, { path: file, search_regex: 'ready on \\d+', timeout: 10 })
    expect(r).to.include({ changed: false, path: file })
    expect(r.failed).to.equal(undefined)
  })
})

describe('e2e: setup on the local host', () => {
  it('gathers Debian facts in one round trip', async () => {
    const calls: string[] = []
    const counting = Object.assign(Object.create(conn) as LocalConnection, {
      exec: (cmd: string, opts?: Parameters<LocalConnection['exec']>[1]) => (
        calls.push(cmd),
        conn.exec(cmd, opts)
      ),
    })
    const times: number[] = []
    let facts: Record<string, unknown> = {}
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now()
      const r = await run(setupModule, {}, { conn: counting })
      times.push(performance.now() - t0)
      facts = r.ansible_facts as Record<string, unknown>
    }
    expect(calls).to.have.length(5)
    times.sort((a, b) => a - b)
    console.log(
      `      setup: median ${times[2]!.toFixed(1)} ms (min ${times[0]!.toFixed(1)}, max ${times[4]!.toFixed(1)})`,
    )
    expect(facts).to.include({ distribution: 'Debian', os_family: 'Debian', pkg_mgr: 'apt', system: 'Linux' })
    expect(facts['distribution_major_version']).to.match(/^\d+$/)
    expect(facts['processor_vcpus']).to.be.a('number').and.at.least(1)
    expect(facts['memtotal_mb']).to.be.a('number').and.above(0)
    expect((facts['env'] as Record<string, string>)['PATH']).to.be.a('string')
    expect((facts['date_time'] as Record<string, string>)['epoch']).to.match(/^\d+$/)
    expect(facts['user_id']).to.equal(execFileSync('id', ['-un'], { encoding: 'utf8' }).trim())
    expect(facts['interfaces']).to.include('lo')
  })

  it('honours gather_subset and filter', async () => {
    const r = await run(setupModule, {
      gather_subset: ['!all', '!min', 'hardware'],
      filter: ['ansible_mem*'],
    })
    const facts = r.ansible_facts as Record<string, unknown>
    expect(Object.keys(facts).sort()).to.deep.equal(
      ['gather_subset', 'memfree_mb', 'memory_mb', 'memtotal_mb', 'module_setup'].sort(),
    )
  })
})
