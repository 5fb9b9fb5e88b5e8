/**
 * Creates the SSH connections of a run and holds what they share: one connection per jump host
 * (keyed by user@host:port and its own chain), a throttle on handshakes through each hop (sshd's
 * MaxStartups drops bursts), the known_hosts writer, and decrypted keys.
 */
import { existsSync } from 'node:fs'
import type { Duplex } from 'node:stream'
import type { Client, ClientChannel } from 'ssh2'
import { UnreachableError, type Connection } from '../types.js'
import { DEFAULT_IDENTITIES, KeyLoadError, KeyStore, type AskPassphrase, type AuthPlan } from './auth.js'
import { SshConnection } from './connection.js'
import { handshake, HandshakeError } from './handshake.js'
import { KnownHostsWriter } from './known-hosts.js'
import { sshParamsFor, SshArgsError, type JumpHop, type SshCliOptions, type SshParams } from './params.js'
import { startProxyCommand } from './proxy-command.js'
import { Semaphore } from './semaphore.js'

export interface SshFactoryOptions {
  cli?: SshCliOptions | undefined
  /** Asked once per encrypted key file; default: a no-echo prompt when stdin is a terminal */
  askPassphrase?: AskPassphrase | undefined
  /** Warnings for the user (accepted host keys, ignored options, retries) */
  warn?: ((message: string) => void) | undefined
  /** Waits before retrying a refused/reset connection (default 0.5 s, 1 s, 2 s) */
  retryDelaysMs?: number[] | undefined
  /** Default: $SSH_AUTH_SOCK */
  agentSocket?: string | undefined
  /** Tried when a host has no IdentityFile (default: ~/.ssh/id_ed25519, id_ecdsa, id_rsa) */
  defaultIdentities?: string[] | undefined
  /** Handshakes in flight through one jump host (default 8) */
  hopHandshakes?: number | undefined
}

interface Hop {
  label: string
  client: Client
  throttle: Semaphore
}

export class SshConnectionFactory {
  /** Counters for tests and diagnostics */
  readonly stats = { handshakes: 0, retries: 0, forwardOuts: 0, hopConnections: 0, peakHopHandshakes: 0 }
  private readonly hops = new Map<string, Promise<Hop>>()
  private readonly clients: Client[] = []
  private readonly knownHosts = new KnownHostsWriter()
  private readonly keys: KeyStore
  private readonly warned = new Set<string>()
  private closed = false

  constructor(private readonly opts: SshFactoryOptions = {}) {
    this.keys = new KeyStore(opts.askPassphrase)
  }

  private warn(message: string): void {
    this.opts.warn?.(message)
  }

  async connect(host: string, vars: Record<string, unknown>): Promise<Connection> {
    let params: SshParams
    try {
      params = sshParamsFor(host, vars, this.opts.cli ?? {})
    } catch (err) {
      if (err instanceof SshArgsError || (err as Error).name === 'WordSplitError')
        throw new UnreachableError(host, `bad ssh settings: ${(err as Error).message}`)
      throw err
    }
    for (const opt of params.ignored) {
      if (!this.warned.has(opt)) this.warn(`ssh option ${opt} is not supported by tsplay and is ignored`)
      this.warned.add(opt)
    }
    let via: Hop | undefined
    const chain: string[] = []
    for (const jump of params.proxyJump) {
      const hopParams = this.hopParams(jump, params)
      chain.push(`${hopParams.user}@${hopParams.hostname}:${hopParams.port}`)
      via = await this.hop(host, chain.join(' > '), hopParams, via)
    }
    const open = () =>
      this.open(host, params, via).catch((err: unknown) => {
        if (err instanceof HandshakeError) throw new UnreachableError(host, err.reason, err.retryable)
        throw err
      })
    return new SshConnection(host, await open(), params.maxSessions, open, params.commandShell)
  }

  /** A jump host's parameters: its own ssh config, with the target's keys, known_hosts and timeouts. */
  private hopParams(jump: JumpHop, target: SshParams): SshParams {
    const own = sshParamsFor(
      jump.host,
      { ansible_user: jump.user, ansible_port: jump.port },
      { sshConfigFile: this.opts.cli?.sshConfigFile },
    )
    return {
      ...target,
      host: jump.host,
      hostname: own.hostname,
      port: own.port,
      user: own.user,
      password: undefined, // a target's password is never sent to a jump host
      identityFiles: [...new Set([...own.identityFiles, ...target.identityFiles])],
      proxyJump: [],
      proxyCommand: undefined, // the target's ProxyCommand is not the jump host's
      maxSessions: 10,
      commandShell: false,
    }
  }

  private hop(host: string, key: string, params: SshParams, via: Hop | undefined): Promise<Hop> {
    let hop = this.hops.get(key)
    if (!hop) {
      hop = this.open(host, params, via).then(
        (client) => {
          this.stats.hopConnections++
          client.on('close', () => this.hops.delete(key)) // later hosts may open it again
          return { label: key, client, throttle: new Semaphore(this.opts.hopHandshakes ?? 8) }
        },
        (err: unknown) => {
          this.hops.delete(key)
          if (err instanceof HandshakeError)
            throw new UnreachableError(host, `jump host ${key}: ${err.reason}`)
          throw err
        },
      )
      this.hops.set(key, hop)
    }
    return hop.catch((err: unknown) => {
      if (err instanceof UnreachableError && err.host !== host) throw new UnreachableError(host, err.reason)
      throw err
    })
  }

  /** Handshake with retries where they can help. */
  private async open(host: string, params: SshParams, via: Hop | undefined): Promise<Client> {
    const delays = this.opts.retryDelaysMs ?? [500, 1000, 2000]
    const auth = await this.authPlan(host, params)
    for (let attempt = 0; ; attempt++) {
      if (this.closed) throw new HandshakeError('connection closed')
      try {
        const client = await this.once(params, auth, via)
        this.clients.push(client)
        return client
      } catch (err) {
        if (!(err instanceof HandshakeError) || !err.retryable || attempt >= delays.length) throw err
        this.stats.retries++
        this.warn(`${host}: ${err.reason}; retrying (${attempt + 2}/${delays.length + 1})`)
        await new Promise((r) => setTimeout(r, delays[attempt]))
      }
    }
  }

  private async once(params: SshParams, auth: AuthPlan, via: Hop | undefined): Promise<Client> {
    this.stats.handshakes++
    const warn = (m: string) => this.warn(m)
    if (!via && params.proxyCommand) return this.throughProxyCommand(params, auth, warn)
    if (!via) return handshake({ params, auth, knownHosts: this.knownHosts, warn })
    // the throttle covers the channel and the handshake through it
    return via.throttle.run(async () => {
      this.stats.peakHopHandshakes = Math.max(this.stats.peakHopHandshakes, via.throttle.inUse)
      const sock = await this.forwardOut(via, params)
      return handshake({ params, auth, sock, knownHosts: this.knownHosts, warn })
    })
  }

  /** A handshake over a ProxyCommand's stdin/stdout; the process ends with the connection. */
  private async throughProxyCommand(
    params: SshParams,
    auth: AuthPlan,
    warn: (m: string) => void,
  ): Promise<Client> {
    const proxy = startProxyCommand(params.proxyCommand!)
    try {
      const client = await handshake({ params, auth, sock: proxy.sock, knownHosts: this.knownHosts, warn })
      client.on('close', () => proxy.kill())
      return client
    } catch (err) {
      const why = await proxy.failure()
      proxy.kill()
      // a proxy that failed explains more than the handshake it broke; not retried (no `refused`)
      if (err instanceof HandshakeError && why) throw new HandshakeError(why)
      throw err
    }
  }

  private forwardOut(via: Hop, p: SshParams): Promise<Duplex> {
    this.stats.forwardOuts++
    return new Promise((resolve, reject) => {
      try {
        via.client.forwardOut(
          '127.0.0.1',
          0,
          p.hostname,
          p.port,
          (err: Error | undefined, ch: ClientChannel) => {
            if (!err) return resolve(ch)
            const refused = /refused/i.test(err.message)
            const reason = refused
              ? `connection refused (${p.hostname}:${p.port}, from jump host ${via.label})`
              : `jump host ${via.label} could not open a channel to ${p.hostname}:${p.port}: ${err.message}`
            reject(new HandshakeError(reason, refused))
          },
        )
      } catch (err) {
        reject(new HandshakeError(`jump host ${via.label}: connection dropped (${(err as Error).message})`))
      }
    })
  }

  private async authPlan(host: string, p: SshParams): Promise<AuthPlan> {
    try {
      const explicit = await Promise.all(p.identityFiles.map((f) => this.keys.load(f, true)))
      const defaults = p.identityFiles.length ? [] : (this.opts.defaultIdentities ?? DEFAULT_IDENTITIES)
      const implicit = await Promise.all(defaults.map((f) => this.keys.load(f, false)))
      const agent = 'agentSocket' in this.opts ? this.opts.agentSocket : process.env['SSH_AUTH_SOCK']
      return {
        username: p.user,
        keys: explicit.filter((k) => k !== undefined),
        defaultKeys: implicit.filter((k) => k !== undefined),
        agent: agent && existsSync(agent) ? agent : undefined,
        password: p.password,
      }
    } catch (err) {
      if (err instanceof KeyLoadError) throw new UnreachableError(host, err.message)
      throw err
    }
  }

  async closeAll(): Promise<void> {
    this.closed = true
    // targets before the jump hosts they run through
    for (const client of this.clients.reverse()) client.end()
    this.clients.length = 0
    this.hops.clear()
  }
}
