/** On a real LocalConnection, only where safe: a local HTTP server, temp files, and check mode. */
import { expect } from 'chai'
import { execFileSync, execSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { aptModule } from '../../engine/modules/apt.js'
import { aptRepositoryModule } from '../../engine/modules/apt_repository.js'
import { getUrlModule } from '../../engine/modules/get_url.js'
import { groupModule } from '../../engine/modules/group.js'
import { hostnameModule } from '../../engine/modules/hostname.js'
import { applyModprobe, planModprobe } from '../../engine/modules/modprobe.js'
import { mountModule } from '../../engine/modules/mount.js'
import { rebootModule } from '../../engine/modules/reboot.js'
import { sysctlModule } from '../../engine/modules/sysctl.js'
import { systemdModule } from '../../engine/modules/systemd.js'
import { unarchiveModule } from '../../engine/modules/unarchive.js'
import { uriModule } from '../../engine/modules/uri.js'
import { userModule } from '../../engine/modules/user.js'
import { failureOf, makeCtx, makeTmp, runModule } from '../unit/modules/files/host-helpers.js'
import { PAYLOAD, sha256, startServer, type TestServer } from '../unit/modules/system/http-server.js'

describe('system modules on a LocalConnection', function () {
  this.timeout(30000)
  let dir: string
  let cleanup: () => void
  let srv: TestServer
  before(async () => (srv = await startServer()))
  after(() => srv.close())
  beforeEach(() => {
    ;({ dir, cleanup } = makeTmp())
    mkdirSync(join(dir, 'files'))
    srv.hits.length = 0
  })
  afterEach(() => cleanup())
  const check = () => makeCtx(dir, { checkMode: true })

  describe('get_url', () => {
    it('downloads with a checksum, then does not download again', async () => {
      const dest = join(dir, 'kubectl')
      const args = { url: `${srv.base}/kubectl`, dest, checksum: `sha256:${sha256(PAYLOAD)}`, mode: '0755' }
      const first = await runModule(getUrlModule, args, makeCtx(dir))
      expect(first.result).to.deep.include({ changed: true, status_code: 200, dest, size: PAYLOAD.length })
      expect(readFileSync(dest, 'utf8')).to.equal(PAYLOAD)
      expect(statSync(dest).mode & 0o7777).to.equal(0o755)
      const again = await runModule(getUrlModule, args, makeCtx(dir))
      expect(again.result.changed).to.equal(false)
      expect(srv.hits.filter((h) => h.url === '/kubectl')).to.have.length(1)
      expect(readdirSync(dir).filter((n) => n.startsWith('.tsplay'))).to.deep.equal([])
    })
    it('takes the checksum from a checksum list URL, into a dest directory', async () => {
      const { result } = await runModule(
        getUrlModule,
        { url: `${srv.base}/kubectl`, dest: `${dir}/`, checksum: `sha256:${srv.base}/kubectl.sha256` },
        makeCtx(dir),
      )
      expect(result).to.deep.include({ changed: true, dest: join(dir, 'kubectl') })
    })
    it('fails on a checksum mismatch and leaves nothing behind', async () => {
      const dest = join(dir, 'k')
      const err = await failureOf(
        runModule(
          getUrlModule,
          { url: `${srv.base}/kubectl`, dest, checksum: `sha256:${'0'.repeat(64)}` },
          makeCtx(dir),
        ),
      )
      expect(err.message).to.match(/did not match/)
      expect(existsSync(dest)).to.equal(false)
      expect(readdirSync(dir).filter((n) => n.startsWith('.tsplay'))).to.deep.equal([])
    })
    it('fails on 404; check mode downloads nothing; an existing dest without checksum is kept', async () => {
      expect(
        (
          await failureOf(
            runModule(getUrlModule, { url: `${srv.base}/nope`, dest: join(dir, 'n') }, makeCtx(dir)),
          )
        ).message,
      ).to.match(/HTTP Error 404/)
      const c = await runModule(getUrlModule, { url: `${srv.base}/kubectl`, dest: join(dir, 'c') }, check())
      expect(c.plan.changed).to.equal(true)
      expect(existsSync(join(dir, 'c'))).to.equal(false)
      writeFileSync(join(dir, 'old'), 'old')
      const k = await runModule(
        getUrlModule,
        { url: `${srv.base}/kubectl`, dest: join(dir, 'old') },
        makeCtx(dir),
      )
      expect(k.result.changed).to.equal(false)
      expect(readFileSync(join(dir, 'old'), 'utf8')).to.equal('old')
      expect(srv.hits.filter((h) => h.url === '/kubectl')).to.have.length(0)
    })
  })

  describe('uri', () => {
    it('GET parses JSON and is not a change; headers reach the server', async () => {
      const { result } = await runModule(
        uriModule,
        { url: `${srv.base}/api`, headers: { Authorization: 'Bearer s3cret' } },
        makeCtx(dir),
      )
      expect(result).to.deep.include({ changed: false, status: 200 })
      expect(result.json).to.deep.equal({ method: 'GET', body: '', auth: 'Bearer s3cret' })
    })
    it('POST sends a JSON body; a wrong status fails', async () => {
      const { result } = await runModule(
        uriModule,
        { url: `${srv.base}/api`, method: 'POST', body: { a: 1 }, body_format: 'json', return_content: true },
        makeCtx(dir),
      )
      expect(result.json).to.deep.include({ method: 'POST', body: '{"a":1}' })
      expect(srv.hits[0]!.headers['content-type']).to.equal('application/json')
      const err = await failureOf(runModule(uriModule, { url: `${srv.base}/missing` }, makeCtx(dir)))
      expect(err.message).to.match(/Status code was 404 and not \[200\]/)
      const ok = await runModule(
        uriModule,
        { url: `${srv.base}/missing`, status_code: [200, 404] },
        makeCtx(dir),
      )
      expect(ok.result.status).to.equal(404)
    })
  })

  describe('unarchive', () => {
    it('unpacks a tar.gz from the controller, idempotently, and notices a changed file', async () => {
      mkdirSync(join(dir, 'src/app/bin'), { recursive: true })
      writeFileSync(join(dir, 'src/app/bin/tool'), 'v1\n')
      execFileSync('tar', ['-czf', join(dir, 'files/app.tar.gz'), '-C', join(dir, 'src'), 'app'])
      const dest = join(dir, 'opt')
      mkdirSync(dest)
      const args = { src: 'app.tar.gz', dest }
      expect((await runModule(unarchiveModule, args, check())).plan.changed).to.equal(true)
      expect(existsSync(join(dest, 'app'))).to.equal(false)
      const first = await runModule(unarchiveModule, args, makeCtx(dir))
      expect(first.result).to.deep.include({ changed: true, handler: 'TgzArchive' })
      expect(readFileSync(join(dest, 'app/bin/tool'), 'utf8')).to.equal('v1\n')
      expect((await runModule(unarchiveModule, args, makeCtx(dir))).result.changed).to.equal(false)
      writeFileSync(join(dest, 'app/bin/tool'), 'v2\n')
      expect((await runModule(unarchiveModule, args, makeCtx(dir))).result.changed).to.equal(true)
      const strip = join(dir, 'strip')
      mkdirSync(strip)
      const s = {
        src: join(dir, 'files/app.tar.gz'),
        remote_src: true,
        dest: strip,
        extra_opts: ['--strip-components=1'],
        mode: 'u=rwx,go=rx',
      }
      await runModule(unarchiveModule, s, makeCtx(dir))
      expect(statSync(join(strip, 'bin/tool')).mode & 0o777).to.equal(0o755)
      expect((await runModule(unarchiveModule, s, makeCtx(dir))).result.changed).to.equal(false)
      expect(
        (await runModule(unarchiveModule, { ...s, creates: strip }, makeCtx(dir))).plan.result,
      ).to.deep.include({ msg: `skipped, since ${strip} exists` })
    })
  })

  describe('config files in temp paths', () => {
    it('sysctl edits sysctl_file without touching the kernel', async () => {
      const file = join(dir, 'k8s.conf')
      writeFileSync(file, '# k8s\nnet.ipv4.ip_forward = 0\n')
      const args = { name: 'net.ipv4.ip_forward', value: '1', sysctl_file: file, reload: false }
      const { result, plan } = await runModule(sysctlModule, args, makeCtx(dir))
      expect(result.changed).to.equal(true)
      expect(plan.diff![0]).to.deep.equal({
        path: file,
        before: 'net.ipv4.ip_forward = 0\n',
        after: 'net.ipv4.ip_forward=1\n',
      })
      expect(readFileSync(file, 'utf8')).to.equal('# k8s\nnet.ipv4.ip_forward=1\n')
      expect((await runModule(sysctlModule, args, makeCtx(dir))).result.changed).to.equal(false)
      await runModule(
        sysctlModule,
        { name: 'net.ipv4.ip_forward', state: 'absent', sysctl_file: file, reload: false },
        makeCtx(dir),
      )
      expect(readFileSync(file, 'utf8')).to.equal('# k8s\n')
    })
    it('mount state=present edits a temp fstab only', async () => {
      const fstab = join(dir, 'fstab')
      writeFileSync(fstab, 'UUID=1 / ext4 defaults 0 1\n')
      const args = {
        path: '/mnt/tsplay-never',
        src: 'nas:/x',
        fstype: 'nfs',
        opts: 'ro',
        state: 'present',
        fstab,
      }
      expect((await runModule(mountModule, args, makeCtx(dir))).result.changed).to.equal(true)
      expect(readFileSync(fstab, 'utf8')).to.equal(
        'UUID=1 / ext4 defaults 0 1\nnas:/x /mnt/tsplay-never nfs ro 0 0\n',
      )
      expect((await runModule(mountModule, args, makeCtx(dir))).result.changed).to.equal(false)
      expect(existsSync('/mnt/tsplay-never')).to.equal(false)
      await runModule(
        mountModule,
        { path: '/mnt/tsplay-never', state: 'absent_from_fstab', fstab },
        makeCtx(dir),
      )
      expect(readFileSync(fstab, 'utf8')).to.equal('UUID=1 / ext4 defaults 0 1\n')
    })
    it('apt_repository with an absolute filename adds, keeps and removes the line', async () => {
      const repo = 'deb [signed-by=/etc/apt/keyrings/tsplay.gpg] https://tsplay.invalid/deb stable main'
      const filename = join(dir, 'tsplay')
      const args = { repo, filename, update_cache: false }
      expect((await runModule(aptRepositoryModule, args, makeCtx(dir))).result.changed).to.equal(true)
      expect(readFileSync(`${filename}.list`, 'utf8')).to.equal(`${repo}\n`)
      expect(statSync(`${filename}.list`).mode & 0o777).to.equal(0o644)
      expect((await runModule(aptRepositoryModule, args, makeCtx(dir))).result.changed).to.equal(false)
      await runModule(aptRepositoryModule, { ...args, state: 'absent' }, makeCtx(dir))
      expect(existsSync(`${filename}.list`)).to.equal(false)
    })
    it('modprobe persistence files in temp dirs for a module listed as loaded', async () => {
      writeFileSync(join(dir, 'modules'), 'br_netfilter 32768 0 - Live 0x0\n')
      const paths = {
        procModules: join(dir, 'modules'),
        loadDir: join(dir, 'load'),
        optsDir: join(dir, 'opts'),
        builtin: `'${join(dir, 'none')}'`,
      }
      const args = { name: 'br_netfilter', persistent: 'present', params: 'x=1' }
      const ctx = makeCtx(dir)
      const plan = await planModprobe(ctx, args, paths)
      expect(plan.changed).to.equal(true)
      await applyModprobe(plan, args, ctx)
      expect(readFileSync(join(dir, 'load/br_netfilter.conf'), 'utf8')).to.equal('br_netfilter\n')
      expect(readFileSync(join(dir, 'opts/br_netfilter.conf'), 'utf8')).to.equal('options br_netfilter x=1\n')
      expect((await planModprobe(ctx, args, paths)).changed).to.equal(false)
      const rm = { name: 'br_netfilter', persistent: 'absent' }
      await applyModprobe(await planModprobe(ctx, rm, paths), rm, ctx)
      expect(existsSync(join(dir, 'load/br_netfilter.conf'))).to.equal(false)
    })
  })

  describe('check mode only: this machine is not changed', () => {
    it('user/group: a missing account is planned, not created', async () => {
      const u = await runModule(userModule, { name: 'tsplay-nosuchuser', shell: '/bin/sh' }, check())
      expect(u.plan.changed).to.equal(true)
      const g = await runModule(groupModule, { name: 'tsplay-nosuchgroup' }, check())
      expect(g.plan.changed).to.equal(true)
      expect(execSync('getent passwd tsplay-nosuchuser || echo missing').toString().trim()).to.equal(
        'missing',
      )
      expect(execSync('getent group tsplay-nosuchgroup || echo missing').toString().trim()).to.equal(
        'missing',
      )
      const root = await runModule(userModule, { name: 'root', uid: 0 }, check())
      expect(root.plan.changed).to.equal(false)
    })
    it('hostname: a new name is planned, the hostname stays', async () => {
      const before = execSync('hostname').toString().trim()
      const { plan } = await runModule(hostnameModule, { name: 'tsplay-check-only' }, check())
      expect(plan.changed).to.equal(true)
      expect(execSync('hostname').toString().trim()).to.equal(before)
      expect((await runModule(hostnameModule, { name: before }, check())).plan.changed).to.equal(
        existsSync('/etc/hostname') && readFileSync('/etc/hostname', 'utf8').trim() !== before,
      )
    })
    it('apt: dpkg is installed, a made-up package would be installed', async () => {
      const ok = await runModule(aptModule, { name: 'dpkg' }, check())
      expect(ok.plan.changed).to.equal(false)
      const { plan } = await runModule(aptModule, { name: 'tsplay-no-such-package' }, check())
      expect(plan.changed).to.equal(true)
      expect(
        execSync('dpkg-query -W tsplay-no-such-package 2>/dev/null || echo missing').toString().trim(),
      ).to.equal('missing')
    })
    it('systemd: plans from systemctl show, or fails clearly without systemd', async () => {
      const p = runModule(systemdModule, { name: 'tsplay-nosuch.service', state: 'started' }, check())
      const err = await failureOf(p)
      expect(err.message).to.match(
        existsSync('/run/systemd/system') ? /Could not find the requested service/ : /systemd|bus/i,
      )
    })
    it('reboot refuses the local connection', async () => {
      const err = await failureOf(runModule(rebootModule, {}, check()))
      expect(err.message).to.match(/local connection cannot run reboot/)
    })
  })
})
