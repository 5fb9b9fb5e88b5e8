import { expect } from 'chai'
import { aptRepositoryModule } from '../../../../engine/modules/apt_repository.js'
import { aptKeyModule } from '../../../../engine/modules/apt_key.js'
import { getUrlModule } from '../../../../engine/modules/get_url.js'
import { hostnameModule } from '../../../../engine/modules/hostname.js'
import { modprobeModule } from '../../../../engine/modules/modprobe.js'
import { mountModule } from '../../../../engine/modules/mount.js'
import { sysctlModule } from '../../../../engine/modules/sysctl.js'
import { uriModule } from '../../../../engine/modules/uri.js'
import { ctxOf, execute, MUTATING, TableConn } from './fake.js'

const SHA = 'c'.repeat(64)
const missingStat = '@@stat\nmissing\n'
const dirStat = '@@stat\n41ed 0 0 4096 1 1 1 2 3 4 root root\nacc:rwx\n'
const fileStat = (sum: string) => `@@stat\n81a4 0 0 10 1 1 1 2 3 1 root root\nacc:rw\nsum:${sum}\n`

describe('file-editing system modules (fake host)', () => {
  it('sysctl: check plans the line and the kernel value; apply writes, sets and reloads', async () => {
    const reply = { stdout: '@@kernel\n0\n@@file\n# x\nnet.ipv4.ip_forward = 0\n' }
    const check = new TableConn([[/@@file/, reply]])
    const args = { name: 'net.ipv4.ip_forward', value: 1, sysctl_set: true }
    const c = await execute(sysctlModule, args, ctxOf(check, { checkMode: true }))
    expect(c.plan.diff).to.deep.equal([
      { path: '/etc/sysctl.conf', before: 'net.ipv4.ip_forward = 0\n', after: 'net.ipv4.ip_forward=1\n' },
      { path: 'net.ipv4.ip_forward (kernel)', before: '0\n', after: '1\n' },
    ])
    expect(check.commands().filter((x) => MUTATING.test(x))).to.deep.equal([])
    const conn = new TableConn([[/@@file/, reply]])
    await execute(sysctlModule, args, ctxOf(conn))
    const cmds = conn.commands()
    expect(cmds[1]).to.include('p=/etc/sysctl.conf').and.include('mv -f -- "$t" "$p"')
    expect(conn.calls[1]!.stdin).to.equal('# x\nnet.ipv4.ip_forward=1\n')
    expect(cmds.slice(2)).to.deep.equal(['sysctl -w net.ipv4.ip_forward=1', 'sysctl -p /etc/sysctl.conf'])
    const same = new TableConn([[/@@file/, { stdout: '@@kernel\n1\n@@file\nnet.ipv4.ip_forward=1\n' }]])
    expect((await execute(sysctlModule, args, ctxOf(same))).plan.changed).to.equal(false)
  })

  it('mount: mounted adds the fstab line, creates the dir and mounts with -T for a custom fstab', async () => {
    const conn = new TableConn([
      [/proc\/mounts/, { stdout: '@@mounts\n/dev/sda1 / ext4 rw 0 0\n@@dir\n@@fstab\n' }],
    ])
    const args = {
      path: '/mnt/nfs',
      src: 'nas:/export',
      fstype: 'nfs',
      opts: 'ro,noatime',
      state: 'mounted',
      fstab: '/tmp/fstab',
    }
    const { plan } = await execute(mountModule, args, ctxOf(conn))
    expect(plan.diff).to.deep.equal([
      { path: '/tmp/fstab', before: '', after: 'nas:/export /mnt/nfs nfs ro,noatime 0 0\n' },
    ])
    expect(conn.commands().slice(2)).to.deep.equal([
      'mkdir -p -- /mnt/nfs',
      'mount -T /tmp/fstab -- /mnt/nfs',
    ])
    const mounted = new TableConn([
      [
        /proc\/mounts/,
        {
          stdout:
            '@@mounts\nnas:/export /mnt/nfs nfs ro 0 0\n@@dir\nyes\n@@fstab\nnas:/export /mnt/nfs nfs ro,noatime 0 0\n',
        },
      ],
    ])
    expect((await execute(mountModule, args, ctxOf(mounted))).plan.changed).to.equal(false)
    const un = new TableConn([
      [/proc\/mounts/, { stdout: '@@mounts\nnas:/export /mnt/nfs nfs ro 0 0\n@@dir\nyes\n@@fstab\n' }],
    ])
    const r = await execute(
      mountModule,
      { path: '/mnt/nfs', state: 'unmounted' },
      ctxOf(un, { checkMode: true }),
    )
    expect(r.plan.changed).to.equal(true)
    expect(un.commands()).to.have.length(1)
  })

  it('modprobe: loads a missing module and writes the persistence files', async () => {
    const conn = new TableConn([[/@@proc/, { stdout: '@@proc\noverlay\n@@builtin\n0\n' }]])
    const { plan } = await execute(
      modprobeModule,
      { name: 'br_netfilter', persistent: 'present', params: 'foo=1' },
      ctxOf(conn),
    )
    expect(plan.diff?.map((d) => d.path)).to.deep.equal([
      '/etc/modules-load.d/br_netfilter.conf',
      '/etc/modprobe.d/br_netfilter.conf',
    ])
    expect(conn.calls[1]!.stdin).to.equal('br_netfilter\n')
    expect(conn.calls[2]!.stdin).to.equal('options br_netfilter foo=1\n')
    expect(conn.commands()[3]).to.equal('modprobe -- br_netfilter foo=1')
    const loaded = new TableConn([
      [/@@proc/, { stdout: '@@proc\nbr_netfilter\n@@builtin\n0\n@@load\nbr_netfilter\n' }],
    ])
    expect(
      (await execute(modprobeModule, { name: 'br_netfilter', persistent: 'present' }, ctxOf(loaded))).plan
        .changed,
    ).to.equal(false)
  })

  it('apt_repository: writes the file named like Ansible and updates the cache', async () => {
    const repo = 'deb [signed-by=/etc/apt/keyrings/k8s.gpg] https://pkgs.k8s.io/core:/stable:/v1.30/deb/ /'
    const conn = new TableConn([
      [
        /base64 -w0/,
        {
          stdout: `/etc/apt/sources.list\t${Buffer.from('deb http://deb.debian.org/debian bookworm main\n').toString('base64')}\n`,
        },
      ],
    ])
    const { plan, result } = await execute(aptRepositoryModule, { repo }, ctxOf(conn))
    expect(plan.diff).to.deep.equal([
      {
        path: '/etc/apt/sources.list.d/pkgs_k8s_io_core_stable_v1_30_deb.list',
        before: '',
        after: `${repo}\n`,
      },
    ])
    expect(conn.calls[1]!.stdin).to.equal(`${repo}\n`)
    expect(conn.commands()[1]).to.include('umask 133')
    expect(conn.commands()[2]).to.equal('DEBIAN_FRONTEND=noninteractive apt-get update -q')
    expect(result).to.deep.include({ changed: true, cache_updated: true, sources_added: [repo] })
  })

  it('hostname: compares running and permanent names; hostnamectl on systemd', async () => {
    const conn = new TableConn([[/@@running/, { stdout: '@@running\nold\n@@file\nold\n@@systemd\nyes\n' }]])
    const { plan, result } = await execute(hostnameModule, { name: 'cp1.k8s.lan' }, ctxOf(conn))
    expect(plan.diff![0]!.after).to.equal('hostname = cp1.k8s.lan\n/etc/hostname = cp1.k8s.lan\n')
    expect(conn.commands()[1]).to.equal('hostnamectl set-hostname cp1.k8s.lan')
    expect(result.ansible_facts).to.deep.equal({
      hostname: 'cp1',
      nodename: 'cp1.k8s.lan',
      fqdn: 'cp1.k8s.lan',
      domain: 'k8s.lan',
    })
  })
})

describe('network modules (fake host)', () => {
  it('get_url: an existing dest with the right checksum is not downloaded', async () => {
    const conn = new TableConn([[/@@tool/, { stdout: `@@tool\ncurl\n${fileStat(SHA)}${dirStat}` }]])
    const { plan } = await execute(
      getUrlModule,
      { url: 'https://x/k', dest: '/usr/local/bin/k', checksum: `sha256:${SHA}` },
      ctxOf(conn),
    )
    expect(plan.changed).to.equal(false)
    expect(conn.commands()).to.have.length(1)
    expect(conn.commands()[0]).to.include('sha256sum')
  })
  it('get_url: without checksum and force=no an existing dest is kept; force downloads', async () => {
    const reply = { stdout: `@@tool\ncurl\n${fileStat('x')}${dirStat}` }
    const keep = new TableConn([[/@@tool/, reply]])
    expect(
      (await execute(getUrlModule, { url: 'https://x/k', dest: '/d/k' }, ctxOf(keep))).plan.result,
    ).to.deep.include({ msg: 'file already exists' })
    const forced = new TableConn([
      [/@@tool/, reply],
      [/curl -K -/, { stdout: '@@code\n200\n@@sha1\nabc\n@@size\n3\n' }],
    ])
    const { result } = await execute(
      getUrlModule,
      { url: 'https://x/k', dest: '/d/k', force: true, headers: { Authorization: 'Bearer SECRET' } },
      ctxOf(forced),
    )
    expect(result).to.deep.include({ changed: true, status_code: 200, checksum_dest: 'abc', size: 3 })
    const dl = forced.calls[1]!
    expect(dl.command).not.to.include('SECRET')
    expect(dl.stdin).to.include('header = "Authorization: Bearer SECRET"')
  })
  it('get_url: check mode of a missing dest plans the download and runs nothing else', async () => {
    const conn = new TableConn([[/@@tool/, { stdout: `@@tool\nwget\n${missingStat}${dirStat}` }]])
    const { plan } = await execute(
      getUrlModule,
      { url: 'https://x/k', dest: '/d/k' },
      ctxOf(conn, { checkMode: true }),
    )
    expect(plan.changed).to.equal(true)
    expect(conn.commands()).to.have.length(1)
  })
  it('uri: GET runs in check mode and is never a change; POST is skipped in check mode', async () => {
    const body = '{"ok":true}'
    const out = `@@code\n200 http://h/api\n@@head\nHTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n\n@@body\n${body}`
    const conn = new TableConn([[/curl -K -/, { stdout: out }]])
    const { plan } = await execute(
      uriModule,
      { url: 'http://h/api', headers: { 'X-Token': 'T0P' } },
      ctxOf(conn, { checkMode: true }),
    )
    expect(plan.changed).to.equal(false)
    expect(plan.result).to.deep.include({ status: 200, json: { ok: true }, content_type: 'application/json' })
    expect(conn.calls[0]!.command).not.to.include('T0P')
    const post = await execute(
      uriModule,
      { url: 'http://h/api', method: 'POST', body: { a: 1 }, body_format: 'json' },
      ctxOf(new TableConn(), { checkMode: true }),
    )
    expect(post.plan.skipInCheck).to.match(/POST/)
  })
  it('apt_key: a keyring already holding the id is left alone without download', async () => {
    const conn = new TableConn([
      [/list-keys/, { stdout: 'fpr:::::::::9DC858229FC7DD38854AE2D88D81803C0EBFCD88:\n@@exists\n' }],
    ])
    const args = {
      id: '0EBFCD88',
      url: 'https://download.docker.com/linux/debian/gpg',
      keyring: '/etc/apt/keyrings/docker.gpg',
    }
    expect((await execute(aptKeyModule, args, ctxOf(conn))).plan.changed).to.equal(false)
    expect(conn.commands()).to.have.length(1)
  })
})
