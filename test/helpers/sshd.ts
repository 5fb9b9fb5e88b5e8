/**
 * A real OpenSSH server for tests: `sshd -D -e` on a loopback address with a temp host key,
 * temp authorized_keys and config, logging to a file. Also throwaway users with passwords for
 * password, sudo and su tests (idempotent), and client key helpers. Requires root.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SshConnectionFactory, type SshFactoryOptions } from '../../engine/connection/ssh/index.js'

export const TEST_USER = 'tsplaytest'
export const TEST_PASSWORD = 'tsplay-test-pw-1'
/** Second user, target of `su` */
export const SU_USER = 'tsplaysu'
export const SU_PASSWORD = 'tsplay-su-pw-2'

export interface SshdOptions {
  host: string
  port: number
  /** Public key lines allowed to log in (any user) */
  authorizedKeys?: string[]
  maxSessions?: number
  extraConfig?: string
  hostKeyType?: 'ed25519' | 'ecdsa' | 'rsa'
  logLevel?: string
  /** Reuse this host key (a restarted server keeps its identity) */
  hostKeyPath?: string
}

export interface Sshd {
  host: string
  port: number
  dir: string
  hostKeyPath: string
  /** `type base64` of the host key */
  hostPublicKey: string
  /** A known_hosts line for this server (`[host]:port type key`) */
  knownHostsLine: string
  logFile: string
  child: ChildProcess
  log(): string
  /** Stops the server and its per-connection processes (SIGKILL for those: a crash mid-run) */
  stop(): Promise<void>
}

/** Child processes of `pid` (sshd's per-connection processes) */
export function childPids(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number)
  } catch {
    return []
  }
}

/** Generates a key pair; returns the private key path (public key at `${path}.pub`). */
export function makeKey(dir: string, name: string, passphrase = '', type = 'ed25519'): string {
  const path = join(dir, name)
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', passphrase, '-C', name, '-f', path])
  return path
}

export function publicKey(privatePath: string): string {
  return readFileSync(`${privatePath}.pub`, 'utf8').trim()
}

function userExists(user: string): boolean {
  try {
    execFileSync('id', [user], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** Creates the test users with passwords and a sudo rule that needs the password. */
export function ensureTestUsers(): void {
  for (const [user, password] of [
    [TEST_USER, TEST_PASSWORD],
    [SU_USER, SU_PASSWORD],
  ] as const) {
    if (!userExists(user)) execFileSync('useradd', ['-m', '-s', '/bin/sh', user])
    execFileSync('chpasswd', { input: `${user}:${password}\n` })
  }
  writeFileSync(`/etc/sudoers.d/${TEST_USER}`, `${TEST_USER} ALL=(ALL) ALL\n`, { mode: 0o440 })
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** Resolves when the port accepts TCP connections. */
export function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port })
    s.once('connect', () => (s.destroy(), resolve(true)))
    s.once('error', () => resolve(false))
  })
}

export async function startSshd(opts: SshdOptions): Promise<Sshd> {
  const dir = mkdtempSync(join(tmpdir(), 'tsplay-sshd-'))
  chmodSync(dir, 0o755) // sshd reads authorized_keys as the logging-in user
  mkdirSync('/run/sshd', { recursive: true })
  const type = opts.hostKeyType ?? 'ed25519'
  const hostKeyPath = opts.hostKeyPath ?? makeKey(dir, `host_${type}`, '', type)
  const hostPublicKey = publicKey(hostKeyPath).split(/\s+/).slice(0, 2).join(' ')
  const authorized = join(dir, 'authorized_keys')
  writeFileSync(authorized, (opts.authorizedKeys ?? []).map((k) => `${k}\n`).join(''), { mode: 0o644 })
  const config = join(dir, 'sshd_config')
  writeFileSync(
    config,
    [
      `ListenAddress ${opts.host}:${opts.port}`,
      `HostKey ${hostKeyPath}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${authorized}`,
      'PermitRootLogin yes',
      'PasswordAuthentication yes',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      `LogLevel ${opts.logLevel ?? 'VERBOSE'}`,
      `MaxSessions ${opts.maxSessions ?? 10}`,
      'AllowAgentForwarding yes',
      'AllowTcpForwarding yes',
      'AcceptEnv LANG',
      opts.extraConfig ?? '',
    ].join('\n') + '\n',
  )
  const logFile = join(dir, 'sshd.log')
  const fd = openSync(logFile, 'a')
  const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], { stdio: ['ignore', fd, fd] })
  closeSync(fd)
  const log = () => readFileSync(logFile, 'utf8')
  let exited = false
  child.on('exit', () => (exited = true))
  await waitFor(() => exited || /Server listening/.test(log()), `sshd on ${opts.host}:${opts.port}`)
  if (exited) throw new Error(`sshd did not start:\n${log()}`)
  const name = opts.port === 22 ? opts.host : `[${opts.host}]:${opts.port}`
  return {
    host: opts.host,
    port: opts.port,
    dir,
    hostKeyPath,
    hostPublicKey,
    knownHostsLine: `${name} ${hostPublicKey}`,
    logFile,
    child,
    log,
    stop: async () => {
      if (exited) return
      const gone = new Promise((r) => child.once('exit', r))
      for (const pid of childPids(child.pid!)) {
        try {
          process.kill(pid, 'SIGKILL')
        } catch {
          // already gone
        }
      }
      // let the listener reap them, or they stay zombies of init
      for (let i = 0; i < 50 && childPids(child.pid!).length; i++) await new Promise((r) => setTimeout(r, 20))
      child.kill('SIGTERM')
      await gone
    },
  }
}

/**
 * A connection factory that sees nothing of the machine's user: no agent, no default keys, and an
 * ssh config file that does not exist (in `dir`), unless `over` says otherwise.
 */
export function isolatedFactory(dir: string, over: SshFactoryOptions = {}): SshConnectionFactory {
  return new SshConnectionFactory({
    agentSocket: undefined,
    defaultIdentities: [],
    ...over,
    cli: { sshConfigFile: join(dir, 'no-config'), ...over.cli },
  })
}
