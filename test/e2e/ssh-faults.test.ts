/**
 * Faults a real sshd does not produce on demand, from in-process servers: a TCP server that never
 * sends a banner (connect timeout), and an ssh2.Server that closes a channel without an exit
 * status or drops the whole connection during a command.
 */
import { expect } from 'chai'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server as NetServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ssh2 from 'ssh2'
import { UnreachableError } from '../../engine/connection/types.js'
import { isolatedFactory, makeKey } from '../helpers/sshd.js'

const HOST = '127.0.0.207'

describe('ssh faults (in-process servers)', function () {
  this.timeout(15000)
  const dir = mkdtempSync(join(tmpdir(), 'tsplay-ssh-faults-'))
  const hostKey = makeKey(dir, 'host')
  const clientKey = makeKey(dir, 'client')
  const knownHosts = join(dir, 'known_hosts')
  const sockets: Socket[] = []
  let silent: NetServer
  let server: ssh2.Server
  let silentPort = 0
  let sshPort = 0
  const factory = isolatedFactory(dir)
  const vars = (port: number, extra = '') => ({
    ansible_host: HOST,
    ansible_port: port,
    ansible_user: 'tester',
    ansible_ssh_private_key_file: clientKey,
    ansible_ssh_common_args: `-o UserKnownHostsFile=${knownHosts} ${extra}`,
  })

  before(async () => {
    silent = createServer((s) => sockets.push(s)) // accepts, never speaks
    await new Promise<void>((r) => silent.listen(0, HOST, r))
    silentPort = (silent.address() as { port: number }).port
    server = new ssh2.Server({ hostKeys: [readFileSync(hostKey)] }, (client) => {
      client.on('authentication', (ctx) => ctx.accept())
      client.on('error', () => undefined)
      client.on('session', (accept) => {
        accept().on('exec', (acceptExec, _reject, info) => {
          const stream = acceptExec()
          if (info.command.includes('abrupt')) return stream.close()
          if (info.command.includes('drop')) return setTimeout(() => client.end(), 100)
          stream.write('hello\n')
          stream.exit(0)
          stream.end()
        })
      })
    })
    await new Promise<void>((r) => server.listen(0, HOST, r))
    sshPort = (server.address() as { port: number }).port
    const pub = readFileSync(`${hostKey}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')
    writeFileSync(knownHosts, `[${HOST}]:${sshPort} ${pub}\n`)
  })

  after(async () => {
    await factory.closeAll()
    for (const s of sockets) s.destroy()
    silent?.close()
    server?.close()
  })

  it('times out a server that never sends its banner (ConnectTimeout)', async () => {
    const t0 = Date.now()
    const err = await factory
      .connect('mute', vars(silentPort, '-o ConnectTimeout=1'))
      .catch((e: unknown) => e)
    expect(Date.now() - t0).to.be.within(900, 2500)
    expect(err).to.be.instanceOf(UnreachableError)
    expect((err as UnreachableError).reason).to.equal(
      `connection timed out after 1 s (${HOST}:${silentPort})`,
    )
    expect((err as UnreachableError).retryable).to.equal(false)
  })

  it('runs a command on the in-process server', async () => {
    const conn = await factory.connect('fake', vars(sshPort))
    expect(await conn.exec('anything')).to.include({ rc: 0, stdout: 'hello\n' })
  })

  it('a channel closed without an exit status is a failed command, not an unreachable host', async () => {
    const conn = await factory.connect('fake2', vars(sshPort))
    const res = await conn.exec('abrupt')
    expect(res.rc).to.equal(255)
    expect(res.stderr).to.include('without an exit status')
    expect((await conn.exec('again')).stdout).to.equal('hello\n')
  })

  it('a connection dropped during a command rejects it and every later exec', async () => {
    const conn = await factory.connect('fake3', vars(sshPort))
    const err = await conn.exec('drop').catch((e: unknown) => e)
    expect(err).to.be.instanceOf(UnreachableError)
    expect((err as UnreachableError).message).to.equal('fake3: connection dropped')
    const later = await conn.exec('echo').catch((e: unknown) => e)
    expect(later).to.be.instanceOf(UnreachableError)
  })
})
