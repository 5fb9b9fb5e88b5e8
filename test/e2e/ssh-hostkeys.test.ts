/**
 * Host key checking against real sshd keys: unknown keys refused with ssh-keygen's fingerprint,
 * accept-new writing one line under concurrency, hashed entries, `[host]:port`, changed keys
 * refused even with StrictHostKeyChecking=no.
 */
import { expect } from 'chai'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SshConnectionFactory } from '../../engine/connection/ssh/index.js'
import { UnreachableError } from '../../engine/connection/types.js'
import { isolatedFactory, makeKey, publicKey, type Sshd, startSshd } from '../helpers/sshd.js'

const HOST = '127.0.0.203'
const PORT = 2251

describe('ssh host keys (real sshd)', function () {
  this.timeout(30000)
  const dir = mkdtempSync(join(tmpdir(), 'tsplay-ssh-hk-'))
  const key = makeKey(dir, 'id_test')
  const otherHostKey = publicKey(makeKey(dir, 'other_host')).split(' ').slice(0, 2).join(' ')
  let sshd: Sshd
  let n = 0
  const factories: SshConnectionFactory[] = []
  const warnings: string[] = []

  const connect = (knownHosts: string, strict = 'yes', f = newFactory()) =>
    f.connect(`h${n++}`, {
      ansible_host: HOST,
      ansible_port: PORT,
      ansible_user: 'root',
      ansible_ssh_private_key_file: key,
      ansible_ssh_common_args: `-o UserKnownHostsFile=${knownHosts} -o StrictHostKeyChecking=${strict}`,
    })
  const newFactory = () => {
    const f = isolatedFactory(dir, { warn: (m) => warnings.push(m) })
    factories.push(f)
    return f
  }
  const file = (name: string, text?: string) => {
    const p = join(dir, name)
    if (text !== undefined) writeFileSync(p, text)
    return p
  }

  before(async () => {
    sshd = await startSshd({ host: HOST, port: PORT, authorizedKeys: [publicKey(key)], logLevel: 'DEBUG3' })
  })

  after(async () => {
    for (const f of factories) await f.closeAll()
    await sshd?.stop()
  })

  it('does not ask the server to prove the host keys it announces after login (unused work)', async () => {
    const kh = file('kh-prove', `${sshd.knownHostsLine}\n`)
    const conn = await connect(kh)
    expect((await conn.exec('echo ok')).stdout).to.equal('ok\n')
    const log = sshd.log()
    expect(log).to.match(/notify_hostkeys: sent \d+ hostkeys/)
    expect(log).not.to.include('hostkeys-prove')
  })

  it('refuses an unknown host with the SHA256 fingerprint ssh-keygen prints and how to accept it', async () => {
    const f = newFactory()
    const err = await connect(file('kh-empty', ''), 'yes', f).catch((e: unknown) => e)
    expect(err).to.be.instanceOf(UnreachableError)
    const fp = execFileSync('ssh-keygen', ['-lf', `${sshd.hostKeyPath}.pub`], { encoding: 'utf8' }).split(
      ' ',
    )[1]!
    expect(fp).to.match(/^SHA256:[A-Za-z0-9+/]{43}$/)
    const reason = (err as UnreachableError).reason
    expect(reason).to.include(`host key unknown for [${HOST}]:${PORT} (ssh-ed25519 key ${fp})`)
    expect(reason).to.include('StrictHostKeyChecking=accept-new').and.include('ssh-keyscan')
    expect(reason).not.to.include('\n')
    expect((err as UnreachableError).retryable).to.equal(false)
    expect(f.stats.handshakes).to.equal(1)
  })

  it('does not take a port-22 entry for another port', async () => {
    const kh = file('kh-noport', `${HOST} ${sshd.hostPublicKey}\n`)
    const err = await connect(kh).catch((e: unknown) => e)
    expect((err as UnreachableError).reason).to.match(/^host key unknown/)
  })

  it('accepts a `[host]:port` entry in a comma list', async () => {
    const kh = file('kh-list', `# comment\nother,[${HOST}]:${PORT} ${sshd.hostPublicKey}\n`)
    const conn = await connect(kh)
    expect((await conn.exec('echo ok')).stdout).to.equal('ok\n')
  })

  it('accepts a hashed entry (ssh-keygen -H)', async () => {
    const kh = file('kh-hashed', `${sshd.knownHostsLine}\n`)
    execFileSync('ssh-keygen', ['-q', '-H', '-f', kh], { stdio: 'ignore' })
    expect(readFileSync(kh, 'utf8')).to.match(/^\|1\|/)
    const conn = await connect(kh)
    expect((await conn.exec('echo ok')).stdout).to.equal('ok\n')
  })

  it('accept-new: 10 concurrent connections write exactly one line, file created 0600', async () => {
    const kh = join(dir, 'sub', 'kh-new')
    const f = newFactory()
    const conns = await Promise.all(Array.from({ length: 10 }, () => connect(kh, 'accept-new', f)))
    expect(conns).to.have.length(10)
    expect(readFileSync(kh, 'utf8')).to.equal(`${sshd.knownHostsLine}\n`)
    expect(statSync(kh).mode & 0o777).to.equal(0o600)
    const again = await connect(kh, 'yes') // now known
    expect((await again.exec('echo ok')).stdout).to.equal('ok\n')
  })

  it('StrictHostKeyChecking=no accepts an unknown key with a warning and writes nothing', async () => {
    const kh = file('kh-no', '')
    warnings.length = 0
    await connect(kh, 'no')
    expect(warnings.join('\n')).to.include('accepting unknown host key')
    expect(readFileSync(kh, 'utf8')).to.equal('')
  })

  for (const strict of ['yes', 'accept-new', 'no']) {
    it(`refuses a changed key loudly (StrictHostKeyChecking=${strict})`, async () => {
      const kh = file(`kh-changed-${strict}`, `# first\n[${HOST}]:${PORT} ${otherHostKey}\n`)
      const err = await connect(kh, strict).catch((e: unknown) => e)
      expect(err).to.be.instanceOf(UnreachableError)
      const reason = (err as UnreachableError).reason
      const fp = (k: string) =>
        execFileSync('ssh-keygen', ['-lf', '-'], { input: k, encoding: 'utf8' }).split(' ')[1]!
      expect(reason).to.match(/^host key changed for/)
      expect(reason).to.include('REMOTE HOST IDENTIFICATION HAS CHANGED')
      expect(reason).to.include(fp(sshd.hostPublicKey)).and.include(fp(otherHostKey))
      expect(reason).to.include(`${kh}:2`)
      expect((err as UnreachableError).retryable).to.equal(false)
      expect(readFileSync(kh, 'utf8')).not.to.include(sshd.hostPublicKey)
    })
  }
})
