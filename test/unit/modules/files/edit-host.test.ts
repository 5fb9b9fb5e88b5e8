import { expect } from 'chai'
import {
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { blockinfileModule } from '../../../../engine/modules/blockinfile.js'
import { lineinfileModule } from '../../../../engine/modules/lineinfile.js'
import { replaceModule } from '../../../../engine/modules/replace.js'
import { failureOf, makeCtx, runModule, tempLeftovers, useTempDir } from './host-helpers.js'

describe('lineinfile, blockinfile and replace on a LocalConnection', () => {
  let dir = ''
  useTempDir((d) => (dir = d))
  const p = (s: string) => join(dir, s)
  const read = (s: string) => readFileSync(p(s), 'utf8')

  it('lineinfile: check mode diff without writing, apply, then no change', async () => {
    writeFileSync(p('c'), 'a=1\nb=2\n')
    const args = { path: p('c'), regexp: '^b=', line: 'b=3' }
    const check = await runModule(lineinfileModule, args, makeCtx(dir, { checkMode: true }))
    expect(check.plan).to.deep.include({ changed: true })
    expect(check.plan.diff).to.deep.equal([
      { path: `${p('c')} (content)`, before: 'a=1\nb=2\n', after: 'a=1\nb=3\n' },
    ])
    expect(read('c')).to.equal('a=1\nb=2\n')
    const { result } = await runModule(lineinfileModule, args, makeCtx(dir))
    expect(result).to.deep.include({ changed: true, msg: 'line replaced' })
    expect(read('c')).to.equal('a=1\nb=3\n')
    expect(tempLeftovers(dir)).to.deep.equal([])
    expect((await runModule(lineinfileModule, args, makeCtx(dir))).result.changed).to.equal(false)
  })

  it('lineinfile: a missing file fails without create; create makes parents and sets the mode', async () => {
    const err = await failureOf(runModule(lineinfileModule, { path: p('x/y'), line: 'l' }, makeCtx(dir)))
    expect(err.message).to.equal(`Destination ${p('x/y')} does not exist !`)
    const check = await runModule(
      lineinfileModule,
      { path: p('x/y'), line: 'l', create: true },
      makeCtx(dir, { checkMode: true }),
    )
    expect(check.plan.changed).to.equal(true)
    expect(existsSync(p('x'))).to.equal(false)
    await runModule(lineinfileModule, { path: p('x/y'), line: 'l', create: true, mode: '0600' }, makeCtx(dir))
    expect(read('x/y')).to.equal('l\n')
    expect(statSync(p('x/y')).mode & 0o777).to.equal(0o600)
    const absent = await runModule(
      lineinfileModule,
      { path: p('zz'), line: 'l', state: 'absent' },
      makeCtx(dir),
    )
    expect(absent.result).to.deep.include({ changed: false, msg: 'file not present' })
  })

  it('lineinfile: attributes only, backup, symlinks are written through', async () => {
    writeFileSync(p('f'), 'a\n', { mode: 0o644 })
    const attrs = await runModule(lineinfileModule, { path: p('f'), line: 'a', mode: '0640' }, makeCtx(dir))
    expect(attrs.result).to.deep.include({
      changed: true,
      msg: 'ownership, perms or SE linux context changed',
    })
    const both = await runModule(
      lineinfileModule,
      { path: p('f'), line: 'b', mode: '0600', backup: true },
      makeCtx(dir),
    )
    expect(both.result.msg).to.equal('line added and ownership, perms or SE linux context changed')
    expect(readFileSync(both.result.backup_file as string, 'utf8')).to.equal('a\n')
    expect(statSync(p('f')).mode & 0o777).to.equal(0o600)
    symlinkSync(p('f'), p('link'))
    await runModule(lineinfileModule, { path: p('link'), line: 'c' }, makeCtx(dir))
    expect(lstatSync(p('link')).isSymbolicLink()).to.equal(true)
    expect(readlinkSync(p('link'))).to.equal(p('f'))
    expect(read('f')).to.equal('a\nb\nc\n')
  })

  it('lineinfile: a rewrite keeps the mode (x bits too) and the owner of the file it replaces', async () => {
    const root = process.getuid?.() === 0
    writeFileSync(p('theirs'), 'a=1\n', { mode: 0o640 })
    if (root) chownSync(p('theirs'), 65534, 65534) // owned by nobody: the rewrite must chown it back
    writeFileSync(p('script'), '#!/bin/sh\n', { mode: 0o755 })
    for (const f of ['theirs', 'script']) {
      const { result } = await runModule(lineinfileModule, { path: p(f), line: 'added' }, makeCtx(dir))
      expect(result.changed, f).to.equal(true)
      expect(read(f), f).to.match(/\nadded\n$/)
    }
    expect(statSync(p('theirs')).mode & 0o7777).to.equal(0o640)
    expect(statSync(p('script')).mode & 0o7777).to.equal(0o755)
    if (root) expect([statSync(p('theirs')).uid, statSync(p('theirs')).gid]).to.deep.equal([65534, 65534])
    expect(tempLeftovers(dir)).to.deep.equal([])
  })

  it('lineinfile: a directory path fails clearly', async () => {
    mkdirSync(p('d'))
    const err = await failureOf(runModule(lineinfileModule, { path: p('d'), line: 'x' }, makeCtx(dir)))
    expect(err.message).to.equal(`Path ${p('d')} is a directory !`)
  })

  it('blockinfile: inserts, is idempotent, removes', async () => {
    writeFileSync(p('b'), 'top\n')
    const args = { path: p('b'), block: 'x=1\ny=2', insertbefore: 'BOF' }
    expect((await runModule(blockinfileModule, args, makeCtx(dir))).result.msg).to.equal('Block inserted')
    expect(read('b')).to.equal('# BEGIN ANSIBLE MANAGED BLOCK\nx=1\ny=2\n# END ANSIBLE MANAGED BLOCK\ntop\n')
    expect((await runModule(blockinfileModule, args, makeCtx(dir))).result.changed).to.equal(false)
    const rm = await runModule(blockinfileModule, { path: p('b'), state: 'absent' }, makeCtx(dir))
    expect(rm.result.msg).to.equal('Block removed')
    expect(read('b')).to.equal('top\n')
    const missing = await failureOf(
      runModule(blockinfileModule, { path: p('nope'), block: 'x' }, makeCtx(dir)),
    )
    expect(missing.message).to.equal(`Path ${p('nope')} does not exist !`)
  })

  it('replace: replaces with Python syntax, validates, is idempotent', async () => {
    writeFileSync(p('r'), 'Listen 80\nListen 8080\n')
    const args = { path: p('r'), regexp: '^Listen (?P<port>\\d+)$', replace: 'Listen 127.0.0.1:\\g<port>' }
    const check = await runModule(replaceModule, args, makeCtx(dir, { checkMode: true }))
    expect(check.plan.diff?.[0]?.after).to.equal('Listen 127.0.0.1:80\nListen 127.0.0.1:8080\n')
    const bad = await failureOf(runModule(replaceModule, { ...args, validate: 'false %s' }, makeCtx(dir)))
    expect(bad.message).to.match(/^failed to validate/)
    expect(read('r')).to.equal('Listen 80\nListen 8080\n')
    const { result } = await runModule(replaceModule, { ...args, validate: 'grep -q 127 %s' }, makeCtx(dir))
    expect(result).to.deep.include({ changed: true, msg: '2 replacements made' })
    expect(read('r')).to.equal('Listen 127.0.0.1:80\nListen 127.0.0.1:8080\n')
    expect((await runModule(replaceModule, args, makeCtx(dir))).result.changed).to.equal(false)
  })
})
