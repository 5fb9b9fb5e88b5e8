import { expect } from 'chai'
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fetchModule } from '../../../../engine/modules/fetch.js'
import { slurpModule } from '../../../../engine/modules/slurp.js'
import { statModule } from '../../../../engine/modules/stat.js'
import { ModuleFailure } from '../../../../engine/modules/types.js'
import { failureOf, makeCtx, makeTmp, runModule } from './host-helpers.js'

const hash = (algo: string, s: string) => createHash(algo).update(s).digest('hex')

describe('stat, fetch and slurp on a LocalConnection', () => {
  let dir: string
  let cleanup: () => void
  beforeEach(() => ({ dir, cleanup } = makeTmp()))
  afterEach(() => cleanup())
  const p = (s: string) => join(dir, s)

  describe('stat', () => {
    it("returns Ansible's stat dictionary with a sha1 checksum by default", async () => {
      writeFileSync(p('f'), 'abc', { mode: 0o640 })
      const { plan, result } = await runModule(statModule, { path: p('f') }, makeCtx(dir))
      expect(plan.changed).to.equal(false)
      expect(result.stat).to.deep.include({
        exists: true,
        path: p('f'),
        mode: '0640',
        isreg: true,
        isdir: false,
        size: 3,
        uid: 0,
        pw_name: 'root',
        checksum: hash('sha1', 'abc'),
      })
    })
    it('checksum_algorithm (or its alias checksum) and get_checksum: false', async () => {
      writeFileSync(p('f'), 'abc')
      const s256 = await runModule(statModule, { path: p('f'), checksum_algorithm: 'sha256' }, makeCtx(dir))
      expect((s256.result.stat as Record<string, unknown>).checksum).to.equal(hash('sha256', 'abc'))
      const alias = await runModule(statModule, { path: p('f'), checksum: 'md5' }, makeCtx(dir))
      expect((alias.result.stat as Record<string, unknown>).checksum).to.equal(hash('md5', 'abc'))
      const none = await runModule(statModule, { path: p('f'), get_checksum: false }, makeCtx(dir))
      expect(none.result.stat).not.to.have.property('checksum')
    })
    it('missing paths, directories and links (follow or not)', async () => {
      expect((await runModule(statModule, { path: p('nope') }, makeCtx(dir))).result.stat).to.deep.equal({
        exists: false,
      })
      mkdirSync(p('d'))
      expect((await runModule(statModule, { path: p('d') }, makeCtx(dir))).result.stat).to.deep.include({
        isdir: true,
      })
      writeFileSync(p('t'), 'x')
      symlinkSync(p('t'), p('l'))
      const nofollow = (await runModule(statModule, { path: p('l') }, makeCtx(dir))).result.stat
      expect(nofollow).to.deep.include({ islnk: true, isreg: false, lnk_source: p('t'), lnk_target: p('t') })
      expect(nofollow).not.to.have.property('checksum')
      const follow = (await runModule(statModule, { path: p('l'), follow: true }, makeCtx(dir))).result.stat
      expect(follow).to.deep.include({ islnk: false, isreg: true, checksum: hash('sha1', 'x') })
    })
  })

  describe('fetch', () => {
    it('stores under artifacts/<host>/<path>; changed only when the local copy differs', async () => {
      writeFileSync(p('remote.txt'), 'v1')
      const args = { src: p('remote.txt'), dest: 'out' }
      const check = await runModule(fetchModule, args, makeCtx(dir, { checkMode: true }))
      expect(check.plan.changed).to.equal(true)
      const { result } = await runModule(fetchModule, args, makeCtx(dir))
      const local = join(dir, 'artifacts', 'out', 'web1', p('remote.txt'))
      expect(result).to.deep.include({ changed: true, dest: local, checksum: hash('sha1', 'v1') })
      expect(readFileSync(local, 'utf8')).to.equal('v1')
      expect((await runModule(fetchModule, args, makeCtx(dir))).result.changed).to.equal(false)
      writeFileSync(p('remote.txt'), 'v2')
      expect((await runModule(fetchModule, args, makeCtx(dir))).result.changed).to.equal(true)
      expect(readFileSync(local, 'utf8')).to.equal('v2')
    })
    it('flat: dest is the file, or a directory when it ends with /', async () => {
      writeFileSync(p('r'), 'x')
      await runModule(fetchModule, { src: p('r'), dest: p('local/copy'), flat: true }, makeCtx(dir))
      expect(readFileSync(p('local/copy'), 'utf8')).to.equal('x')
      await runModule(fetchModule, { src: p('r'), dest: p('into') + '/', flat: true }, makeCtx(dir))
      expect(readFileSync(p('into/r'), 'utf8')).to.equal('x')
    })
    it('a missing remote file fails, unless fail_on_missing: false', async () => {
      const err = await failureOf(runModule(fetchModule, { src: p('nope'), dest: 'o' }, makeCtx(dir)))
      expect(err).to.be.instanceOf(ModuleFailure)
      expect(err.message).to.match(/^the remote file does not exist/)
      const ok = await runModule(
        fetchModule,
        { src: p('nope'), dest: 'o', fail_on_missing: false },
        makeCtx(dir),
      )
      expect(ok.result).to.deep.include({ changed: false })
    })
  })

  describe('slurp', () => {
    it('returns the content base64-encoded, binary-safe', async () => {
      writeFileSync(p('b'), Buffer.from([0, 255, 10, 65]))
      const { result } = await runModule(slurpModule, { src: p('b') }, makeCtx(dir))
      expect(result).to.deep.include({
        changed: false,
        encoding: 'base64',
        content: 'AP8KQQ==',
        source: p('b'),
      })
      const alias = await runModule(slurpModule, { path: p('b') }, makeCtx(dir))
      expect(alias.result.content).to.equal('AP8KQQ==')
    })
    it('fails on a missing file or a directory', async () => {
      expect((await failureOf(runModule(slurpModule, { src: p('nope') }, makeCtx(dir)))).message).to.equal(
        `file not found: ${p('nope')}`,
      )
      expect((await failureOf(runModule(slurpModule, { src: dir }, makeCtx(dir)))).message).to.match(
        /is a directory/,
      )
    })
  })
})
