/**
 * ProxyCommand against real sshd servers: the OpenSSH client's `ssh -W %h:%p bastion` carries the
 * connection to the target, and a failing proxy says why in the host's error.
 */
import { expect } from 'chai'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SshConnectionFactory } from '../../engine/connection/ssh/index.js'
import { UnreachableError } from '../../engine/connection/types.js'
import { isolatedFactory, makeKey, publicKey, type Sshd, startSshd } from '../helpers/sshd.js'

const BASTION = { host: '127.0.0.210', port: 2281 }
const TARGET = { host: '127.0.0.211', port: 2282 }

describe('ssh ProxyCommand (real sshd and ssh -W)', function () {
  this.timeout(30000)
  const dir = mkdtempSync(join(tmpdir(), 'tsplay-ssh-proxy-'))
  const key = makeKey(dir, 'id_test')
  const knownHosts = join(dir, 'known_hosts')
  let bastion: Sshd, target: Sshd
  let factory: SshConnectionFactory

  const vars = (proxy: string) => ({
    ansible_host: TARGET.host,
    ansible_port: TARGET.port,
    ansible_user: 'root',
    ansible_ssh_private_key_file: key,
    ansible_ssh_common_args: `-o UserKnownHostsFile=${knownHosts} -o ProxyCommand="${proxy}"`,
  })

  before(async () => {
    const opts = { authorizedKeys: [publicKey(key)], logLevel: 'DEBUG1' }
    bastion = await startSshd({ ...BASTION, ...opts })
    target = await startSshd({ ...TARGET, ...opts })
    writeFileSync(knownHosts, `${bastion.knownHostsLine}\n${target.knownHostsLine}\n`)
    factory = isolatedFactory(dir, { cli: { sshConfigFile: join(dir, 'no-config') }, retryDelaysMs: [20] })
  })

  after(async () => {
    await factory?.closeAll()
    await bastion?.stop()
    await target?.stop()
  })

  it('connects through the command, with %h and %p filled in, and runs commands', async () => {
    const ssh = `ssh -F /dev/null -i ${key} -o UserKnownHostsFile=${knownHosts} -o BatchMode=yes`
    const conn = await factory.connect(
      'behind',
      vars(`${ssh} -p ${BASTION.port} -W %h:%p root@${BASTION.host}`),
    )
    const res = await conn.exec('echo "$SSH_CONNECTION"; echo second')
    expect(res.rc).to.equal(0)
    expect(res.stdout).to.match(new RegExp(` ${TARGET.host.replace(/\./g, '\\.')} ${TARGET.port}\nsecond\n$`))
    expect((await conn.exec('echo again')).stdout).to.equal('again\n')
    // the bastion opened the forward to the target: the connection really went through it
    expect(bastion.log()).to.match(/direct_tcpip: originator [^,]+, target 127\.0\.0\.211 port 2282/)
    await conn.close()
  })

  it('reports a failing proxy with its exit status and last stderr line', async () => {
    const err = await factory
      .connect('behind', vars("echo 'bastion.example: no route to host' >&2; exit 3"))
      .catch((e: unknown) => e)
    expect(err).to.be.instanceOf(UnreachableError)
    expect((err as UnreachableError).reason).to.equal(
      "ProxyCommand `echo 'bastion.example: no route to host' >&2; exit 3` ended (exit status 3): bastion.example: no route to host",
    )
  })
})
