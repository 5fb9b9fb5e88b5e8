import { expect } from 'chai'
import {
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readlinkSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { fileModule } from '../../../../engine/modules/file.js'
import { diffJson } from '../../../../engine/modules/mode.js'
import { ModuleFailure } from '../../../../engine/modules/types.js'
import { failureOf, makeCtx, runModule, useTempDir } from './host-helpers.js'

const modeOf = (p: string) => lstatSync(p).mode & 0o7777

describe('file module on a LocalConnection', () => {
  let dir = ''
  useTempDir((d) => (dir = d))
  const p = (s: string) => join(dir, s)
  const run = (args: Record<string, unknown>, checkMode = false) =>
    runModule(fileModule, args, makeCtx(dir, { checkMode }))

  describe('state=directory', () => {
    it('creates missing parents with the mode, not in check mode, then is idempotent', async () => {
      const args = { path: p('a/b/c'), state: 'directory', mode: '0750' }
      const check = await run(args, true)
      expect(check.plan.changed).to.equal(true)
      expect(check.plan.diff).to.deep.equal([
        {
          path: p('a/b/c'),
          before: diffJson({ path: p('a/b/c'), state: 'absent' }),
          after: diffJson({ path: p('a/b/c'), state: 'directory' }),
          pathInHeaders: false,
        },
      ])
      expect(existsSync(p('a'))).to.equal(false)
      const { result } = await run(args)
      expect(result).to.deep.include({
        changed: true,
        path: p('a/b/c'),
        state: 'directory',
        mode: '0750',
        owner: 'root',
      })
      expect(modeOf(p('a'))).to.equal(0o750)
      expect(modeOf(p('a/b/c'))).to.equal(0o750)
      expect((await run(args, true)).plan.changed).to.equal(false)
    })
    it('refuses to turn a file into a directory', async () => {
      writeFileSync(p('f'), '')
      const err = await failureOf(run({ path: p('f'), state: 'directory' }))
      expect(err).to.be.instanceOf(ModuleFailure)
      expect(err.message).to.equal(`${p('f')} already exists as a file`)
    })
    it('recurse sets modes below (X only on directories), then reports no change', async () => {
      mkdirSync(p('t/sub'), { recursive: true })
      writeFileSync(p('t/sub/f'), '', { mode: 0o600 })
      const args = { path: p('t'), state: 'directory', recurse: true, mode: 'u=rwX,g=rX,o=' }
      expect((await run(args)).result.changed).to.equal(true)
      expect(modeOf(p('t/sub'))).to.equal(0o750)
      expect(modeOf(p('t/sub/f'))).to.equal(0o640)
      expect((await run(args, true)).plan.changed).to.equal(false)
    })
  })

  describe('state=file and attributes', () => {
    it('a missing file cannot continue', async () => {
      const err = await failureOf(run({ path: p('nope'), state: 'file' }))
      expect(err.message).to.equal(`file (${p('nope')}) is absent, cannot continue`)
    })
    it('symbolic and octal modes (string or YAML 1.1 number), owner and group', async () => {
      writeFileSync(p('f'), 'x', { mode: 0o644 })
      expect((await run({ path: p('f'), mode: 'u+x' })).result).to.deep.include({
        changed: true,
        mode: '0744',
      })
      expect(modeOf(p('f'))).to.equal(0o744)
      expect((await run({ path: p('f'), mode: 420 })).result.mode).to.equal('0644')
      expect((await run({ dest: p('f'), mode: '644' })).result.changed).to.equal(false)
      const { plan } = await run({ name: p('f'), owner: 'nobody', group: 'nogroup', mode: '0600' }, true)
      expect(plan.diff?.[0]).to.deep.equal({
        path: p('f'),
        before: diffJson({ path: p('f'), mode: '0644', owner: 'root', group: 'root' }),
        after: diffJson({ path: p('f'), mode: '0600', owner: 'nobody', group: 'nogroup' }),
        pathInHeaders: false,
      })
      await run({ path: p('f'), owner: 'nobody', group: 'nogroup' })
      expect(statSync(p('f')).uid).to.equal(65534)
      expect((await run({ path: p('f'), owner: '65534' }, true)).plan.changed).to.equal(false)
    })
  })

  describe('state=touch and state=absent', () => {
    it('touch creates a file with the mode and always reports a change', async () => {
      const { result } = await run({ path: p('t'), state: 'touch', mode: '0600' })
      expect(result).to.deep.include({ changed: true, state: 'file', mode: '0600' })
      expect(modeOf(p('t'))).to.equal(0o600)
      expect((await run({ path: p('t'), state: 'touch' })).result.changed).to.equal(true)
    })
    it('modification_time/access_time: preserve keeps a touched file unchanged, now refreshes', async () => {
      writeFileSync(p('old'), 'x')
      const past = new Date('2020-01-01T00:00:00Z')
      utimesSync(p('old'), past, past)
      const keep = { path: p('old'), modification_time: 'preserve', access_time: 'preserve' }
      expect((await run({ ...keep, state: 'touch' })).result.changed).to.equal(false)
      expect(statSync(p('old')).mtimeMs).to.equal(past.getTime())
      // a new file is created whatever the times say
      expect((await run({ ...keep, path: p('new'), state: 'touch' })).result.changed).to.equal(true)
      const atimeOnly = { path: p('old'), state: 'touch', modification_time: 'preserve' }
      expect((await run(atimeOnly)).result.changed).to.equal(true)
      expect(statSync(p('old')).mtimeMs).to.equal(past.getTime())
      expect(statSync(p('old')).atimeMs).to.be.greaterThan(past.getTime())
      // state=file preserves them unless told `now`
      expect((await run({ path: p('old'), state: 'file' })).result.changed).to.equal(false)
      expect(
        (await run({ path: p('old'), state: 'file', modification_time: 'now' })).result.changed,
      ).to.equal(true)
      expect(statSync(p('old')).mtimeMs).to.be.greaterThan(past.getTime())
      const stamp = await failureOf(
        run({ path: p('old'), state: 'touch', modification_time: '202001010000.00' }),
      )
      expect(stamp.message).to.match(/^modification_time: tsplay supports "now" and "preserve"/)
    })

    it('absent removes a tree, then has nothing to do', async () => {
      mkdirSync(p('gone/deep'), { recursive: true })
      const check = await run({ path: p('gone'), state: 'absent' }, true)
      expect(check.plan.diff?.[0]?.after).to.equal(diffJson({ path: p('gone'), state: 'absent' }))
      expect(existsSync(p('gone'))).to.equal(true)
      expect((await run({ path: p('gone'), state: 'absent' })).result).to.deep.include({
        changed: true,
        state: 'absent',
      })
      expect(existsSync(p('gone'))).to.equal(false)
      expect((await run({ path: p('gone'), state: 'absent' })).result.changed).to.equal(false)
    })
  })

  describe('state=link and state=hard', () => {
    it('creates a relative symlink, is idempotent, retargets it', async () => {
      writeFileSync(p('target'), 'x')
      writeFileSync(p('other'), 'y')
      const { result } = await run({ path: p('l'), src: 'target', state: 'link' })
      expect(result).to.deep.include({ changed: true, dest: p('l'), src: 'target', state: 'link' })
      expect(readlinkSync(p('l'))).to.equal('target')
      expect((await run({ path: p('l'), src: 'target', state: 'link' }, true)).plan.changed).to.equal(false)
      const re = await run({ path: p('l'), src: p('other'), state: 'link' })
      expect(re.plan.diff?.[0]?.before).to.equal(diffJson({ path: p('l'), state: 'link', src: 'target' }))
      expect(readlinkSync(p('l'))).to.equal(p('other'))
    })
    it('refuses to replace a file or link a missing src without force', async () => {
      writeFileSync(p('file'), 'x')
      writeFileSync(p('target'), 'x')
      const conv = await failureOf(run({ path: p('file'), src: p('target'), state: 'link' }))
      expect(conv.message).to.equal(`refusing to convert from file to symlink for ${p('file')}`)
      await run({ path: p('file'), src: p('target'), state: 'link', force: true })
      expect(lstatSync(p('file')).isSymbolicLink()).to.equal(true)
      const dangling = await failureOf(run({ path: p('d'), src: p('missing'), state: 'link' }))
      expect(dangling.message).to.match(/^src file does not exist, use "force=yes"/)
      await run({ path: p('d'), src: p('missing'), state: 'link', force: true })
      expect(readlinkSync(p('d'))).to.equal(p('missing'))
    })
    it('attributes of a link-followed file apply to its target', async () => {
      writeFileSync(p('target'), 'x', { mode: 0o644 })
      await run({ path: p('l'), src: p('target'), state: 'link' })
      await run({ path: p('l'), mode: '0600' })
      expect(statSync(p('target')).mode & 0o777).to.equal(0o600)
    })
    it('hard links share the inode and are idempotent', async () => {
      writeFileSync(p('src'), 'x')
      expect((await run({ path: p('h'), src: p('src'), state: 'hard' })).result.changed).to.equal(true)
      expect(statSync(p('h')).ino).to.equal(statSync(p('src')).ino)
      expect((await run({ path: p('h'), src: p('src'), state: 'hard' }, true)).plan.changed).to.equal(false)
      writeFileSync(p('x'), 'y')
      linkSync(p('x'), p('x2'))
      const err = await failureOf(run({ path: p('x2'), src: p('src'), state: 'hard' }))
      expect(err.message).to.equal(`refusing to convert from hard to hard link for ${p('x2')}`)
      const missing = await failureOf(run({ path: p('h2'), src: p('nope'), state: 'hard' }))
      expect(missing.message).to.equal(`src does not exist: ${p('nope')}`)
    })
  })
})
