/**
 * copy/template/file state=directory outside check and diff mode: check reads nothing and apply
 * compares and writes in one exec, with results identical to the two-round-trip path.
 */
import { expect } from 'chai'
import {
  chmodSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { LocalConnection } from '../../../../engine/connection/local.js'
import type { Connection, ExecOptions } from '../../../../engine/connection/types.js'
import { copyModule } from '../../../../engine/modules/copy.js'
import { fileModule } from '../../../../engine/modules/file.js'
import { templateModule } from '../../../../engine/modules/template.js'
import type { Module, ModuleContext } from '../../../../engine/modules/types.js'
import { REPO, runCli } from '../../../helpers/cli.js'
import { results } from '../../../helpers/events.js'
import { failureOf, makeCtx, runModule, tempLeftovers, useTempDir } from './host-helpers.js'

/** A LocalConnection that counts its execs. */
class Counting implements Connection {
  readonly host = 'web1'
  execs = 0
  private readonly inner = new LocalConnection('web1')
  exec(command: string, opts?: ExecOptions) {
    this.execs++
    return this.inner.exec(command, opts)
  }
  close() {
    return this.inner.close()
  }
}

describe('one-round-trip copy, template and file state=directory', function () {
  this.timeout(20_000)
  let dir = ''
  useTempDir((d) => (dir = d), 'files', 'templates', 'host')
  const h = (p = '') => join(dir, 'host', p)

  /** Runs like the executor and counts execs; `fast`: neither check nor diff mode. */
  async function counted(mod: Module, args: Record<string, unknown>, over: Partial<ModuleContext> = {}) {
    const conn = new Counting()
    const ctx = makeCtx(dir, { conn, diffMode: false, ...over })
    const { plan, result } = await runModule(mod, args, ctx)
    return { plan, result, execs: conn.execs }
  }
  /** The same with the two-round-trip path (diff mode), without the diff. */
  const twoTrip = (mod: Module, args: Record<string, unknown>) => counted(mod, args, { diffMode: true })

  /** Runs `setup` then the module with each path; the results must be equal. */
  async function sameAsTwoTrip(mod: Module, args: Record<string, unknown>, setup: () => void) {
    const fresh = () => {
      rmSync(h(), { recursive: true, force: true })
      mkdirSync(h())
      setup()
    }
    fresh()
    const slow = await twoTrip(mod, args)
    const slowTree = tree()
    fresh()
    const fast = await counted(mod, args)
    const noPid = (r: Record<string, unknown>) =>
      typeof r.backup_file === 'string' ? { ...r, backup_file: r.backup_file.replace(/\.\d+\./, '.PID.') } : r
    expect(noPid(fast.result)).to.deep.equal(noPid(slow.result))
    expect(tree()).to.deep.equal(slowTree)
    expect(fast.plan.changed).to.equal(true)
    return { fast, slow }
  }
  /** Names, modes, owners and contents under host/ (no mtimes) */
  function tree(base = h()): Record<string, string> {
    const out: Record<string, string> = {}
    for (const name of readdirSync(base, { recursive: true }) as string[]) {
      const p = join(base, name)
      const st = statSync(p)
      const content = st.isFile() ? readFileSync(p, 'utf8') : 'dir'
      out[name.replace(/\.\d+\.[\d@:-]+~$/, '.BACKUP~')] =
        `${(st.mode & 0o7777).toString(8)} ${st.uid} ${content}`
    }
    return out
  }

  describe('copy', () => {
    it('one exec for a new, a changed and an unchanged file; results equal the two-phase path', async () => {
      const args = { content: 'hello\n', dest: h('a.txt'), mode: '0640' }
      const created = await sameAsTwoTrip(copyModule, args, () => undefined)
      expect(created.fast.execs).to.equal(1)
      expect(created.slow.execs).to.equal(2)
      expect(created.fast.result).to.deep.include({ changed: true, mode: '0640', size: 6, state: 'file' })

      const unchanged = await sameAsTwoTrip(copyModule, args, () =>
        writeFileSync(h('a.txt'), 'hello\n', { mode: 0o640 }),
      )
      expect(unchanged.fast.execs).to.equal(1)
      expect(unchanged.fast.result.changed).to.equal(false)

      const changed = await sameAsTwoTrip(copyModule, args, () =>
        writeFileSync(h('a.txt'), 'old\n', { mode: 0o600 }),
      )
      expect(changed.fast.execs).to.equal(1)
      expect(changed.fast.result).to.deep.include({ changed: true, mode: '0640' })
      expect(readFileSync(h('a.txt'), 'utf8')).to.equal('hello\n')

      const modeOnly = await sameAsTwoTrip(copyModule, args, () =>
        writeFileSync(h('a.txt'), 'hello\n', { mode: 0o600 }),
      )
      expect(modeOnly.fast.execs).to.equal(1)
      expect(modeOnly.fast.result.changed).to.equal(true)
      expect(statSync(h('a.txt')).mode & 0o777).to.equal(0o640)
      expect(tempLeftovers(h())).to.deep.equal([])
      // large content is not sent on every run: checksum first, as before
      const big = { content: 'x'.repeat(300 * 1024), dest: h('big') }
      expect((await counted(copyModule, big)).execs).to.equal(2)
      expect(await counted(copyModule, big)).to.deep.include({ execs: 1 })
    })

    it('is idempotent and atomic: a second run changes nothing, no temp file is left', async () => {
      const args = { content: 'x=1\n', dest: h('c'), owner: 'nobody', group: 'nogroup', mode: 0o600 }
      expect((await counted(copyModule, args)).result.changed).to.equal(true)
      const ino = statSync(h('c')).ino
      const again = await counted(copyModule, args)
      expect(again).to.deep.include({ execs: 1 })
      expect(again.result.changed).to.equal(false)
      expect(statSync(h('c')).ino).to.equal(ino)
      expect(statSync(h('c')).uid).to.equal(65534)
      expect(tempLeftovers(h())).to.deep.equal([])
      // a failed validation leaves the old file and no temp file either
      const bad = await failureOf(counted(copyModule, { ...args, content: 'y', validate: 'false %s' }))
      expect(bad.message).to.match(/^failed to validate/)
      expect(readFileSync(h('c'), 'utf8')).to.equal('x=1\n')
      expect(tempLeftovers(h())).to.deep.equal([])
    })

    it('backup, src files with mode=preserve and owner-only changes match the two-phase path', async () => {
      writeFileSync(join(dir, 'files', 'motd'), 'hi\n', { mode: 0o751 })
      chmodSync(join(dir, 'files', 'motd'), 0o751)
      const backup = { content: 'new\n', dest: h('b'), backup: true }
      const r = await sameAsTwoTrip(copyModule, backup, () => writeFileSync(h('b'), 'old\n'))
      expect(r.fast.result.backup_file).to.be.a('string')
      expect(readFileSync(r.fast.result.backup_file as string, 'utf8')).to.equal('old\n')
      const preserve = { src: 'motd', dest: h('m'), mode: 'preserve' }
      expect((await sameAsTwoTrip(copyModule, preserve, () => undefined)).fast.result.mode).to.equal('0751')
      const owner = { content: 'o\n', dest: h('o'), owner: '65534' }
      const o = await sameAsTwoTrip(copyModule, owner, () => writeFileSync(h('o'), 'o\n'))
      expect(o.fast.result.changed).to.equal(true)
    })

    it('falls back to the two-phase path for a directory dest, a link and a missing parent', async () => {
      writeFileSync(join(dir, 'files', 'motd'), 'hi\n')
      const intoDir = await sameAsTwoTrip(copyModule, { src: 'motd', dest: h('d') }, () => mkdirSync(h('d')))
      expect(intoDir.fast.result).to.deep.include({ dest: h('d/motd'), changed: true })
      const link = { content: 'l\n', dest: h('l') }
      await sameAsTwoTrip(copyModule, link, () => {
        writeFileSync(h('target'), 'l\n')
        symlinkSync(h('target'), h('l'))
      })
      const missing = await failureOf(counted(copyModule, { content: 'x', dest: h('no/such/f') }))
      expect(missing.message).to.equal(`parent directory ${h('no/such')} does not exist`)
    })

    it('check mode and diff mode keep the two-phase path and write nothing in check mode', async () => {
      writeFileSync(h('a'), 'old\n')
      const check = await counted(copyModule, { content: 'new\n', dest: h('a') }, { checkMode: true })
      expect(check.execs).to.equal(1)
      expect(check.plan.changed).to.equal(true)
      expect(readFileSync(h('a'), 'utf8')).to.equal('old\n')
      const diff = await counted(copyModule, { content: 'new\n', dest: h('a') }, { diffMode: true })
      expect(diff.plan.diff).to.deep.equal([{ path: h('a'), before: 'old\n', after: 'new\n' }])
      expect(diff.execs).to.equal(3)
      const same = await counted(copyModule, { content: 'new\n', dest: h('a') }, { checkMode: true })
      expect(same.plan.changed).to.equal(false)
    })
  })

  it('template takes the same path', async () => {
    writeFileSync(join(dir, 'templates', 't.j2'), 'name={{ who }}\n')
    const args = { src: 't.j2', dest: h('t.conf'), mode: '0644' }
    const over = { vars: { who: 'x' } }
    const first = await counted(templateModule, args, over)
    expect(first).to.deep.include({ execs: 1 })
    expect(first.result).to.deep.include({ changed: true, mode: '0644', src: join(dir, 'templates', 't.j2') })
    expect(readFileSync(h('t.conf'), 'utf8')).to.equal('name=x\n')
    const again = await counted(templateModule, args, over)
    expect(again.result.changed).to.equal(false)
    expect(again.execs).to.equal(1)
  })

  describe('file state=directory', () => {
    it('creates, fixes the mode, then changes nothing: one exec each, as the two-phase path', async () => {
      const args = { path: h('a/b/c'), state: 'directory', mode: '0750' }
      const made = await sameAsTwoTrip(fileModule, args, () => undefined)
      expect(made.fast.execs).to.equal(1)
      expect(made.fast.result).to.deep.include({ changed: true, state: 'directory', mode: '0750' })
      const fixed = await sameAsTwoTrip(fileModule, args, () => mkdirSync(h('a/b/c'), { recursive: true }))
      expect(fixed.fast.execs).to.equal(1)
      expect(fixed.fast.result.changed).to.equal(true)
      const same = await sameAsTwoTrip(fileModule, args, () =>
        mkdirSync(h('a/b/c'), { recursive: true, mode: 0o750 }),
      )
      expect(same.fast.execs).to.equal(1)
      expect(same.fast.result.changed).to.equal(false)
      const owner = { path: h('o'), state: 'directory', owner: 'nobody' }
      expect((await sameAsTwoTrip(fileModule, owner, () => mkdirSync(h('o')))).fast.result.changed).to.equal(
        true,
      )
      expect((await counted(fileModule, owner)).result.changed).to.equal(false)
    })

    it('falls back for a link and keeps the message for a file in the way', async () => {
      await sameAsTwoTrip(fileModule, { path: h('l'), state: 'directory', mode: '0700' }, () => {
        mkdirSync(h('real'))
        symlinkSync(h('real'), h('l'))
      })
      writeFileSync(h('f'), 'x')
      const err = await failureOf(counted(fileModule, { path: h('f'), state: 'directory' }))
      expect(err.message).to.equal(`${h('f')} already exists as a file`)
    })

    it('check mode plans without changing anything', async () => {
      const check = await counted(fileModule, { path: h('n'), state: 'directory' }, { checkMode: true })
      expect(check.plan.changed).to.equal(true)
      expect(readdirSync(h())).to.deep.equal([])
    })
  })

  it('in a run, handlers and the recap follow the applied change, not the plan', async () => {
    const play = join(dir, 'play.yml')
    const root = h()
    writeFileSync(
      play,
      `- hosts: all
  gather_facts: false
  tasks:
    - name: conf
      copy: { content: "a=1\\n", dest: "${root}/conf", mode: "0644" }
      notify: touched
    - name: dirs
      file: { path: "${root}/d", state: directory }
  handlers:
    - name: touched
      command: touch ${root}/handled
`,
    )
    writeFileSync(join(dir, 'inv.ini'), 'h1 ansible_connection=local\n')
    const run = () => runCli(['run', play, '-i', join(dir, 'inv.ini'), '--json'], { cwd: REPO })
    const first = await run()
    expect(results(first.stdout, 'conf').map((e) => e.status)).to.deep.equal(['changed'])
    expect(results(first.stdout, 'touched').map((e) => e.status)).to.deep.equal(['changed'])
    rmSync(join(root, 'handled'))
    const second = await run()
    expect(results(second.stdout, 'conf').map((e) => e.status)).to.deep.equal(['ok'])
    expect(results(second.stdout, 'dirs').map((e) => e.status)).to.deep.equal(['ok'])
    expect(results(second.stdout, 'touched')).to.deep.equal([])
    expect(readdirSync(root).sort()).to.deep.equal(['conf', 'd'])
  })
})
