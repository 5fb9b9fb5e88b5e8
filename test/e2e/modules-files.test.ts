import { expect } from 'chai'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { copyModule } from '../../engine/modules/copy.js'
import { fetchModule } from '../../engine/modules/fetch.js'
import { fileModule } from '../../engine/modules/file.js'
import { slurpModule } from '../../engine/modules/slurp.js'
import { statModule } from '../../engine/modules/stat.js'
import { templateModule } from '../../engine/modules/template.js'
import { ModuleFailure, type Module } from '../../engine/modules/types.js'
import { blockinfileModule } from '../../engine/modules/blockinfile.js'
import { lineinfileModule } from '../../engine/modules/lineinfile.js'
import { replaceModule } from '../../engine/modules/replace.js'
import {
  failureOf,
  makeCtx,
  runModule,
  tempLeftovers,
  useTempDir,
} from '../unit/modules/files/host-helpers.js'

const sha1 = (s: string | Buffer) => createHash('sha1').update(s).digest('hex')
const modeOf = (p: string) => statSync(p).mode & 0o7777

describe('file modules on a LocalConnection', function () {
  let dir = ''
  useTempDir((d) => (dir = d), 'files', 'templates', 'host')
  const h = (p = '') => join(dir, 'host', p)

  describe('copy', () => {
    it('check mode plans the write and its diff without touching the host', async () => {
      const ctx = makeCtx(dir, { checkMode: true })
      const { plan } = await runModule(copyModule, { content: 'hello\n', dest: h('a.txt') }, ctx)
      expect(plan.changed).to.equal(true)
      expect(plan.diff).to.deep.equal([{ path: h('a.txt'), before: '', after: 'hello\n' }])
      expect(existsSync(h('a.txt'))).to.equal(false)
    })

    it('writes atomically with the mode set, reports like Ansible and is idempotent', async () => {
      const ctx = makeCtx(dir)
      const args = { content: 'hello\n', dest: h('a.txt'), mode: '0640' }
      const { result } = await runModule(copyModule, args, ctx)
      expect(result).to.deep.include({
        changed: true,
        dest: h('a.txt'),
        checksum: sha1('hello\n'),
        mode: '0640',
      })
      expect(result).to.deep.include({ size: 6, state: 'file', owner: 'root', uid: 0 })
      expect(readFileSync(h('a.txt'), 'utf8')).to.equal('hello\n')
      expect(modeOf(h('a.txt'))).to.equal(0o640)
      expect(tempLeftovers(h())).to.deep.equal([])
      const again = await runModule(copyModule, args, makeCtx(dir, { checkMode: true }))
      expect(again.plan.changed).to.equal(false)
      expect(again.plan.diff).to.equal(undefined)
    })

    it('a new file gets 0644 under umask 022; an existing file keeps its mode', async () => {
      await runModule(copyModule, { content: 'a', dest: h('n') }, makeCtx(dir))
      expect(modeOf(h('n'))).to.equal(0o644)
      writeFileSync(h('e'), 'old', { mode: 0o600 })
      await runModule(copyModule, { content: 'new', dest: h('e') }, makeCtx(dir))
      expect(modeOf(h('e'))).to.equal(0o600)
      expect(readFileSync(h('e'), 'utf8')).to.equal('new')
    })

    it('changes only the mode when the content is the same, with an attribute diff', async () => {
      writeFileSync(h('m'), 'same\n', { mode: 0o644 })
      const args = { content: 'same\n', dest: h('m'), mode: 'u=rw,go=' }
      const check = await runModule(copyModule, args, makeCtx(dir, { checkMode: true }))
      expect(check.plan.diff).to.deep.equal([
        {
          path: h('m'),
          before: `{\n    "mode": "0644",\n    "path": "${h('m')}"\n}\n`,
          after: `{\n    "mode": "0600",\n    "path": "${h('m')}"\n}\n`,
          pathInHeaders: false,
        },
      ])
      const ino = statSync(h('m')).ino
      await runModule(copyModule, args, makeCtx(dir))
      expect(modeOf(h('m'))).to.equal(0o600)
      expect(statSync(h('m')).ino).to.equal(ino)
    })

    it('diff shows the old and new text; backup keeps the old file', async () => {
      writeFileSync(h('b.conf'), 'one\n')
      const { plan, result } = await runModule(
        copyModule,
        { content: 'two\n', dest: h('b.conf'), backup: true },
        makeCtx(dir),
      )
      expect(plan.diff).to.deep.equal([{ path: h('b.conf'), before: 'one\n', after: 'two\n' }])
      const backup = result.backup_file as string
      expect(backup).to.match(/b\.conf\.\d+\.\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d~$/)
      expect(readFileSync(backup, 'utf8')).to.equal('one\n')
      expect(readFileSync(h('b.conf'), 'utf8')).to.equal('two\n')
    })

    it('binary content is not shown in a diff', async () => {
      writeFileSync(h('bin'), Buffer.from([0, 1, 2]))
      const { plan } = await runModule(
        copyModule,
        { content: 'text', dest: h('bin') },
        makeCtx(dir, { checkMode: true }),
      )
      expect(plan.diff?.[0]?.before).to.equal('binary file\n')
    })

    it('copies a controller file into an existing directory under its own name', async () => {
      writeFileSync(join(dir, 'files', 'motd'), 'welcome\n', { mode: 0o600 })
      const { result } = await runModule(copyModule, { src: 'motd', dest: h() }, makeCtx(dir))
      expect(result.dest).to.equal(h('motd'))
      expect(readFileSync(h('motd'), 'utf8')).to.equal('welcome\n')
      await runModule(copyModule, { src: 'motd', dest: h('p'), mode: 'preserve' }, makeCtx(dir))
      expect(modeOf(h('p'))).to.equal(0o600)
    })

    it('copies a directory itself, or only its contents with a trailing slash', async () => {
      mkdirSync(join(dir, 'files', 'conf.d', 'sub'), { recursive: true })
      writeFileSync(join(dir, 'files', 'conf.d', 'a.conf'), 'a\n')
      writeFileSync(join(dir, 'files', 'conf.d', 'sub', 'b.conf'), 'b\n')
      const args = { src: 'conf.d', dest: h('etc'), directory_mode: '0750' }
      const check = await runModule(copyModule, args, makeCtx(dir, { checkMode: true }))
      expect(check.plan.changed).to.equal(true)
      expect(existsSync(h('etc'))).to.equal(false)
      await runModule(copyModule, args, makeCtx(dir))
      expect(readFileSync(h('etc/conf.d/sub/b.conf'), 'utf8')).to.equal('b\n')
      expect(modeOf(h('etc/conf.d/sub'))).to.equal(0o750)
      expect((await runModule(copyModule, args, makeCtx(dir))).result.changed).to.equal(false)
      await runModule(copyModule, { src: 'conf.d/', dest: h('flat') }, makeCtx(dir))
      expect(readFileSync(h('flat/a.conf'), 'utf8')).to.equal('a\n')
      expect(existsSync(h('flat/conf.d'))).to.equal(false)
    })

    it('force: false leaves an existing file alone', async () => {
      writeFileSync(h('keep'), 'mine')
      const { result } = await runModule(
        copyModule,
        { content: 'theirs', dest: h('keep'), force: false },
        makeCtx(dir),
      )
      expect(result.changed).to.equal(false)
      expect(readFileSync(h('keep'), 'utf8')).to.equal('mine')
    })

    it('remote_src copies a file on the host, idempotently', async () => {
      writeFileSync(h('orig'), 'data\n')
      const args = { src: h('orig'), dest: h('dup'), remote_src: true }
      expect((await runModule(copyModule, args, makeCtx(dir))).result).to.deep.include({
        changed: true,
        checksum: sha1('data\n'),
      })
      expect(readFileSync(h('dup'), 'utf8')).to.equal('data\n')
      expect((await runModule(copyModule, args, makeCtx(dir))).result.changed).to.equal(false)
    })

    it('fails clearly: missing parent directory, missing src, failed validation', async () => {
      const err = await failureOf(runModule(copyModule, { content: 'x', dest: h('no/such/f') }, makeCtx(dir)))
      expect(err).to.be.instanceOf(ModuleFailure)
      expect(err.message).to.equal(`parent directory ${h('no/such')} does not exist`)
      // in check mode the directory may come from an earlier task: the file would be written
      const check = await runModule(
        copyModule,
        { content: 'x', dest: h('no/such/f') },
        makeCtx(dir, { checkMode: true, diffMode: true }),
      )
      expect(check.result.changed).to.equal(true)
      expect(check.plan.diff).to.deep.equal([{ path: h('no/such/f'), before: '', after: 'x' }])
      expect(existsSync(h('no'))).to.equal(false)
      const missing = await failureOf(runModule(copyModule, { src: 'nope.txt', dest: h('f') }, makeCtx(dir)))
      expect(missing.message).to.match(/^could not find src=nope\.txt/)
      writeFileSync(h('v'), 'good')
      const bad = await failureOf(
        runModule(copyModule, { content: 'bad', dest: h('v'), validate: 'grep -q good %s' }, makeCtx(dir)),
      )
      expect(bad.message).to.match(/^failed to validate .*\/v: rc=1/)
      expect(readFileSync(h('v'), 'utf8')).to.equal('good')
      expect(tempLeftovers(h())).to.deep.equal([])
      const noPct = await failureOf(
        runModule(copyModule, { content: 'x', dest: h('w'), validate: 'true' }, makeCtx(dir)),
      )
      expect(noPct.message).to.equal('validate must contain %s: true')
    })

    it('sets the owner; an unknown owner is a one-line failure', async () => {
      await runModule(copyModule, { content: 'x', dest: h('o'), owner: 'nobody' }, makeCtx(dir))
      expect(statSync(h('o')).uid).to.equal(65534)
      const err = await failureOf(
        runModule(copyModule, { content: 'y', dest: h('o2'), owner: 'no_such_user_x' }, makeCtx(dir)),
      )
      expect(err.message).to.match(/^cannot set owner\/group of .*o2: .*invalid user/)
      expect(existsSync(h('o2'))).to.equal(false)
    })
  })

  describe('template', () => {
    it('renders with the task variables, diff in check mode, idempotent', async () => {
      writeFileSync(join(dir, 'templates', 'app.conf.j2'), 'port={{ port }}\n')
      const vars = { port: 8080 }
      const args = { src: 'app.conf.j2', dest: h('app.conf') }
      const check = await runModule(templateModule, args, makeCtx(dir, { vars, checkMode: true }))
      expect(check.plan.diff).to.deep.equal([{ path: h('app.conf'), before: '', after: 'port=8080\n' }])
      const { result } = await runModule(templateModule, args, makeCtx(dir, { vars }))
      expect(result).to.deep.include({ changed: true, checksum: sha1('port=8080\n') })
      expect(readFileSync(h('app.conf'), 'utf8')).to.equal('port=8080\n')
      expect((await runModule(templateModule, args, makeCtx(dir, { vars }))).plan.changed).to.equal(false)
      const other = await runModule(
        templateModule,
        args,
        makeCtx(dir, { vars: { port: 9090 }, checkMode: true }),
      )
      expect(other.plan.diff?.[0]).to.deep.include({ before: 'port=8080\n', after: 'port=9090\n' })
    })
    it('a missing template is a ModuleFailure', async () => {
      const err = await failureOf(runModule(templateModule, { src: 'x.j2', dest: h('x') }, makeCtx(dir)))
      expect(err.message).to.match(/^could not find src=x\.j2/)
    })
  })

  it('a play of every file module converges: the second run changes nothing', async () => {
    writeFileSync(join(dir, 'templates', 'motd.j2'), 'Welcome to {{ host }}\n')
    const vars = { host: 'web1' }
    const tasks: [Module, Record<string, unknown>][] = [
      [fileModule, { path: h('app/conf'), state: 'directory', mode: '0755' }],
      [copyModule, { content: 'a=1\n', dest: h('app/conf/app.ini'), mode: '0644' }],
      [copyModule, { content: 'Listen 80\n', dest: h('app/conf/ports.conf'), force: false }],
      [templateModule, { src: 'motd.j2', dest: h('app/motd') }],
      [lineinfileModule, { path: h('app/conf/local.ini'), regexp: '^b=', line: 'b=3', create: true }],
      [blockinfileModule, { path: h('app/conf/local.ini'), block: 'c=4' }],
      [
        replaceModule,
        { path: h('app/conf/ports.conf'), regexp: '^Listen (\\d+)$', replace: 'Listen 127.0.0.1:\\1' },
      ],
      [fileModule, { path: h('app/current'), src: 'conf', state: 'link' }],
      [statModule, { path: h('app/conf/app.ini') }],
      [fetchModule, { src: h('app/motd'), dest: 'fetched' }],
      [slurpModule, { src: h('app/motd') }],
    ]
    const changes = async (checkMode: boolean) => {
      const out: boolean[] = []
      for (const [mod, args] of tasks)
        out.push((await runModule(mod, args, makeCtx(dir, { vars, checkMode }))).result.changed)
      return out
    }
    expect(await changes(false)).to.deep.equal([
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      false,
      true,
      false,
    ])
    expect(await changes(true)).to.deep.equal(tasks.map(() => false))
    expect(await changes(false)).to.deep.equal(tasks.map(() => false))
    expect(readFileSync(h('app/conf/local.ini'), 'utf8')).to.equal(
      'b=3\n# BEGIN ANSIBLE MANAGED BLOCK\nc=4\n# END ANSIBLE MANAGED BLOCK\n',
    )
    expect(readFileSync(h('app/conf/ports.conf'), 'utf8')).to.equal('Listen 127.0.0.1:80\n')
    expect(readlinkSync(h('app/current'))).to.equal('conf')
    expect(readFileSync(join(dir, 'artifacts', 'fetched', 'web1', h('app/motd')), 'utf8')).to.equal(
      'Welcome to web1\n',
    )
  })
})
