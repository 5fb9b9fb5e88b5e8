/** A host that goes away and comes back (what `reboot` waits for): the connection reconnects. */
import { expect } from 'chai'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { UnreachableError, type Connection } from '../../engine/connection/types.js'
import { ConnectionPool } from '../../engine/executor/connections.js'
import { isolatedFactory, makeKey, publicKey, type Sshd, startSshd } from '../helpers/sshd.js'

const HOST = '127.0.0.209'
const PORT = 2241

type Reconnectable = Connection & { reconnect(opts?: { timeoutMs?: number }): Promise<void> }

describe('ssh reconnect', function () {
  this.timeout(30000)
  const dir = mkdtempSync(join(tmpdir(), 'tsplay-ssh-reconnect-'))
  const key = makeKey(dir, 'id_test')
  const hostKeyPath = makeKey(dir, 'host_ed25519')
  const knownHosts = join(dir, 'known_hosts')
  let sshd: Sshd | undefined
  const factory = isolatedFactory(dir, { retryDelaysMs: [] })
  const start = () => startSshd({ host: HOST, port: PORT, authorizedKeys: [publicKey(key)], hostKeyPath })

  const vars = {
    ansible_host: HOST,
    ansible_port: PORT,
    ansible_user: 'root',
    ansible_ssh_private_key_file: key,
    ansible_ssh_common_args: `-o UserKnownHostsFile=${knownHosts}`,
  }

  after(async () => {
    await factory.closeAll()
    await sshd?.stop()
  })

  it('fails while the host is down, then reconnects to the same host when it is back', async () => {
    sshd = await start()
    writeFileSync(knownHosts, `${sshd.knownHostsLine}\n`)
    const conn = (await factory.connect('rebooting', vars)) as Reconnectable
    expect(typeof conn.reconnect).to.equal('function')
    expect((await conn.exec('echo up')).stdout).to.equal('up\n')
    await sshd.stop()
    sshd = undefined
    const dropped = await conn.exec('echo x').catch((e: unknown) => e)
    expect(dropped).to.be.instanceOf(UnreachableError)
    const down = await conn.reconnect({ timeoutMs: 2000 }).catch((e: unknown) => e)
    expect(down).to.be.instanceOf(UnreachableError)
    expect((down as UnreachableError).reason).to.match(/refused/)
    sshd = await start()
    await conn.reconnect({ timeoutMs: 5000 })
    expect((await conn.exec('echo back')).stdout).to.equal('back\n')
  })

  it('gives the next task a new connection after the host dropped the old one', async () => {
    sshd ??= await start()
    writeFileSync(knownHosts, `${sshd.knownHostsLine}\n`)
    const pool = new ConnectionPool({ ssh: { sshConfigFile: join(dir, 'no-config') } })
    try {
      const first = await pool.get('dropping', vars)
      expect((await first.exec('echo one')).stdout).to.equal('one\n')
      await sshd.stop()
      sshd = await start()
      expect(await first.exec('echo x').catch((e: unknown) => e)).to.be.instanceOf(UnreachableError)
      const second = await pool.get('dropping', vars)
      expect(second).to.not.equal(first)
      expect((await second.exec('echo two')).stdout).to.equal('two\n')
      expect(await pool.get('dropping', vars)).to.equal(second)
    } finally {
      await pool.closeAll()
    }
  })
})
