import { expect } from 'chai'
import { mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  readFile,
  readWithStat,
  statPath,
  statPaths,
  writeFileAtomic,
} from '../../../../engine/connection/remote-fs.js'
import { ModuleFailure } from '../../../../engine/modules/types.js'
import { failureOf, makeCtx, tempLeftovers, useTempDir } from './host-helpers.js'

describe('remote-fs primitives on a LocalConnection', () => {
  let dir = ''
  useTempDir((d) => (dir = d))
  const p = (s: string) => join(dir, s)

  it('writeFileAtomic writes binary data with mode, leaves no temp file, returns the new stat', async () => {
    const data = Buffer.from([0, 1, 2, 255])
    const res = await writeFileAtomic(makeCtx(dir), p('f'), data, { mode: 0o600, checksum: 'sha1' })
    expect(readFileSync(p('f')).equals(data)).to.equal(true)
    expect(statSync(p('f')).mode & 0o777).to.equal(0o600)
    expect(res.stat).to.deep.include({ exists: true, mode: 0o600, size: 4 })
    expect(res.backup_file).to.equal(undefined)
    expect(tempLeftovers(dir)).to.deep.equal([])
  })

  it('keeps the mode of the file it replaces; backup copies the old one', async () => {
    writeFileSync(p('f'), 'old', { mode: 0o640 })
    const res = await writeFileAtomic(makeCtx(dir), p('f'), 'new', { backup: true })
    expect(statSync(p('f')).mode & 0o777).to.equal(0o640)
    expect(readFileSync(res.backup_file!, 'utf8')).to.equal('old')
    expect(statSync(res.backup_file!).mode & 0o777).to.equal(0o640)
  })

  it('fails with one-line messages: missing parent, directory in the way', async () => {
    const e1 = await failureOf(writeFileAtomic(makeCtx(dir), p('a/b/f'), 'x'))
    expect(e1).to.be.instanceOf(ModuleFailure)
    expect(e1.message).to.equal(`parent directory ${p('a/b')} does not exist`)
    mkdirSync(p('d'))
    const e2 = await failureOf(writeFileAtomic(makeCtx(dir), p('d'), 'x'))
    expect(e2.message).to.equal(`failed writing ${p('d')}: Is a directory`)
    expect(tempLeftovers(dir)).to.deep.equal([])
  })

  it('readFile and readWithStat: content, missing, quoting of odd names', async () => {
    const odd = p(`it's a "file" $(x)`)
    writeFileSync(odd, 'x\n')
    expect((await readFile(makeCtx(dir), odd))?.toString()).to.equal('x\n')
    expect(await readFile(makeCtx(dir), p('nope'))).to.equal(undefined)
    const r = await readWithStat(makeCtx(dir), odd)
    expect(r.content?.toString()).to.equal('x\n')
    expect(r.stat).to.deep.include({ exists: true, type: 'file', size: 2 })
    expect((await readWithStat(makeCtx(dir), p('nope'))).stat.exists).to.equal(false)
    expect((await failureOf(readFile(makeCtx(dir), dir))).message).to.match(/Is a directory/)
  })

  it('statPaths stats several paths in one call', async () => {
    writeFileSync(p('a'), 'abc')
    const [a, b] = await statPaths(makeCtx(dir), [p('a'), p('b')], { checksum: 'sha256' })
    expect(a).to.deep.include({
      exists: true,
      checksum: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    })
    expect(b).to.deep.equal({ exists: false, path: p('b') })
    expect((await statPath(makeCtx(dir), dir)).exists).to.equal(true)
  })

  it('statPaths in one stat process per follow mode reports what one stat per path reports', async () => {
    writeFileSync(p('f'), 'abc', { mode: 0o640 })
    mkdirSync(p('d'))
    symlinkSync(p('f'), p('lnk'))
    symlinkSync(p('gone'), p('dangling'))
    symlinkSync(p('d'), p('sp ace'))
    const items = ['f', 'missing', 'lnk', 'd', 'dangling', 'sp ace', "it's"].flatMap((n) => [
      { path: p(n), checksum: 'sha1' as const },
      { path: p(n), follow: true },
    ])
    const many = await statPaths(makeCtx(dir), items)
    const one = await Promise.all(items.map((it) => statPath(makeCtx(dir), it.path, it)))
    const stable = (s: object) => ({ ...s, atime: 0 }) // reading for the checksum moves atime
    expect(many.map(stable)).to.deep.equal(one.map(stable))
    expect(many.map((s) => s.exists)).to.deep.equal([
      true,
      true,
      false,
      false,
      true,
      true,
      true,
      true,
      true,
      false,
      true,
      true,
      false,
      false,
    ])
    expect(many[4]).to.deep.include({ type: 'link', lnkTarget: p('f') })
    expect(many[5]).to.deep.include({ type: 'file', mode: 0o640 })
  })
})
