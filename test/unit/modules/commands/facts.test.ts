import { expect } from 'chai'
import { dateFacts } from '../../../../engine/facts/date.js'
import { distributionFacts, parseOsRelease } from '../../../../engine/facts/distribution.js'
import { cpuFacts, memoryFacts } from '../../../../engine/facts/hardware.js'
import {
  factsScript,
  filterFacts,
  fnmatch,
  parseFacts,
  resolveSubsets,
  splitSections,
  SubsetError,
} from '../../../../engine/facts/index.js'
import { netmaskOf, networkFacts } from '../../../../engine/facts/network.js'
import { platformFacts } from '../../../../engine/facts/platform.js'
import { envFacts, userFacts } from '../../../../engine/facts/user.js'
import * as fx from './fixtures.js'

describe('facts: distribution', () => {
  it('Ubuntu 22.04', () => {
    expect(distributionFacts(fx.OS_RELEASE_UBUNTU_2204, 'bookworm/sid', 'apt-get\n')).to.deep.equal({
      distribution: 'Ubuntu',
      distribution_version: '22.04',
      distribution_major_version: '22',
      distribution_minor_version: '04',
      distribution_release: 'jammy',
      os_family: 'Debian',
      pkg_mgr: 'apt',
    })
  })

  it('Debian 12 takes the point release from /etc/debian_version', () => {
    const f = distributionFacts(fx.OS_RELEASE_DEBIAN_12, '12.5\n')
    expect(f).to.include({
      distribution: 'Debian',
      distribution_version: '12.5',
      distribution_major_version: '12',
      distribution_release: 'bookworm',
      os_family: 'Debian',
    })
    expect(distributionFacts(fx.OS_RELEASE_DEBIAN_12, '').distribution_version).to.equal('12')
  })

  it('AlmaLinux 9 is RedHat family and prefers dnf over yum', () => {
    expect(distributionFacts(fx.OS_RELEASE_ALMA_9, '', 'yum\ndnf\n')).to.deep.equal({
      distribution: 'AlmaLinux',
      distribution_version: '9.4',
      distribution_major_version: '9',
      distribution_minor_version: '4',
      distribution_release: 'Seafoam Ocelot',
      os_family: 'RedHat',
      pkg_mgr: 'dnf',
    })
  })

  it('unknown distributions fall back on ID_LIKE; no os-release gives no facts', () => {
    const f = distributionFacts('ID=neon\nNAME="KDE neon"\nID_LIKE="ubuntu debian"\nVERSION_ID="22.04"\n')
    expect(f).to.include({ distribution: 'KDE neon', os_family: 'Debian' })
    expect(distributionFacts('')).to.deep.equal({})
  })

  it('unquotes os-release values', () => {
    expect(parseOsRelease(`A="x \\"y\\""\nB='z'\n# c\nC=plain`)).to.deep.equal({
      A: 'x "y"',
      B: 'z',
      C: 'plain',
    })
  })
})

describe('facts: memory, cpu, platform, user, date', () => {
  it('meminfo in MB, as Ansible computes them', () => {
    const f = memoryFacts(fx.MEMINFO)
    expect(f).to.deep.include({ memtotal_mb: 7851, memfree_mb: 1175, swaptotal_mb: 2047, swapfree_mb: 2000 })
    expect(f['memory_mb']).to.deep.equal({
      real: { total: 7851, free: 1175, used: 6676 },
      nocache: { free: 5581, used: 2270 },
      swap: { total: 2047, free: 2000, used: 47, cached: 1 },
    })
    expect(memoryFacts('')).to.deep.equal({})
  })

  it('cpuinfo: sockets × cores × threads on x86, processor entries elsewhere', () => {
    expect(cpuFacts(fx.CPUINFO_X86, '4\n')).to.deep.include({
      processor_count: 2,
      processor_cores: 1,
      processor_threads_per_core: 2,
      processor_vcpus: 4,
      processor_nproc: 4,
    })
    expect(cpuFacts(fx.CPUINFO_ARM, '')).to.deep.include({ processor_count: 2, processor_vcpus: 2 })
    expect(cpuFacts('', '')).to.deep.equal({})
  })

  it('uname and hostname output', () => {
    const f = platformFacts({
      uname:
        'Linux\n6.1.0-18-amd64\n#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)\nx86_64\nweb1.example.com',
      hostname: 'web1.example.com',
      fqdn: 'web1.example.com',
      init: 'systemd',
    })
    expect(f).to.deep.equal({
      system: 'Linux',
      kernel: '6.1.0-18-amd64',
      kernel_version: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)',
      machine: 'x86_64',
      architecture: 'x86_64',
      nodename: 'web1.example.com',
      hostname: 'web1',
      fqdn: 'web1.example.com',
      domain: 'example.com',
      service_mgr: 'systemd',
    })
    expect(platformFacts({})).to.deep.equal({})
  })

  it('user and env', () => {
    expect(
      userFacts('deploy\n1001\n1002', 'deploy:x:1001:1002:Deploy User:/home/deploy:/bin/bash'),
    ).to.deep.include({
      user_id: 'deploy',
      user_uid: 1001,
      user_gid: 1002,
      user_dir: '/home/deploy',
      user_shell: '/bin/bash',
      user_gecos: 'Deploy User',
    })
    expect(envFacts('PATH=/usr/bin:/bin\nHOME=/root\nMULTI=a\nb\nEMPTY=')).to.deep.equal({
      env: { PATH: '/usr/bin:/bin', HOME: '/root', MULTI: 'a\nb', EMPTY: '' },
    })
  })

  it('date_time from one date line; iso8601 in UTC', () => {
    const f = dateFacts('1714567890|2024|05|01|14|51|30|Wednesday|3|17|CEST|+0200|123456789\n')
    expect(f['date_time']).to.deep.include({
      epoch: '1714567890',
      date: '2024-05-01',
      time: '14:51:30',
      iso8601: '2024-05-01T12:51:30Z',
      iso8601_micro: '2024-05-01T12:51:30.123456Z',
      iso8601_basic_short: '20240501T145130',
      tz: 'CEST',
      tz_offset: '+0200',
      weekday: 'Wednesday',
    })
    expect(dateFacts('garbage')).to.deep.equal({})
  })
})

describe('facts: network (ip -j)', () => {
  const f = networkFacts(fx.IP_ADDR_JSON, fx.ROUTE4_JSON, '')

  it('default_ipv4 from the default route and its interface', () => {
    expect(f['default_ipv4']).to.deep.equal({
      interface: 'ens3',
      gateway: '10.0.2.2',
      address: '10.0.2.15',
      broadcast: '10.0.2.255',
      netmask: '255.255.255.0',
      network: '10.0.2.0',
      prefix: '24',
      alias: 'ens3',
      macaddress: '52:54:00:12:34:56',
      mtu: 1500,
      type: 'ether',
    })
    expect(f['default_ipv6']).to.deep.equal({})
  })

  it('interfaces, addresses without loopback, per-interface facts keyed like Ansible', () => {
    expect(f['interfaces']).to.deep.equal(['lo', 'ens3', 'br-int'])
    expect(f['all_ipv4_addresses']).to.deep.equal(['10.0.2.15', '10.0.2.99', '172.17.0.1'])
    expect(f['all_ipv6_addresses']).to.deep.equal(['fe80::5054:ff:fe12:3456'])
    expect(f['br_int']).to.deep.include({ device: 'br-int', active: false, mtu: 1450 })
    expect((f['ens3'] as Record<string, unknown>)['ipv4_secondaries']).to.have.length(1)
  })

  it('no JSON (old ip, busybox) gives no facts', () => {
    expect(networkFacts('Object "addr" is unknown', '')).to.deep.equal({})
    expect(netmaskOf(16)).to.equal('255.255.0.0')
    expect(netmaskOf(0)).to.equal('0.0.0.0')
    expect(netmaskOf(32)).to.equal('255.255.255.255')
  })
})

describe('facts: subsets, script, sections, filter', () => {
  it('gather_subset follows Ansible rules', () => {
    const all = resolveSubsets(['all'])
    expect([...all]).to.include.members(['hardware', 'network', 'distribution'])
    expect([...resolveSubsets(['!all'])].sort()).to.deep.equal(
      ['date_time', 'distribution', 'env', 'pkg_mgr', 'platform', 'user'].sort(),
    )
    expect([...resolveSubsets(['!all', '!min', 'network'])]).to.deep.equal(['network'])
    const noHardware = [...resolveSubsets(['!hardware'])]
    expect(noHardware).to.not.include('hardware')
    expect(noHardware).to.include('network')
    expect([...resolveSubsets(['!all', '!min'])]).to.deep.equal([])
    expect([...resolveSubsets(['virtual'])]).to.not.include('network')
    expect(() => resolveSubsets(['hardwar'])).to.throw(SubsetError, "Bad subset 'hardwar'")
  })

  it('the script only runs what the subsets need, with one marker per section', () => {
    const script = factsScript(resolveSubsets(['!all', '!min', 'network']))
    expect(script).to.contain('ip -j addr')
    expect(script).not.to.contain('/proc/meminfo')
    const sections = splitSections('junk\n@@tsplay-facts:a\nx\ny\n\n@@tsplay-facts:b\n@@tsplay-facts:c\nz\n')
    expect([...sections]).to.deep.equal([
      ['a', 'x\ny'],
      ['b', ''],
      ['c', 'z'],
    ])
  })

  it('parses sections into facts for the chosen domains only', () => {
    const sections = new Map([
      ['os_release', fx.OS_RELEASE_DEBIAN_12],
      ['meminfo', fx.MEMINFO],
    ])
    const f = parseFacts(sections, new Set(['distribution'] as const))
    expect(f['distribution']).to.equal('Debian')
    expect(f['memtotal_mb']).to.equal(undefined)
  })

  it('filter matches ansible_-prefixed names with fnmatch', () => {
    const facts = { distribution: 'Debian', distribution_version: '12', eth0: {}, env: {} }
    expect(Object.keys(filterFacts(facts, ['ansible_distribution*']))).to.deep.equal([
      'distribution',
      'distribution_version',
    ])
    expect(Object.keys(filterFacts(facts, ['eth?', 'env']))).to.deep.equal(['eth0', 'env'])
    expect(fnmatch('ansible_eth1', 'ansible_eth[0-9]')).to.equal(true)
    expect(fnmatch('ansible_ethx', 'ansible_eth[!x]')).to.equal(false)
  })
})
