/**
 * One SSH connection to a host, shared by all of its tasks: each exec is a channel, at most
 * `maxSessions` at once (the rest wait). Behaves like LocalConnection: the remote command runs
 * under `timeout -s KILL` for per-task timeouts, abort sends KILL and closes the channel. When the
 * connection drops, in-flight and later execs reject with UnreachableError (no silent reconnect).
 */
import { randomBytes } from 'node:crypto'
import type { Client, ClientChannel } from 'ssh2'
import { stripBecomePrompt, wrapBecome } from '../become.js'
import { shq } from '../quote.js'
import { UnreachableError, type Connection, type ExecOptions, type ExecResult } from '../types.js'
import { Semaphore } from './semaphore.js'
import { suPtyCommand, SuPtySession } from './su-pty.js'

const SIGNALS: Record<string, number> = {
  HUP: 1,
  INT: 2,
  QUIT: 3,
  ABRT: 6,
  KILL: 9,
  SEGV: 11,
  PIPE: 13,
  TERM: 15,
}
/** Past the remote `timeout`, give the host this long before giving up on the channel locally */
const LOCAL_TIMEOUT_GRACE_MS = 5000
/** After KILL, how long to wait for the channel to close before returning anyway */
const KILL_GRACE_MS = 2000

/** `export K=V;` for each variable (sshd refuses most `env` requests), then the command. */
export function withEnv(command: string, env: Record<string, string> | undefined): string {
  const entries = Object.entries(env ?? {})
  if (!entries.length) return command
  for (const [k] of entries)
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new Error(`invalid variable name ${k}`)
  return `${entries.map(([k, v]) => `export ${k}=${shq(v)};`).join(' ')}\n${command}`
}

/** Runs the command under coreutils `timeout`, inside become so that it may kill the command. */
export function withTimeout(command: string, timeoutMs: number | undefined): string {
  if (!timeoutMs) return command
  const secs = Math.max(0.001, timeoutMs / 1000)
  return `timeout -s KILL ${Number(secs.toFixed(3))} /bin/sh -c ${shq(command)}`
}

/** The exit status, recorded from the moment the channel opens (see `open`). */
interface Opened {
  channel: ClientChannel
  exit: { code?: number | undefined }
}

function isChannelOpenFailure(err: Error): boolean {
  return /channel open failure|open failed|administratively prohibited/i.test(err.message)
}

export class SshConnection implements Connection {
  private dead: string | undefined
  private readonly inflight = new Set<(err: UnreachableError) => void>()
  private readonly sessions: Semaphore

  constructor(
    readonly host: string,
    private client: Client,
    maxSessions: number,
    /** Opens a new client to the same host with the same parameters (for `reconnect`) */
    private readonly reopen?: (() => Promise<Client>) | undefined,
  ) {
    this.sessions = new Semaphore(maxSessions)
    this.watch(client)
  }

  private watch(client: Client): void {
    const drop = () => {
      if (client === this.client) this.drop('connection dropped')
    }
    client.on('close', drop)
    client.on('end', drop)
    client.on('error', drop)
  }

  /** After a reboot: drop the old transport and open a new one; rejects while the host is down. */
  async reconnect(opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<void> {
    if (!this.reopen) throw new UnreachableError(this.host, 'this connection cannot reconnect')
    const old = this.client
    this.drop('reconnecting')
    old.end()
    const fresh = await withDeadline(this.reopen(), opts.timeoutMs, this.host)
    this.client = fresh
    this.dead = undefined
    this.watch(fresh)
  }

  /** Channels currently allowed at once (lowered when the server refuses more). */
  get maxSessions(): number {
    return this.sessions.max
  }

  private drop(reason: string): void {
    if (this.dead) return
    this.dead = reason
    const err = new UnreachableError(this.host, reason)
    for (const reject of this.inflight) reject(err)
    this.inflight.clear()
  }

  async exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    // every process of the command inherits the marker, so an abort can find and kill them all
    const marker = randomBytes(8).toString('hex')
    const inner = withTimeout(withEnv(command, { ...opts.env, TSPLAY_EXEC: marker }), opts.timeoutMs)
    const become = opts.become
    for (;;) {
      if (this.dead) throw new UnreachableError(this.host, this.dead)
      await this.sessions.acquire()
      try {
        if (this.dead) throw new UnreachableError(this.host, this.dead)
        if (opts.signal?.aborted) return aborted()
        const opened = await this.open(inner, opts)
        if (!opened) continue // server allows fewer sessions: retry when one frees up
        return await this.run(opened, marker, opts, become?.method === 'su' && !!become.password)
      } finally {
        this.sessions.release()
      }
    }
  }

  private open(inner: string, opts: ExecOptions): Promise<Opened | undefined> {
    const become = opts.become
    const su = become?.method === 'su' && become.password
    const stdinLen = opts.stdin === undefined ? 0 : Buffer.byteLength(opts.stdin)
    const command = su
      ? suPtyCommand(inner, become.user, stdinLen)
      : become
        ? wrapBecome(inner, become).command
        : inner
    return new Promise((resolve, reject) => {
      this.inflight.add(reject)
      const cb = (err: Error | undefined, channel: ClientChannel) => {
        this.inflight.delete(reject)
        if (!err) {
          // a fast command's exit status can arrive in the same packet batch as the exec reply,
          // before `run` subscribes (after an await): listen now, or it is lost
          const exit: Opened['exit'] = {}
          channel.on('exit', (c: number | null, sig?: string) => {
            exit.code = typeof c === 'number' ? c : sig ? 128 + (SIGNALS[sig] ?? 9) : undefined
          })
          return resolve({ channel, exit })
        }
        if (this.dead) return reject(new UnreachableError(this.host, this.dead))
        if (isChannelOpenFailure(err) && this.sessions.inUse > 1) {
          this.sessions.shrink(this.sessions.inUse - 1)
          return resolve(undefined)
        }
        reject(new UnreachableError(this.host, `cannot open a session: ${err.message}`))
      }
      try {
        if (su) this.client.exec(command, { pty: { term: 'dumb', modes: { ECHO: 0 } } }, cb)
        else this.client.exec(command, cb)
      } catch (err) {
        this.inflight.delete(reject)
        reject(new UnreachableError(this.host, this.dead ?? `connection dropped (${(err as Error).message})`))
      }
    })
  }

  /**
   * OpenSSH refuses signal requests for root sessions and sends them with the login user's rights,
   * so an aborted command is also killed from a second channel, with the same become, by the
   * marker in its processes' environment.
   */
  private killByMarker(marker: string, opts: ExecOptions): void {
    const script = `for p in /proc/[0-9]*; do grep -qaF ${shq(`TSPLAY_EXEC=${marker}`)} "$p/environ" 2>/dev/null && kill -KILL "\${p#/proc/}" 2>/dev/null; done; true`
    this.exec(script, { become: opts.become, timeoutMs: 10_000 }).catch(() => undefined)
  }

  private run(opened: Opened, marker: string, opts: ExecOptions, su: boolean): Promise<ExecResult> {
    const { channel, exit } = opened
    const started = Date.now()
    const out: Buffer[] = []
    const err: Buffer[] = []
    let killed = false
    let localTimeout = false
    let forced: NodeJS.Timeout | undefined
    const kill = () => {
      killed = true
      sendKill(channel)
      this.killByMarker(marker, opts)
      try {
        channel.close()
      } catch {
        // the channel is already gone
      }
      // sshd completes the close only once the command exits: do not wait for it forever
      forced = setTimeout(() => channel.emit('close'), KILL_GRACE_MS)
    }
    const pty = su ? new SuPtySession(channel, opts.become?.password ?? '', opts.stdin) : undefined
    return new Promise((resolve, reject) => {
      this.inflight.add(reject)
      const timer = opts.timeoutMs
        ? setTimeout(() => ((localTimeout = true), kill()), opts.timeoutMs + LOCAL_TIMEOUT_GRACE_MS)
        : undefined
      opts.signal?.addEventListener('abort', kill, { once: true })
      channel.on('data', (d: Buffer) => (pty ? pty.onData(d) : out.push(d)))
      channel.stderr.on('data', (d: Buffer) => err.push(d))
      channel.on('error', () => undefined)
      channel.once('close', () => {
        const code = exit.code
        if (timer) clearTimeout(timer)
        if (forced) clearTimeout(forced)
        opts.signal?.removeEventListener('abort', kill)
        this.inflight.delete(reject)
        if (this.dead && code === undefined && !killed)
          return reject(new UnreachableError(this.host, this.dead))
        const rc = code ?? (killed ? 137 : 255)
        const elapsed = Date.now() - started
        const remoteTimeout =
          !!opts.timeoutMs && (rc === 124 || rc === 137) && elapsed >= opts.timeoutMs * 0.9
        const stdoutBytes = pty ? pty.stdout() : Buffer.concat(out)
        let stderr = pty ? pty.stderr() : stripBecomePrompt(Buffer.concat(err).toString('utf8'))
        if (code === undefined && !killed) stderr += 'ssh: the channel closed without an exit status\n'
        resolve({
          rc,
          stdout: stdoutBytes.toString('utf8'),
          stderr,
          stdoutBytes,
          timedOut: localTimeout || remoteTimeout,
        })
      })
      if (pty) return
      const become = opts.become
      const prefix = become ? wrapBecome('', become).stdinPrefix : ''
      if (prefix) channel.write(prefix)
      channel.end(opts.stdin ?? '')
    })
  }

  async close(): Promise<void> {
    this.drop('connection closed')
    this.client.end()
  }
}

/**
 * A `signal` channel request. ssh2's `channel.signal()` sends nothing once stdin has been ended,
 * and we always end it, so this calls the protocol layer the same way.
 */
function sendKill(channel: ClientChannel): void {
  const ch = channel as unknown as {
    outgoing?: { id: number; state: string }
    _client?: { _protocol?: { signal(id: number, name: string): void } }
  }
  try {
    if (ch.outgoing && ['open', 'eof'].includes(ch.outgoing.state))
      ch._client?._protocol?.signal(ch.outgoing.id, 'KILL')
  } catch {
    // connection already gone
  }
}

function aborted(): ExecResult {
  return {
    rc: 137,
    stdout: '',
    stderr: 'aborted before it started',
    stdoutBytes: Buffer.alloc(0),
    timedOut: false,
  }
}

function withDeadline<T>(p: Promise<T>, ms: number | undefined, host: string): Promise<T> {
  if (!ms) return p
  return new Promise((resolve, reject) => {
    const t = setTimeout(
      () => reject(new UnreachableError(host, `reconnect timed out after ${ms / 1000} s`, true)),
      ms,
    )
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e: unknown) => (clearTimeout(t), reject(e)),
    )
  })
}
