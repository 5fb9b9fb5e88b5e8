/**
 * One SSH handshake: TCP (or a channel through a jump host), host key check against known_hosts,
 * authentication. Failures become one-line reasons; `retryable` only where trying again can help
 * (refused or reset right after a boot), never for authentication or host keys.
 */
import ssh2, { type Client, type ConnectConfig } from 'ssh2'
import type { Duplex } from 'node:stream'
import { authHandler, type AuthPlan } from './auth.js'
import {
  algorithmsFor,
  checkHostKey,
  entriesFor,
  fingerprint,
  hostKeyName,
  keyTypeOf,
  readKnownHosts,
  type KnownHostsWriter,
} from './known-hosts.js'
import type { SshParams } from './params.js'

const HOST_KEY_ALGORITHMS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
]

export class HandshakeError extends Error {
  constructor(
    readonly reason: string,
    readonly retryable = false,
  ) {
    super(reason)
  }
}

export interface HandshakeOptions {
  params: SshParams
  auth: AuthPlan
  sock?: Duplex | undefined
  knownHosts: KnownHostsWriter
  warn: (message: string) => void
}

/** Known key types first, so that a host with a recorded ed25519 key is not asked for its RSA key. */
function hostKeyOrder(known: string[]): string[] {
  const first = known.flatMap(algorithmsFor).filter((a) => HOST_KEY_ALGORITHMS.includes(a))
  return [...new Set([...first, ...HOST_KEY_ALGORITHMS])]
}

/** The one-line reason for a socket or protocol error. */
export function describeError(err: Error & { code?: string; level?: string }, p: SshParams): HandshakeError {
  const where = `${p.hostname}:${p.port}`
  const msg = err.message
  if (err.code === 'ECONNREFUSED' || /connection refused/i.test(msg))
    return new HandshakeError(`connection refused (${where})`, true)
  if (err.code === 'ECONNRESET' || err.code === 'EPIPE')
    return new HandshakeError(`connection reset by ${where} during the handshake`, true)
  if (err.level === 'client-timeout' || err.code === 'ETIMEDOUT')
    return new HandshakeError(`connection timed out after ${p.connectTimeoutSec} s (${where})`)
  if (err.code === 'EHOSTUNREACH' || err.code === 'ENETUNREACH')
    return new HandshakeError(`no route to host (${where})`)
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN')
    return new HandshakeError(`could not resolve hostname ${p.hostname}`)
  return new HandshakeError(`ssh error with ${where}: ${msg.split('\n')[0]}`)
}

export function handshake(o: HandshakeOptions): Promise<Client> {
  const { params: p, auth } = o
  const name = hostKeyName(p.hostname, p.port)
  const entries = readKnownHosts([...p.knownHostsFiles, ...p.globalKnownHostsFiles])
  const knownTypes = [...new Set(entriesFor(entries, name).map((e) => e.keyType))]
  let hostKeyProblem: string | undefined
  const trace = { tried: new Set<string>() }

  const hostVerifier = (blob: Buffer, verify: (ok: boolean) => void): void => {
    const verdict = checkHostKey(entries, name, blob)
    const fp = `${keyTypeOf(blob)} key ${fingerprint(blob)}`
    if (verdict.status === 'ok') return verify(true)
    if (verdict.status === 'changed') {
      const e = verdict.entry
      const old = fingerprint(Buffer.from(e.key, 'base64'))
      hostKeyProblem =
        `host key changed for ${name}: WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! The host now offers ` +
        `${fp}, known_hosts has ${old} at ${e.file}:${e.line}; someone may be intercepting the connection. ` +
        `If the change is expected, remove the old key: ssh-keygen -R '${name}' -f ${e.file}`
      return verify(false)
    }
    if (p.strictHostKeyChecking === 'no') {
      o.warn(`${p.host}: accepting unknown host key for ${name} (${fp}) because StrictHostKeyChecking=no`)
      return verify(true)
    }
    const file = p.knownHostsFiles[0]
    if (p.strictHostKeyChecking === 'accept-new' && file) {
      o.knownHosts.append(file, name, blob).then(
        () => (o.warn(`${p.host}: permanently added ${name} (${fp}) to ${file}`), verify(true)),
        (err: Error) => (
          o.warn(`${p.host}: could not add the host key to ${file}: ${err.message}`),
          verify(true)
        ),
      )
      return
    }
    hostKeyProblem =
      `host key unknown for ${name} (${fp}); check the fingerprint, then accept it with ` +
      `-o StrictHostKeyChecking=accept-new in ansible_ssh_common_args, or add it with ` +
      `ssh-keyscan -p ${p.port} ${p.hostname} >> ${file ?? '~/.ssh/known_hosts'}`
    verify(false)
  }

  const config: ConnectConfig = {
    host: p.hostname,
    port: p.port,
    username: auth.username,
    readyTimeout: p.connectTimeoutSec * 1000,
    keepaliveInterval: p.serverAliveIntervalSec * 1000,
    keepaliveCountMax: p.serverAliveCountMax,
    hostVerifier,
    authHandler: authHandler(auth, trace),
    ...(knownTypes.length ? { algorithms: { serverHostKey: hostKeyOrder(knownTypes) as never } } : {}),
    ...(o.sock ? { sock: o.sock } : {}),
    ...(auth.agent ? { agent: auth.agent, agentForward: p.forwardAgent } : {}),
  }

  return new Promise((resolve, reject) => {
    const client = new ssh2.Client()
    let settled = false
    const fail = (e: HandshakeError) => {
      if (settled) return
      settled = true
      client.end()
      reject(e)
    }
    client.on('error', (err: Error & { code?: string; level?: string }) => {
      if (hostKeyProblem) return fail(new HandshakeError(hostKeyProblem))
      if (err.level === 'client-authentication') {
        const tried = [...trace.tried].join(', ') || 'nothing: no key file, agent or password available'
        return fail(
          new HandshakeError(`authentication failed for ${auth.username}@${p.hostname} (tried: ${tried})`),
        )
      }
      fail(describeError(err, p))
    })
    client.on('close', () => {
      if (hostKeyProblem) return fail(new HandshakeError(hostKeyProblem))
      fail(new HandshakeError(`connection closed by ${p.hostname}:${p.port} during the handshake`, true))
    })
    client.once('ready', () => {
      if (settled) return
      settled = true
      client.setNoDelay(true) // small request/response packets: Nagle would add ~40 ms per exec
      resolve(client)
    })
    try {
      client.connect(config)
      skipHostKeyProofs(client)
    } catch (err) {
      fail(new HandshakeError(`ssh error with ${p.hostname}:${p.port}: ${(err as Error).message}`))
    }
  })
}

type GlobalRequestHandler = (p: unknown, name: string, wantReply: boolean, data: unknown) => void

/**
 * OpenSSH announces all its host keys after login; ssh2 answers by asking the server to prove each
 * one (a signature per key on the host, a verification here, on every connection). tsplay never
 * uses the announced keys (known_hosts changes only through accept-new), so the announcement is
 * acknowledged and dropped. ssh2 has no option for this: its protocol handler is wrapped (ssh2 is
 * pinned; if the internals change, this does nothing and ssh2 proves the keys as before).
 */
function skipHostKeyProofs(client: Client): void {
  const proto = (
    client as unknown as {
      _protocol?: { _handlers?: { GLOBAL_REQUEST?: GlobalRequestHandler }; requestSuccess(): void }
    }
  )._protocol
  const handlers = proto?._handlers
  const original = handlers?.GLOBAL_REQUEST
  if (!proto || !handlers || typeof original !== 'function') return
  handlers.GLOBAL_REQUEST = (p, name, wantReply, data) => {
    if (name !== 'hostkeys-00@openssh.com') return original(p, name, wantReply, data)
    if (wantReply) proto.requestSuccess()
  }
}
