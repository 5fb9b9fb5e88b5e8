/**
 * The command shell (one persistent /bin/sh per connection) against a real sshd: exact bytes both
 * ways, what falls back to exec channels (NUL bytes, large stdin, concurrency, switched off), login
 * noise, a shell killed under a command, timeouts, and become passwords kept out of process lists.
 */
import { expect } from 'chai'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SshConnection, SshConnectionFactory } from '../../engine/connection/ssh/index.js'
import { runFileScript, writeFileAtomic, type FsContext } from '../../engine/connection/remote-fs.js'
import { readStdinScript, STDIN_VAR } from '../../engine/connection/stdin-var.js'
import { ModuleFailure } from '../../engine/modules/types.js'
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

const HOST = '127.0.0.208'
const PORT = 2271

describe('ssh command shell (real sshd)', function () {
  this.timeout(30000)
  const dir = mkdtempSync(join(tmpdir(), 'tsplay-ssh-shell-'))
  const key = makeKey(dir, 'id_test')
  const knownHosts = join(dir, 'known_hosts')
  let sshd: Sshd
  let factory: SshConnectionFactory

  const connect = async (extra: Record<string, unknown> = {}): Promise<SshConnection> =>
    (await factory.connect('shellhost', {
      ansible_host: HOST,
      ansible_port: PORT,
      ansible_user: 'root',
      ansible_ssh_private_key_file: key,
      ansible_ssh_common_args: `-o UserKnownHostsFile=${knownHosts}`,
      ...extra,
    })) as SshConnection

  before(async () => {
    sshd = await startSshd({ host: HOST, port: PORT, authorizedKeys: [publicKey(key)], maxSessions: 10 })
    writeFileSync(knownHosts, `${sshd.knownHostsLine}\n`)
    factory = isolatedFactory(dir)
  })

  after(async () => {
    await factory?.closeAll()
    await sshd?.stop()
  })

  it('carries every byte but NUL through stdin and stdout exactly, over the shell', async () => {
    const conn = await connect()
    const bytes = Buffer.from(Array.from({ length: 255 }, (_, i) => i + 1))
    const res = await conn.exec('cat; printf "|%s|" "$0"', { stdin: bytes })
    expect(res.rc).to.equal(0)
    expect(res.stdoutBytes.subarray(0, 255).equals(bytes)).to.equal(true)
    expect(res.stdout.slice(-9)).to.equal('|/bin/sh|')
    const quotes = await conn.exec(`printf '%s' "it's" ; echo; cat`, { stdin: "'''\n'" })
    expect(quotes.stdout).to.equal("it's\n'''\n'")
    expect(conn.stats).to.deep.equal({ shellCommands: 2, channelCommands: 0 })
  })

  it('sends NUL bytes and large stdin over an exec channel, unchanged', async () => {
    const conn = await connect()
    const withNul = Buffer.from([0, 1, 2, 0, 255])
    expect((await conn.exec('cat', { stdin: withNul })).stdoutBytes.equals(withNul)).to.equal(true)
    const big = Buffer.alloc(200 * 1024, 'x')
    const res = await conn.exec('wc -c', { stdin: big })
    expect(res.stdout.trim()).to.equal(String(big.length))
    expect(conn.stats).to.deep.equal({ shellCommands: 0, channelCommands: 2 })
  })

  it('returns rc, stdout and stderr apart, including output without a final newline', async () => {
    const conn = await connect()
    const res = await conn.exec('printf out; printf err >&2; exit 7')
    expect(res).to.include({ rc: 7, stdout: 'out', stderr: 'err' })
    const empty = await conn.exec('true')
    expect(empty).to.include({ rc: 0, stdout: '', stderr: '' })
    const newlines = await conn.exec('printf "\\n\\n"')
    expect(newlines.stdout).to.equal('\n\n')
  })

  it('runs concurrent commands of one host on the shell and on channels, each with its own output', async () => {
    const conn = await connect()
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => conn.exec(`sleep 0.1; echo ${i}; echo e${i} >&2`)),
    )
    expect(results.map((r) => r.stdout)).to.deep.equal(results.map((_, i) => `${i}\n`))
    expect(results.map((r) => r.stderr)).to.deep.equal(results.map((_, i) => `e${i}\n`))
    expect(conn.stats.shellCommands).to.be.at.least(1)
    expect(conn.stats.channelCommands).to.be.at.least(1)
    expect(conn.stats.shellCommands + conn.stats.channelCommands).to.equal(12)
  })

  it('keeps commands apart: no state leaks from one to the next, no view of the shell', async () => {
    const conn = await connect()
    await conn.exec('cd /tmp; umask 077; X=leak; export Y=leak; set -- a b; trap "echo trap" EXIT')
    const res = await conn.exec('pwd; umask; echo "[$X$Y$#$1$__tsplay_m]"; printf %s "$0"')
    expect(res.stdout).to.equal(`${'/root'}\n0022\n[0]\n/bin/sh`)
    expect(conn.stats.shellCommands).to.equal(2)
  })

  it('hands write data over as a variable only where the script runs in the shell itself', async () => {
    ensureTestUsers()
    const script = `f=$(mktemp); trap 'cat "$f"; rm -f "$f"' EXIT; [ "\${${STDIN_VAR}+x}" = x ] && printf V; ${readStdinScript('"$f"')}`
    const data = Buffer.from("line 1\n'quoted' $HOME `x`\n")
    const conn = await connect()
    const plain = await conn.exec(script, { stdin: data, stdinAsVariable: true })
    expect(plain.stdout).to.equal(`V${data.toString()}`)
    const timed = await conn.exec(script, { stdin: data, stdinAsVariable: true, timeoutMs: 10_000 })
    expect(timed.stdout).to.equal(data.toString()) // timeout starts a new /bin/sh: data on stdin
    const user = await connect({ ansible_user: TEST_USER })
    const become = { method: 'sudo' as const, user: 'root', password: TEST_PASSWORD }
    const sudo = await user.exec(script, { stdin: data, stdinAsVariable: true, become })
    expect(sudo).to.include({ rc: 0, stdout: data.toString() })
  })

  it("runs tsplay's file scripts in the shell itself; a failed write leaves nothing behind", async () => {
    const conn = await connect()
    const ctx: FsContext = { conn }
    const shellPid = (await conn.exec('echo $$')).stdout
    const parent = (guard: string) => runFileScript(ctx, `sh -c 'echo $PPID'; ${guard}`)
    expect((await parent('true')).stdout).to.equal(shellPid)
    // a script that could end or change the shell still runs in a subshell
    expect((await parent('[ 1 ] || exit 1')).stdout).to.not.equal(shellPid)
    const root = mkdtempSync(join(tmpdir(), 'tsplay-in-shell-'))
    try {
      await writeFileAtomic(ctx, join(root, 'ok'), 'data\n', { mode: 0o600 })
      const bad = { mode: 0o600, validate: 'false %s' }
      const err = await writeFileAtomic(ctx, join(root, 'bad'), 'x', bad).catch((e: unknown) => e)
      expect(err).to.be.instanceOf(ModuleFailure)
      expect(readdirSync(root)).to.deep.equal(['ok'])
      expect(statSync(join(root, 'ok')).mode & 0o777).to.equal(0o600)
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
    const after = await conn.exec('umask; case $- in *C*) echo noclobber;; esac')
    expect(after.stdout).to.equal('0022\n')
    expect(conn.stats.channelCommands).to.equal(0)
  })

  it('gives its session up on a server that allows only one, instead of blocking other commands', async () => {
    const one = await startSshd({
      host: HOST,
      port: PORT + 1,
      authorizedKeys: [publicKey(key)],
      maxSessions: 1,
    })
    try {
      writeFileSync(knownHosts, `${sshd.knownHostsLine}\n${one.knownHostsLine}\n`)
      const conn = await connect({ ansible_port: PORT + 1 })
      expect((await conn.exec('echo first')).stdout).to.equal('first\n')
      const many = await Promise.all([1, 2, 3].map((i) => conn.exec(`sleep 0.2; echo ${i}`)))
      expect(many.map((r) => r.stdout)).to.deep.equal(['1\n', '2\n', '3\n'])
      expect(conn.maxSessions).to.equal(1)
      expect((await conn.exec('echo after')).stdout).to.equal('after\n')
    } finally {
      await one.stop()
    }
  })

  it('uses only exec channels with tsplay_command_shell=false', async () => {
    const conn = await connect({ tsplay_command_shell: false })
    expect((await conn.exec('echo hi')).stdout).to.equal('hi\n')
    expect(conn.stats).to.deep.equal({ shellCommands: 0, channelCommands: 1 })
  })

  it('ignores what login scripts print before the shell starts', async () => {
    ensureTestUsers()
    const rc = `/home/${TEST_USER}/.ssh/rc`
    mkdirSync(`/home/${TEST_USER}/.ssh`, { recursive: true })
    writeFileSync(rc, 'echo login-noise; echo login-noise-err >&2\n')
    try {
      const conn = await connect({ ansible_user: TEST_USER })
      const res = await conn.exec('echo clean')
      expect(res).to.include({ stdout: 'clean\n', stderr: '' })
      expect(conn.stats.shellCommands).to.equal(1)
    } finally {
      rmSync(rc, { force: true })
    }
  })

  it('reports a shell killed under a command, then starts a new one', async () => {
    const conn = await connect()
    const res = await conn.exec('kill -KILL $$; sleep 1')
    expect(res.rc).to.equal(255)
    expect(res.stderr).to.match(/command shell closed/)
    const next = await conn.exec('echo again')
    expect(next).to.include({ rc: 0, stdout: 'again\n' })
    expect(conn.stats.shellCommands).to.equal(1)
  })

  it('keeps the shell after a timed-out command', async () => {
    const conn = await connect()
    const res = await conn.exec('sleep 30', { timeoutMs: 300 })
    expect(res.timedOut).to.equal(true)
    expect((await conn.exec('echo after')).stdout).to.equal('after\n')
    expect(conn.stats).to.deep.equal({ shellCommands: 2, channelCommands: 0 })
  })

  it('becomes root with a sudo password that never shows in a process list', async () => {
    ensureTestUsers()
    const conn = await connect({ ansible_user: TEST_USER })
    const become = { method: 'sudo' as const, user: 'root', password: TEST_PASSWORD }
    const res = await conn.exec('id -u; ps -eo args; cat', { become, stdin: 'input-after-password' })
    expect(res.rc).to.equal(0)
    expect(res.stdout.split('\n')[0]).to.equal('0')
    expect(res.stdout).to.not.include(TEST_PASSWORD)
    expect(res.stdout.endsWith('input-after-password')).to.equal(true)
    expect(conn.stats.shellCommands).to.equal(1)
  })
})
