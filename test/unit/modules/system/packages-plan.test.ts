import { expect } from 'chai'
import { aptModule } from '../../../../engine/modules/apt.js'
import { dnfModule } from '../../../../engine/modules/dnf.js'
import { packageModule } from '../../../../engine/modules/package.js'
import { ctxOf, execute, failureOf, MUTATING, TableConn } from './fake.js'

const DPKG_Q = /dpkg-query -W/
const installedCurl = (now = 1700000000, stamp = 1700000000 - 100) => ({
  stdout: `@@now\n${now}\n@@stamp\n${stamp}\n@@dpkg\ncurl\tinstall ok installed\t7.88.1\napt-transport-https\tdeinstall ok config-files\t2.6\n`,
})
const OPTS = '-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold -o DPkg::Lock::Timeout=60'

describe('apt planning (fake host)', () => {
  it('installs only the missing packages, with the exact apt-get command', async () => {
    const conn = new TableConn([[DPKG_Q, installedCurl()]])
    const { plan, result } = await execute(
      aptModule,
      { name: ['curl', 'gnupg', 'kubelet=1.30.*'] },
      ctxOf(conn),
    )
    expect(plan.changed).to.equal(true)
    expect(plan.diff).to.deep.equal([
      {
        path: 'apt packages',
        before: 'not installed gnupg\nnot installed kubelet\n',
        after: 'gnupg present\nkubelet=1.30.* present\n',
      },
    ])
    const cmds = conn.commands()
    expect(cmds).to.have.length(2)
    expect(cmds[0]).to.match(
      /dpkg-query -W -f='\$\{Package\}\\t\$\{Status\}\\t\$\{Version\}\\n' curl gnupg kubelet 2>\/dev\/null/,
    )
    expect(cmds[1]).to.equal(
      `DEBIAN_FRONTEND=noninteractive apt-get -y -q install ${OPTS} gnupg 'kubelet=1.30.*'`,
    )
    expect(result).to.deep.include({ changed: true, cache_updated: false })
  })

  it('check mode only reads; a fully installed list is unchanged (idempotent)', async () => {
    const conn = new TableConn([[DPKG_Q, installedCurl()]])
    const { plan } = await execute(
      aptModule,
      { name: 'curl,gnupg', update_cache: true },
      ctxOf(conn, { checkMode: true }),
    )
    expect(plan.changed).to.equal(true)
    expect(conn.commands().some((c) => MUTATING.test(c))).to.equal(false)
    const again = new TableConn([[DPKG_Q, installedCurl()]])
    const r = await execute(
      aptModule,
      { name: 'curl', state: 'present', cache_valid_time: 3600, update_cache: true },
      ctxOf(again),
    )
    expect(r.plan.changed).to.equal(false)
    expect(again.commands()).to.have.length(1)
  })

  it('updates a stale cache (cache_valid_time) with retries, reporting cache_updated', async () => {
    let fails = 1
    const conn = new TableConn([
      [DPKG_Q, installedCurl(1700000000, 1700000000 - 7200)],
      [/apt-get update/, () => (fails-- > 0 ? { rc: 100, stderr: 'E: Could not get lock' } : {})],
    ])
    const { result } = await execute(
      aptModule,
      { name: 'curl', update_cache: true, cache_valid_time: 3600, update_cache_retry_max_delay: 0 },
      ctxOf(conn),
    )
    expect(result).to.deep.include({ changed: false, cache_updated: true })
    expect(
      conn.commands().filter((c) => c === 'DEBIAN_FRONTEND=noninteractive apt-get update -q'),
    ).to.have.length(2)
  })

  it('update_cache alone is the change', async () => {
    const conn = new TableConn([[/date \+%s/, { stdout: '@@now\n100\n@@stamp\n\n' }]])
    const { result } = await execute(aptModule, { update_cache: true }, ctxOf(conn))
    expect(result).to.deep.include({ changed: true, cache_updated: true })
  })

  it('absent with purge removes installed and config-files packages', async () => {
    const conn = new TableConn([[DPKG_Q, installedCurl()]])
    await execute(
      aptModule,
      { name: ['curl', 'apt-transport-https', 'nginx'], state: 'absent', purge: true },
      ctxOf(conn),
    )
    expect(conn.commands()[1]).to.equal(
      `DEBIAN_FRONTEND=noninteractive apt-get -y -q remove ${OPTS} --purge curl apt-transport-https`,
    )
  })

  it('latest upgrades only when the candidate differs; options map to apt-get flags', async () => {
    const conn = new TableConn([
      [
        DPKG_Q,
        {
          stdout:
            '@@dpkg\ncurl\tinstall ok installed\t7.88.1\n@@policy\ncurl:\n  Installed: 7.88.1\n  Candidate: 7.88.2\n',
        },
      ],
    ])
    const args = {
      name: 'curl',
      state: 'latest',
      install_recommends: false,
      allow_downgrade: true,
      default_release: 'bookworm-backports',
    }
    await execute(aptModule, args, ctxOf(conn))
    expect(conn.commands()[0]).to.include('apt-cache policy curl')
    expect(conn.commands()[1]).to.equal(
      `DEBIAN_FRONTEND=noninteractive apt-get -y -q install ${OPTS} -o APT::Install-Recommends=no --allow-downgrades -t bookworm-backports curl`,
    )
  })

  it('upgrade: dist simulates in check and runs dist-upgrade in apply', async () => {
    const sim = { stdout: '@@sim\nInst libssl3 [3.0.1] (3.0.2 Debian)\n' }
    const check = new TableConn([[/apt-get -s/, sim]])
    const c = await execute(aptModule, { upgrade: 'dist' }, ctxOf(check, { checkMode: true }))
    expect(c.plan.changed).to.equal(true)
    expect(check.commands().some((x) => MUTATING.test(x))).to.equal(false)
    const conn = new TableConn([[/apt-get -s/, sim]])
    await execute(aptModule, { upgrade: 'dist' }, ctxOf(conn))
    expect(conn.commands()[1]).to.equal(`DEBIAN_FRONTEND=noninteractive apt-get -y -q dist-upgrade ${OPTS}`)
    const none = new TableConn([[/apt-get -s/, { stdout: '@@sim\n0 upgraded\n' }]])
    expect((await execute(aptModule, { upgrade: true }, ctxOf(none))).plan.changed).to.equal(false)
  })

  it('deb: installs a local .deb unless that version is installed', async () => {
    const conn = new TableConn([
      [/dpkg-deb/, { stdout: '@@deb\nPackage: foo\nVersion: 1.2\n@@debq\nfoo\tinstall ok installed\t1.1\n' }],
    ])
    await execute(aptModule, { deb: '/tmp/foo_1.2.deb' }, ctxOf(conn))
    expect(conn.commands()[1]).to.equal(
      `DEBIAN_FRONTEND=noninteractive apt-get -y -q install ${OPTS} /tmp/foo_1.2.deb`,
    )
    const same = new TableConn([
      [/dpkg-deb/, { stdout: '@@deb\nPackage: foo\nVersion: 1.2\n@@debq\nfoo\tinstall ok installed\t1.2\n' }],
    ])
    expect((await execute(aptModule, { deb: '/tmp/foo_1.2.deb' }, ctxOf(same))).plan.changed).to.equal(false)
  })

  it('refuses option-like names and unsupported states', async () => {
    expect(
      (await failureOf(execute(aptModule, { name: '-oAPT::x=1' }, ctxOf(new TableConn())))).message,
    ).to.match(/invalid package name/)
    expect(
      (await failureOf(execute(aptModule, { name: 'x', state: 'build-dep' }, ctxOf(new TableConn()))))
        .message,
    ).to.match(/not supported/)
  })
})

describe('dnf and package planning (fake host)', () => {
  const RPM = { stdout: '@@q\nbash\t0:5.1.8-9.el9\tx86_64\n@@q\npackage containerd.io is not installed\n' }
  it('installs missing packages with repo options; check mode only queries', async () => {
    const conn = new TableConn([[/rpm -q/, RPM]])
    const args = {
      name: ['bash', 'containerd.io'],
      enablerepo: 'docker-ce',
      disable_excludes: 'kubernetes',
      update_cache: true,
    }
    await execute(dnfModule, args, ctxOf(conn))
    expect(conn.commands()[1]).to.equal(
      'dnf -y --refresh --enablerepo=docker-ce --disableexcludes=kubernetes install containerd.io',
    )
    const check = new TableConn([[/rpm -q/, RPM]])
    expect((await execute(dnfModule, args, ctxOf(check, { checkMode: true }))).plan.changed).to.equal(true)
    expect(check.commands()).to.have.length(1)
    expect(check.commands()[0]).to.include(
      "rpm -q --qf '%{NAME}\\t%{EPOCHNUM}:%{VERSION}-%{RELEASE}\\t%{ARCH}\\n' bash",
    )
  })
  it('absent removes installed ones; latest upgrades those with an update', async () => {
    const conn = new TableConn([[/rpm -q/, RPM]])
    await execute(dnfModule, { name: ['bash', 'containerd.io'], state: 'absent' }, ctxOf(conn))
    expect(conn.commands()[1]).to.equal('dnf -y remove --noautoremove bash')
    const up = new TableConn([
      [/rpm -q/, { stdout: `${RPM.stdout}@@updates\nbash.x86_64  5.1.8-10.el9  baseos\n` }],
    ])
    await execute(dnfModule, { name: ['bash', 'containerd.io'], state: 'latest' }, ctxOf(up))
    expect(up.commands().slice(1)).to.deep.equal(['dnf -y install containerd.io', 'dnf -y upgrade bash'])
  })
  it('package dispatches by ansible_pkg_mgr, else by probing the host', async () => {
    const conn = new TableConn([[/rpm -q/, RPM]])
    const { plan } = await execute(
      packageModule,
      { name: 'bash', state: 'present' },
      ctxOf(conn, { vars: { ansible_pkg_mgr: 'dnf' } }),
    )
    expect(plan.changed).to.equal(false)
    expect(conn.commands()[0]).to.include('rpm -q')
    const probe = new TableConn([
      [/command -v "\$m"/, { stdout: 'apt-get\n' }],
      [DPKG_Q, installedCurl()],
    ])
    await execute(packageModule, { name: 'jq', state: 'present' }, ctxOf(probe))
    expect(probe.commands()[2]).to.equal(`DEBIAN_FRONTEND=noninteractive apt-get -y -q install ${OPTS} jq`)
  })
})
