/**
 * Authentication and become over real sshd: key files (plain and encrypted), the agent (and its
 * forwarding), passwords, one-line auth failures without retries, sudo with and without a
 * password, su with a password through a PTY.
 */
import { expect } from 'chai'
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SshConnectionFactory, type SshFactoryOptions } from '../../engine/connection/ssh/index.js'
import { UnreachableError } from '../../engine/connection/types.js'
import {
  ensureTestUsers,
  isolatedFactory,
  makeKey,
  publicKey,
  type Sshd,
  startSshd,
  SU_PASSWORD,
  SU_USER,
  TEST_PASSWORD,
  TEST_USER,
} from '../helpers/sshd.js'

const HOST = '127.0.0.202'
const PORT = 2241

describe('ssh authentication and become (real sshd)', function () {
  this.timeout(30000)
  const dir = mkdtempSync(join(tmpdir(), 'tsplay-ssh-auth-'))
  const key = makeKey(dir, 'id_plain')
  const encrypted = makeKey(dir, 'id_encrypted', 'secret passphrase')
  const agentKey = makeKey(dir, 'id_agent')
  const stranger = makeKey(dir, 'id_stranger')
  // signed with a KeyObject made once (key-signer.ts) or, for ECDSA, by ssh2 itself
  const otherTypes = ['rsa', 'ecdsa'].map((t) => makeKey(dir, `id_${t}`, '', t))
  const knownHosts = join(dir, 'known_hosts')
  const agentSock = join(dir, 'agent.sock')
  let sshd: Sshd
  let agent: ChildProcess | undefined
  const factories: SshConnectionFactory[] = []

  const vars = (extra: Record<string, unknown> = {}) => ({
    ansible_host: HOST,
    ansible_port: PORT,
    ansible_user: 'root',
    ansible_ssh_common_args: `-o UserKnownHostsFile=${knownHosts}`,
    ...extra,
  })
  const newFactory = (over: SshFactoryOptions = {}) => {
    const f = isolatedFactory(dir, { retryDelaysMs: [], ...over })
    factories.push(f)
    return f
  }

  before(async () => {
    ensureTestUsers()
    const keys = [key, encrypted, agentKey, ...otherTypes].map(publicKey)
    sshd = await startSshd({ host: HOST, port: PORT, authorizedKeys: keys })
    writeFileSync(knownHosts, `${sshd.knownHostsLine}\n`)
    agent = spawn('ssh-agent', ['-D', '-a', agentSock], { stdio: 'ignore' })
    for (let i = 0; i < 100 && !existsSync(agentSock); i++) await new Promise((r) => setTimeout(r, 20))
    execFileSync('ssh-add', ['-q', agentKey], {
      env: { ...process.env, SSH_AUTH_SOCK: agentSock },
      stdio: 'ignore',
    })
  })

  after(async () => {
    for (const f of factories) await f.closeAll()
    agent?.kill()
    await sshd?.stop()
  })

  it('authenticates with a key file', async () => {
    const conn = await newFactory().connect('k', vars({ ansible_ssh_private_key_file: key }))
    expect((await conn.exec('id -u')).stdout).to.equal('0\n')
  })

  it('authenticates with RSA and ECDSA key files, twice each with the same loaded key', async () => {
    const f = newFactory()
    for (const file of otherTypes)
      for (const name of ['1', '2']) {
        const conn = await f.connect(`${file}${name}`, vars({ ansible_ssh_private_key_file: file }))
        expect((await conn.exec('id -u')).stdout, file).to.equal('0\n')
      }
  })

  it('asks for the passphrase of an encrypted key once per key file', async () => {
    const asked: string[] = []
    const f = newFactory({ askPassphrase: async (file) => (asked.push(file), 'secret passphrase') })
    const v = vars({ ansible_ssh_private_key_file: encrypted })
    const [a, b] = await Promise.all([f.connect('e1', v), f.connect('e2', v)])
    expect((await a.exec('echo a')).stdout).to.equal('a\n')
    expect((await b.exec('echo b')).stdout).to.equal('b\n')
    expect(asked).to.deep.equal([encrypted])
  })

  it('fails clearly for an encrypted key when no passphrase can be asked', async () => {
    const f = newFactory({ askPassphrase: async () => undefined })
    const err = await f
      .connect('e3', vars({ ansible_ssh_private_key_file: encrypted }))
      .catch((e: unknown) => e)
    expect(err).to.be.instanceOf(UnreachableError)
    expect((err as Error).message).to.match(/id_encrypted is encrypted and no passphrase is available/)
    expect((err as Error).message).not.to.include('secret')
  })

  it('authenticates with the ssh agent and forwards it on request', async () => {
    const f = newFactory({ agentSocket: agentSock })
    const conn = await f.connect('ag', vars({ ansible_ssh_extra_args: '-o ForwardAgent=yes' }))
    const res = await conn.exec('test -S "$SSH_AUTH_SOCK" && ssh-add -l')
    expect(res.rc).to.equal(0)
    expect(res.stdout).to.include('id_agent')
    const plain = await f.connect('ag2', vars())
    expect((await plain.exec('echo "[$SSH_AUTH_SOCK]"')).stdout).to.equal('[]\n')
  })

  it('authenticates with a password after the keys fail', async () => {
    const f = newFactory()
    const conn = await f.connect('pw', vars({ ansible_user: TEST_USER, ansible_password: TEST_PASSWORD }))
    expect((await conn.exec('id -un')).stdout).to.equal(`${TEST_USER}\n`)
  })

  it('reports an authentication failure in one line, without retrying', async () => {
    const f = newFactory({ retryDelaysMs: [10, 10, 10] })
    const err = await f
      .connect('bad', vars({ ansible_ssh_private_key_file: stranger, ansible_password: 'wrong' }))
      .catch((e: unknown) => e)
    expect(err).to.be.instanceOf(UnreachableError)
    expect((err as UnreachableError).reason).to.equal(
      `authentication failed for root@${HOST} (tried: publickey, password)`,
    )
    expect((err as UnreachableError).retryable).to.equal(false)
    expect(f.stats.handshakes).to.equal(1)
  })

  describe('become', () => {
    const user = () =>
      newFactory().connect('u', vars({ ansible_user: TEST_USER, ansible_password: TEST_PASSWORD }))

    it('sudo with a password (stdin still reaches the command)', async () => {
      const conn = await user()
      const become = { method: 'sudo' as const, user: 'root', password: TEST_PASSWORD }
      const res = await conn.exec('id -u; cat', { become, stdin: 'data\n' })
      expect(res).to.include({ rc: 0, stdout: '0\ndata\n' })
      expect(res.stderr).to.equal('')
    })

    it('sudo without a password fails fast with sudo’s message', async () => {
      const conn = await user()
      const res = await conn.exec('id -u', { become: { method: 'sudo', user: 'root' } })
      expect(res.rc).to.equal(1)
      expect(res.stderr).to.match(/a password is required/)
    })

    it('su with a password through a PTY, stdin and binary output intact', async () => {
      const conn = await user()
      const become = { method: 'su' as const, user: SU_USER, password: SU_PASSWORD }
      const res = await conn.exec("id -un; cat; printf '\\001\\377\\n'", { become, stdin: 'line1\nline2' })
      expect(res.rc).to.equal(0)
      expect(res.stdoutBytes.equals(Buffer.from(`${SU_USER}\nline1\nline2\x01\xff\n`, 'latin1'))).to.equal(
        true,
      )
      expect(res.stdout + res.stderr).not.to.include(SU_PASSWORD)
    })

    it('su with a wrong password fails with su’s message', async () => {
      const conn = await user()
      const res = await conn.exec('id -un', { become: { method: 'su', user: SU_USER, password: 'nope' } })
      expect(res.rc).to.equal(1)
      expect(res.stdout).to.equal('')
      expect(res.stderr).to.match(/Authentication failure/)
    })

    it('su under a timeout', async () => {
      const conn = await user()
      const become = { method: 'su' as const, user: SU_USER, password: SU_PASSWORD }
      const res = await conn.exec('sleep 33', { become, timeoutMs: 500 })
      expect(res.timedOut).to.equal(true)
    })
  })
})
