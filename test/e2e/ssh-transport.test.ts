/**
 * The SSH transport against a real OpenSSH sshd: exec parity with LocalConnection, channels over
 * one connection above the server's MaxSessions, timeouts and abort killing the remote command,
 * refused connections with retries, and a server that dies mid-run.
 */
import { expect } from 'chai'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SshConnectionFactory } from '../../engine/connection/ssh/index.js'
import { UnreachableError, type Connection } from '../../engine/connection/types.js'
import {
  ensureTestUsers,
  isolatedFactory,
  makeKey,
  publicKey,
  type Sshd,
  startSshd,
  TEST_PASSWORD,
  TEST_USER,
} from '../helpers/sshd.js'

const HOST = '127.0.0.201'
const PORT = 2231

describe('ssh transport (real sshd)', function () {
  this.timeout(30000)
  const dir = mkdtempSync(join(tmpdir(), 'tsplay-ssh-e2e-'))
  const key = makeKey(dir, 'id_test')
  const knownHosts = join(dir, 'known_hosts')
  let sshd: Sshd
  let factory: SshConnectionFactory
  let conn: Connection
  const warnings: string[] = []

  const vars = (extra: Record<string, unknown> = {}) => ({
    ansible_host: HOST,
    ansible_port: PORT,
    ansible_user: 'root',
    ansible_ssh_private_key_file: key,
    ansible_ssh_common_args: `-o UserKnownHostsFile=${knownHosts} -o MaxSessions=10`,
    ...extra,
  })
  const newFactory = (over = {}) => isolatedFactory(dir, { warn: (m) => warnings.push(m), ...over })

  before(async () => {
    sshd = await startSshd({ host: HOST, port: PORT, authorizedKeys: [publicKey(key)], maxSessions: 4 })
    writeFileSync(knownHosts, `${sshd.knownHostsLine}\n`)
    factory = newFactory()
    const t0 = Date.now()
    conn = await factory.connect('web1', vars())
    console.log(`      connect: ${Date.now() - t0} ms`)
  })

  after(async () => {
    await factory?.closeAll()
    await sshd?.stop()
  })

  it('runs a command: rc, stdout, stderr, stdin', async () => {
    const res = await conn.exec('echo out; echo err >&2; cat; exit 3', { stdin: 'in put' })
    expect(res).to.include({ rc: 3, stdout: 'out\nin put', stderr: 'err\n', timedOut: false })
    const t0 = process.hrtime.bigint()
    const n = 20
    for (let i = 0; i < n; i++) await conn.exec('true')
    console.log(`      exec round trip: ${Number(process.hrtime.bigint() - t0) / 1e6 / n} ms`)
  })

  it('returns binary stdout unchanged', async () => {
    const res = await conn.exec("printf '\\000\\377\\200abc'")
    expect([...res.stdoutBytes]).to.deep.equal([0, 255, 128, 97, 98, 99])
  })

  it('passes env through export (quoted)', async () => {
    const res = await conn.exec('echo "$A|$B"', { env: { A: "it's", B: 'x y $HOME' } })
    expect(res.stdout).to.equal("it's|x y $HOME\n")
  })

  it('runs 40 concurrent execs over one TCP connection above sshd MaxSessions 4', async () => {
    const accepted = () => (sshd.log().match(/Accepted publickey/g) ?? []).length
    const before = accepted()
    const t0 = Date.now()
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => conn.exec(`sleep 0.2; echo ${i}`)))
    console.log(`      40 concurrent execs (sleep 0.2): ${Date.now() - t0} ms`)
    expect(results.map((r) => r.stdout.trim())).to.deep.equal(Array.from({ length: 40 }, (_, i) => String(i)))
    expect(results.every((r) => r.rc === 0)).to.equal(true)
    expect(accepted()).to.equal(before) // no new login: all on the connection opened in before()
    expect(accepted()).to.equal(1)
  })

  it('kills the remote command on timeout', async () => {
    const t0 = Date.now()
    const res = await conn.exec('sleep 31; echo never', { timeoutMs: 500 })
    expect(Date.now() - t0).to.be.lessThan(3000)
    expect(res.timedOut).to.equal(true)
    expect([124, 137]).to.include(res.rc)
    expect(res.stdout).to.equal('')
    await new Promise((r) => setTimeout(r, 200))
    expect(() => execFileSync('pgrep', ['-f', 'sleep 31'])).to.throw() // pgrep exits 1: none left
  })

  it('kills the remote command on abort (KILL signal request; sshd honours it for non-root logins)', async () => {
    ensureTestUsers()
    const user = await factory.connect(
      'web1-user',
      vars({ ansible_user: TEST_USER, ansible_password: TEST_PASSWORD }),
    )
    const ac = new AbortController()
    setTimeout(() => ac.abort(), 300)
    const t0 = Date.now()
    const res = await user.exec('sleep 32', { signal: ac.signal })
    expect(Date.now() - t0).to.be.lessThan(3000)
    expect(res.rc).to.equal(137)
    await new Promise((r) => setTimeout(r, 200))
    expect(() => execFileSync('pgrep', ['-f', 'sleep 32'])).to.throw()
  })

  it('kills a root command on abort too, where sshd refuses signal requests', async () => {
    const ac = new AbortController()
    setTimeout(() => ac.abort(), 300)
    const t0 = Date.now()
    const res = await conn.exec('sleep 33; echo never', { signal: ac.signal })
    expect(Date.now() - t0).to.be.lessThan(4000)
    expect(res.rc).to.equal(137)
    expect(res.stdout).to.equal('')
    await new Promise((r) => setTimeout(r, 300))
    expect(() => execFileSync('pgrep', ['-f', 'sleep 33'])).to.throw() // pgrep exits 1: none left
  })

  it('refuses quickly with retries when nothing listens', async () => {
    const f = newFactory({ retryDelaysMs: [50, 100, 200] })
    const t0 = Date.now()
    const err = await f.connect('down', vars({ ansible_port: 2299 })).catch((e: unknown) => e)
    expect(err).to.be.instanceOf(UnreachableError)
    expect((err as UnreachableError).reason).to.equal(`connection refused (${HOST}:2299)`)
    expect((err as UnreachableError).retryable).to.equal(true)
    expect(f.stats.handshakes).to.equal(4)
    expect(f.stats.retries).to.equal(3)
    expect(Date.now() - t0).to.be.lessThan(2000)
    await f.closeAll()
  })

  it('rejects an in-flight exec with "connection dropped" when sshd dies, and does not reconnect', async () => {
    const other = await startSshd({ host: HOST, port: PORT + 1, authorizedKeys: [publicKey(key)] })
    writeFileSync(knownHosts, `${sshd.knownHostsLine}\n${other.knownHostsLine}\n`)
    const f = newFactory()
    try {
      const c = await f.connect('doomed', vars({ ansible_port: PORT + 1 }))
      const pending = c.exec('sleep 20').catch((e: unknown) => e)
      await new Promise((r) => setTimeout(r, 300))
      await other.stop()
      const err = await pending
      expect(err).to.be.instanceOf(UnreachableError)
      expect((err as UnreachableError).reason).to.equal('connection dropped')
      const again = await c.exec('true').catch((e: unknown) => e)
      expect((again as UnreachableError).reason).to.equal('connection dropped')
    } finally {
      await f.closeAll()
      await other.stop()
    }
  })
})
