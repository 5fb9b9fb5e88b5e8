import { expect } from 'chai'
import { parseSystemctlShow, unitActions } from '../../../../engine/modules/systemd.js'
import {
  parseGroup,
  parseIdGroups,
  parsePasswd,
  shadowHash,
} from '../../../../engine/modules/system/accounts.js'
import {
  parseSourceLine,
  planSources,
  suggestFilename,
} from '../../../../engine/modules/system/apt-sources.js'
import {
  findInChecksumList,
  parseChecksumArg,
  urlFilename,
} from '../../../../engine/modules/system/checksum.js'
import { globMatch, sections, strList } from '../../../../engine/modules/system/common.js'
import { editFstab, fstabEscape, parseProcMounts } from '../../../../engine/modules/system/fstab.js'
import { curlConfig, curlQuote, parseResponseHeaders } from '../../../../engine/modules/system/http.js'
import {
  parseAptPolicy,
  parseAptSimulation,
  parseAptSpec,
  parseAptSummary,
  parseCheckUpdate,
  parseDpkgQuery,
  parseRpmQueries,
  planPackages,
} from '../../../../engine/modules/system/packages.js'
import { editSysctl, sameSysctlValue, sysctlValue } from '../../../../engine/modules/system/sysctl-file.js'
import { stripCount, tarDiffChanges, archiveKind } from '../../../../engine/modules/unarchive.js'
import { keyringHas } from '../../../../engine/modules/apt_key.js'
import { isLoaded } from '../../../../engine/modules/modprobe.js'

const SHA = 'a'.repeat(64)

describe('system module parsers', () => {
  describe('packages', () => {
    const DPKG =
      'curl\tinstall ok installed\t7.88.1-10+deb12u5\nvim\tdeinstall ok config-files\t2:9.0.1378-2\nlibc6\tinstall ok installed\t2.36-9\n'
    it('parses dpkg-query lines into installed and config-files states', () => {
      const m = parseDpkgQuery(DPKG)
      expect(m.get('curl')).to.deep.equal({ name: 'curl', status: 'installed', version: '7.88.1-10+deb12u5' })
      expect(m.get('vim')?.status).to.equal('config-files')
      expect(m.has('nginx')).to.equal(false)
    })
    it('splits apt version pins and architectures', () => {
      expect(parseAptSpec('kubelet=1.30.*')).to.deep.equal({
        spec: 'kubelet=1.30.*',
        name: 'kubelet',
        version: '1.30.*',
      })
      expect(parseAptSpec('libc6:amd64')).to.deep.equal({
        spec: 'libc6:amd64',
        name: 'libc6',
        version: undefined,
      })
      expect(globMatch('1.30.2-1.1', '1.30.*')).to.equal(true)
      expect(globMatch('1.29.2-1.1', '1.30.*')).to.equal(false)
    })
    it('plans present/absent/latest per package', () => {
      const inst = parseDpkgQuery(DPKG)
      const specs = ['curl', 'nginx', 'vim', 'curl=8.*'].map(parseAptSpec)
      expect(planPackages(specs, inst, 'present').map((s) => s.action)).to.deep.equal([
        'none',
        'install',
        'install',
        'install',
      ])
      expect(planPackages(specs.slice(0, 3), inst, 'absent').map((s) => s.action)).to.deep.equal([
        'remove',
        'none',
        'none',
      ])
      expect(planPackages([parseAptSpec('vim')], inst, 'absent', { purge: true })[0]!.action).to.equal(
        'remove',
      )
      const policy = parseAptPolicy(
        'curl:\n  Installed: 7.88.1-10+deb12u5\n  Candidate: 7.88.1-10+deb12u6\n  Version table:\nlibc6:\n  Installed: 2.36-9\n  Candidate: 2.36-9\n',
      )
      expect(policy.get('curl')).to.deep.equal({
        installed: '7.88.1-10+deb12u5',
        candidate: '7.88.1-10+deb12u6',
      })
      expect(
        planPackages(['curl', 'libc6'].map(parseAptSpec), inst, 'latest', { policy }).map((s) => s.action),
      ).to.deep.equal(['upgrade', 'none'])
    })
    it('reads apt-get summaries and simulations', () => {
      expect(parseAptSummary('0 upgraded, 2 newly installed, 0 to remove and 5 not upgraded.')).to.deep.equal(
        { upgraded: 0, installed: 2, removed: 0 },
      )
      expect(parseAptSummary('nothing')).to.equal(undefined)
      expect(
        parseAptSimulation(
          'Reading...\nInst libfoo [1.0] (1.1 Debian:12)\nConf libfoo (1.1)\nRemv oldpkg [2]\n',
        ),
      ).to.deep.equal(['libfoo', 'oldpkg'])
    })
    it('parses rpm -q per requested name and dnf check-update', () => {
      const out =
        '@@q\nbash\t0:5.1.8-9.el9\tx86_64\n@@q\npackage nginx is not installed\n@@q\nkernel\t0:5.14.0-1.el9\tx86_64\nkernel\t0:5.14.0-2.el9\tx86_64\n'
      const m = parseRpmQueries(out, ['bash', 'nginx', 'kernel'])
      expect(m.get('bash')).to.deep.equal({ name: 'bash', status: 'installed', version: '5.1.8-9.el9' })
      expect(m.get('nginx')).to.equal(undefined)
      expect(m.get('kernel')?.name).to.equal('kernel')
      const upd = parseCheckUpdate(
        'Last metadata expiration check: 0:01:02 ago.\n\nbash.x86_64   5.1.8-10.el9   baseos\n',
      )
      expect([...upd]).to.deep.equal(['bash'])
    })
  })

  it('systemctl show → properties, and the actions each wanted state needs', () => {
    const p = parseSystemctlShow('ActiveState=inactive\nUnitFileState=disabled\nLoadState=loaded\n')
    expect(p).to.deep.equal({ ActiveState: 'inactive', UnitFileState: 'disabled', LoadState: 'loaded' })
    expect(unitActions(p, { state: 'started', enabled: true })).to.deep.equal(['enable', 'start'])
    const on = { ActiveState: 'active', UnitFileState: 'enabled', LoadState: 'loaded' }
    expect(unitActions(on, { state: 'started', enabled: true })).to.deep.equal([])
    expect(unitActions(on, { state: 'restarted' })).to.deep.equal(['restart'])
    expect(unitActions(p, { state: 'reloaded' })).to.deep.equal(['start'])
    expect(unitActions(on, { state: 'stopped', enabled: false })).to.deep.equal(['disable', 'stop'])
    expect(unitActions({ ...p, UnitFileState: 'masked' }, { masked: false, enabled: true })).to.deep.equal([
      'unmask',
      'enable',
    ])
    expect(unitActions({ ...on, UnitFileState: 'static' }, { enabled: true })).to.deep.equal([])
  })

  it('getent passwd/group, id -nG and the shadow hash', () => {
    expect(parsePasswd('kube:x:1001:1001:Kube User,,,:/home/kube:/bin/bash\n')).to.deep.equal({
      name: 'kube',
      uid: 1001,
      gid: 1001,
      comment: 'Kube User,,,',
      home: '/home/kube',
      shell: '/bin/bash',
    })
    expect(parsePasswd('')).to.equal(undefined)
    expect(parseGroup('docker:x:998:alice,bob\n')).to.deep.equal({
      name: 'docker',
      gid: 998,
      members: ['alice', 'bob'],
    })
    expect(parseIdGroups('kube sudo docker\n')).to.deep.equal(['kube', 'sudo', 'docker'])
    expect(shadowHash('kube:$6$salt$hash:19000:0:99999:7:::')).to.equal('$6$salt$hash')
  })

  describe('fstab', () => {
    it('parses /proc/mounts with octal escapes', () => {
      const m = parseProcMounts('/dev/sda1 / ext4 rw,relatime 0 0\n/dev/sdb1 /mnt/my\\040disk xfs rw 0 0\n')
      expect(m[1]).to.deep.equal({
        src: '/dev/sdb1',
        path: '/mnt/my disk',
        fstype: 'xfs',
        opts: 'rw',
        dump: '0',
        passno: '0',
      })
      expect(fstabEscape('/mnt/my disk')).to.equal('/mnt/my\\040disk')
    })
    const FSTAB = '# static\nUUID=1 / ext4 defaults 0 1\n/dev/sdb1 /data xfs defaults 0 0\n'
    const want = { src: '/dev/sdb1', path: '/data', fstype: 'xfs', opts: 'noatime', dump: '0', passno: '2' }
    it('rewrites a differing entry in place, keeps an equal one, appends a new one', () => {
      const e = editFstab(FSTAB, '/data', want)
      expect(e.changed).to.equal(true)
      expect(e.content).to.equal('# static\nUUID=1 / ext4 defaults 0 1\n/dev/sdb1 /data xfs noatime 0 2\n')
      expect(e.before).to.deep.equal(['/dev/sdb1 /data xfs defaults 0 0'])
      expect(editFstab(e.content, '/data', want).changed).to.equal(false)
      const n = editFstab('UUID=1 / ext4 defaults 0 1', '/srv', { ...want, path: '/srv' })
      expect(n.content).to.equal('UUID=1 / ext4 defaults 0 1\n/dev/sdb1 /srv xfs noatime 0 2\n')
    })
    it('removes the entry for absent', () => {
      const e = editFstab(FSTAB, '/data', undefined)
      expect(e.content).to.equal('# static\nUUID=1 / ext4 defaults 0 1\n')
      expect(editFstab(e.content, '/data', undefined).changed).to.equal(false)
    })
  })

  describe('sysctl file', () => {
    it('normalizes values like Ansible', () => {
      expect(sysctlValue(true)).to.equal('1')
      expect(sysctlValue('yes')).to.equal('1')
      expect(sysctlValue(' 32768\t60999 ')).to.equal('32768\t60999')
      expect(sameSysctlValue('32768\t60999', '32768 60999')).to.equal(true)
    })
    it('replaces the first line, drops later duplicates, appends when missing', () => {
      const f = '# k8s\nnet.ipv4.ip_forward = 0\nvm.swappiness=10\nnet.ipv4.ip_forward=0\n'
      const e = editSysctl(f, 'net.ipv4.ip_forward', '1')
      expect(e.content).to.equal('# k8s\nnet.ipv4.ip_forward=1\nvm.swappiness=10\n')
      expect(e).to.deep.include({ changed: true, current: '0', after: ['net.ipv4.ip_forward=1'] })
      expect(editSysctl(e.content, 'net.ipv4.ip_forward', '1').changed).to.equal(false)
      expect(editSysctl('vm.swappiness = 10\n', 'vm.swappiness', '10').changed).to.equal(false)
      expect(editSysctl('a=1', 'b', '2').content).to.equal('a=1\nb=2\n')
      expect(editSysctl(f, 'vm.swappiness', undefined).content).to.equal(
        '# k8s\nnet.ipv4.ip_forward = 0\nnet.ipv4.ip_forward=0\n',
      )
    })
  })

  describe('apt sources', () => {
    const docker =
      'deb [arch=amd64 signed-by=/etc/apt/keyrings/docker.gpg] https://download.docker.com/linux/debian bookworm stable'
    it("suggests Ansible's file name", () => {
      expect(suggestFilename(docker)).to.equal('download_docker_com_linux_debian.list')
      expect(suggestFilename('deb http://user:pw@deb.example.org/repo/ ./')).to.equal(
        'deb_example_org_repo.list',
      )
    })
    it('normalizes lines: option order, spacing, trailing slash', () => {
      const a = parseSourceLine(docker)!
      const b = parseSourceLine(
        '#deb  [signed-by=/etc/apt/keyrings/docker.gpg arch=amd64] https://download.docker.com/linux/debian/ bookworm stable',
      )!
      expect(a.key).to.equal(b.key)
      expect([a.enabled, b.enabled]).to.deep.equal([true, false])
      expect(parseSourceLine('# just a comment')).to.equal(undefined)
    })
    it('adds, finds, enables and removes a source', () => {
      const t = '/etc/apt/sources.list.d/docker.list'
      const add = planSources(
        [{ path: '/etc/apt/sources.list', content: 'deb http://deb.debian.org/debian bookworm main\n' }],
        docker,
        'present',
        t,
      )
      expect(add.changes).to.deep.equal([
        { path: t, content: `${docker}\n`, remove: false, before: [], after: [docker], created: true },
      ])
      expect(planSources([{ path: t, content: `${docker}\n` }], docker, 'present', t).changes).to.deep.equal(
        [],
      )
      const off = planSources([{ path: '/x.list', content: `# ${docker}\n` }], docker, 'present', t)
      expect(off.changes[0]).to.deep.include({ path: '/x.list', content: `${docker}\n` })
      const rm = planSources([{ path: t, content: `${docker}\n` }], docker, 'absent', t)
      expect(rm.changes[0]).to.deep.include({ path: t, content: '', remove: true })
      expect(rm.removed).to.deep.equal([docker])
    })
  })

  describe('checksums and http', () => {
    it('parses checksum arguments', () => {
      expect(parseChecksumArg(`sha256:${SHA.toUpperCase()}`)).to.deep.equal({ algo: 'sha256', value: SHA })
      expect(
        parseChecksumArg('sha256:https://dl.k8s.io/v1.30.0/bin/linux/amd64/kubectl.sha256'),
      ).to.deep.equal({
        algo: 'sha256',
        url: 'https://dl.k8s.io/v1.30.0/bin/linux/amd64/kubectl.sha256',
      })
      expect(() => parseChecksumArg('sha256:abc')).to.throw(/64 hex/)
      expect(() => parseChecksumArg('crc32:abc')).to.throw(/unsupported/)
      expect(() => parseChecksumArg(SHA)).to.throw(/format/)
    })
    it('finds a file in a checksum list, or takes a lone checksum', () => {
      const b = 'b'.repeat(64)
      expect(findInChecksumList(`${SHA}  other.tgz\n${b} *helm.tgz\n`, 'helm.tgz', 'sha256')).to.equal(b)
      expect(findInChecksumList(`${b}\n`, 'kubectl', 'sha256')).to.equal(b)
      expect(findInChecksumList(`SHA256 (x.tgz) = ${b}\n`, 'x.tgz', 'sha256')).to.equal(b)
      expect(() => findInChecksumList(`${SHA}  a\n${b}  c\n`, 'x', 'sha256')).to.throw(/Unable to find/)
      expect(urlFilename('https://h/dl/helm-v3.tar.gz?x=1')).to.equal('helm-v3.tar.gz')
    })
    it('quotes curl config values and keeps secrets in the config', () => {
      expect(curlQuote('a "b" \\ c\nd')).to.equal('"a \\"b\\" \\\\ c\\nd"')
      const cfg = curlConfig({
        url: 'https://h/x',
        headers: { Authorization: 'Bearer T0K' },
        username: 'u',
        password: 'p"w',
      })
      expect(cfg)
        .to.include('header = "Authorization: Bearer T0K"')
        .and.include('user = "u:p\\"w"')
        .and.include('url = "https://h/x"')
    })
    it('parses the last header block after redirects', () => {
      const raw =
        'HTTP/1.1 301 Moved\r\nLocation: /b\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Req-Id: 7\r\n\r\n'
      expect(parseResponseHeaders(raw)).to.deep.equal({
        status: 200,
        headers: { content_type: 'application/json', x_req_id: '7' },
      })
    })
  })

  it('misc: lists, sections, tar diff lines, strip count, archive kinds, keyrings, /proc/modules', () => {
    expect(strList('a, b,,c')).to.deep.equal(['a', 'b', 'c'])
    expect(strList(['x'])).to.deep.equal(['x'])
    expect([...sections('junk\n@@a\n1\n2\n@@b\n').entries()]).to.deep.equal([
      ['a', '1\n2'],
      ['b', ''],
    ])
    expect(
      tarDiffChanges('top/a: Contents differ\ntop/b: Mode differs\ntop/c: Uid differs\n', true),
    ).to.deep.equal(['top/a: Contents differ'])
    expect(tarDiffChanges('tar: : Warning: Cannot stat: No such file or directory\n', false)).to.deep.equal(
      [],
    )
    expect(tarDiffChanges('top/b: Mode differs\n', false)).to.deep.equal(['top/b: Mode differs'])
    expect(stripCount(['--strip-components=1'])).to.equal(1)
    expect(stripCount(['--strip-components', '2'])).to.equal(2)
    expect(archiveKind('x.tar.xz')).to.deep.equal({ zip: false, flag: '-J' })
    expect(archiveKind('x.ZIP')).to.deep.equal({ zip: true })
    const colons =
      'pub:-:4096:1:8D81803C0EBFCD88:1487788586:::-:::scESA::::::23::0:\nfpr:::::::::9DC858229FC7DD38854AE2D88D81803C0EBFCD88:\n'
    expect(keyringHas(colons, '0EBFCD88')).to.equal(true)
    expect(keyringHas(colons, '9DC858229FC7DD38854AE2D88D81803C0EBFCD88')).to.equal(true)
    expect(keyringHas(colons, 'DEADBEEF')).to.equal(false)
    expect(
      isLoaded('br_netfilter 32768 0 - Live 0x0\noverlay 151552 0 - Live 0x0\n', 'br-netfilter'),
    ).to.equal(true)
    expect(isLoaded('overlay 1 0 - Live\n', 'ip_vs')).to.equal(false)
  })
})
