/**
 * ProxyJump through real sshd servers: a two-hop chain (bastion → master → target) where each hop
 * is verified and authenticated, one hop connection shared by every host behind it, handshakes
 * through a hop throttled, and ProxyJump from an ssh config file.
 */
import { expect } from 'chai'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SshConnectionFactory } from '../../engine/connection/ssh/index.js'
import { UnreachableError } from '../../engine/connection/types.js'
import { isolatedFactory, makeKey, publicKey, type Sshd, startSshd } from '../helpers/sshd.js'

const BASTION = { host: '127.0.0.204', port: 2261 }
const MASTER = { host: '127.0.0.206', port: 2263 }
const TARGET = { host: '127.0.0.205', port: 2262 }

describe('ssh jump hosts (real sshd)', function () {
  this.timeout(30000)
  const dir = mkdtempSync(join(tmpdir(), 'tsplay-ssh-jump-'))
  const key = makeKey(dir, 'id_test')
  const knownHosts = join(dir, 'known_hosts')
  const servers: Sshd[] = []
  const factories: SshConnectionFactory[] = []
  let bastion: Sshd, master: Sshd, target: Sshd

  const newFactory = (sshConfigFile = join(dir, 'no-config'), hopHandshakes?: number) => {
    const f = isolatedFactory(dir, { cli: { sshConfigFile }, hopHandshakes, retryDelaysMs: [20, 20] })
    factories.push(f)
    return f
  }
  const count = (s: Sshd, re: RegExp) => (s.log().match(re) ?? []).length
  const directTo = (s: Sshd, to: { host: string; port: number }) =>
    count(
      s,
      new RegExp(
        `direct_tcpip: originator [^,]+, target ${to.host.replace(/\./g, '\\.')} port ${to.port}`,
        'g',
      ),
    )

  before(async () => {
    const opts = { authorizedKeys: [publicKey(key)], logLevel: 'DEBUG1' }
    bastion = await startSshd({ ...BASTION, ...opts })
    master = await startSshd({ ...MASTER, ...opts })
    target = await startSshd({ ...TARGET, ...opts })
    servers.push(bastion, master, target)
    writeFileSync(knownHosts, servers.map((s) => `${s.knownHostsLine}\n`).join(''))
  })

  after(async () => {
    for (const f of factories) await f.closeAll()
    for (const s of servers) await s.stop()
  })

  it('runs 5 hosts through a two-hop chain over one connection per hop', async () => {
    const f = newFactory(undefined, 2)
    const jump = `root@${BASTION.host}:${BASTION.port},root@${MASTER.host}:${MASTER.port}`
    const vars = {
      ansible_host: TARGET.host,
      ansible_port: TARGET.port,
      ansible_user: 'root',
      ansible_ssh_private_key_file: key,
      ansible_ssh_common_args: `-o UserKnownHostsFile=${knownHosts} -J ${jump}`,
    }
    const conns = await Promise.all([1, 2, 3, 4, 5].map((i) => f.connect(`worker${i}`, vars)))
    const outs = await Promise.all(conns.map((c) => c.exec('echo "$SSH_CONNECTION"')))
    for (const o of outs)
      expect(o.stdout).to.match(new RegExp(` ${TARGET.host.replace(/\./g, '\\.')} ${TARGET.port}\n$`))
    expect(f.stats.hopConnections).to.equal(2)
    expect(f.stats.forwardOuts).to.equal(6) // bastion → master once, master → target five times
    expect(f.stats.peakHopHandshakes).to.equal(2)
    expect(count(bastion, /Accepted publickey/g)).to.equal(1)
    expect(count(master, /Accepted publickey/g)).to.equal(1)
    expect(count(target, /Accepted publickey/g)).to.equal(5)
    expect(directTo(bastion, MASTER)).to.equal(1)
    expect(directTo(master, TARGET)).to.equal(5)
    expect(directTo(bastion, TARGET)).to.equal(0)
  })

  it('takes ProxyJump, HostName and Port from an ssh config file', async () => {
    const config = join(dir, 'ssh_config')
    writeFileSync(
      config,
      [
        'Host bastion',
        `  HostName ${BASTION.host}`,
        `  Port ${BASTION.port}`,
        'Host app-*',
        `  HostName ${TARGET.host}`,
        `  Port ${TARGET.port}`,
        '  ProxyJump bastion',
        'Host *',
        '  User root',
        `  IdentityFile ${key}`,
        `  UserKnownHostsFile ${knownHosts}`,
      ].join('\n'),
    )
    const before = directTo(bastion, TARGET)
    const conn = await newFactory(config).connect('app-1', {})
    expect((await conn.exec('echo ok')).stdout).to.equal('ok\n')
    expect(directTo(bastion, TARGET)).to.equal(before + 1)
  })

  it('says which jump host failed', async () => {
    const err = await newFactory()
      .connect('behind', {
        ansible_host: TARGET.host,
        ansible_port: TARGET.port,
        ansible_ssh_private_key_file: key,
        ansible_ssh_common_args: `-o UserKnownHostsFile=${knownHosts} -J root@${BASTION.host}:2298`,
      })
      .catch((e: unknown) => e)
    expect(err).to.be.instanceOf(UnreachableError)
    expect((err as UnreachableError).host).to.equal('behind')
    expect((err as UnreachableError).reason).to.equal(
      `jump host root@${BASTION.host}:2298: connection refused (${BASTION.host}:2298)`,
    )
  })
})
