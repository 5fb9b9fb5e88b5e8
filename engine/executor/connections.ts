/**
 * One connection per host for the whole run, opened when the host's first task needs it. The
 * transport comes from `-c`, the host's `ansible_connection` or the `connection` keyword.
 */
import { LocalConnection } from '../connection/local.js'
import { SshConnectionFactory, terminalPassphrase, type SshCliOptions } from '../connection/ssh/index.js'
import { UnreachableError, type Connection, type ExecOptions } from '../connection/types.js'
import type { Vars } from '../inventory/model.js'

/** Called for every command run on a host, for `-vvv` */
export type ExecLog = (host: string, command: string, rc: number, ms: number) => void

export interface PoolOptions {
  /** `-c`: one connection type for every host */
  forced?: string | undefined
  ssh?: SshCliOptions | undefined
  log?: ExecLog | undefined
  warn?: ((message: string) => void) | undefined
}

export class ConnectionPool {
  private readonly open = new Map<string, Promise<Connection>>()
  /** The opened ones, to notice a dropped connection before handing it out again */
  private readonly ready = new Map<string, Connection>()
  private readonly forced: string | undefined
  private readonly log: ExecLog | undefined
  private readonly ssh: SshConnectionFactory

  constructor(opts: PoolOptions = {}) {
    this.forced = opts.forced
    this.log = opts.log
    this.ssh = new SshConnectionFactory({ cli: opts.ssh, warn: opts.warn, askPassphrase: terminalPassphrase })
  }

  /** One connection per host, login and transport: a task that sets another `ansible_user` or `connection` gets its own, as in Ansible. */
  get(host: string, vars: Vars): Promise<Connection> {
    const key = [
      host,
      vars['ansible_user'],
      vars['ansible_port'],
      vars['ansible_host'],
      vars['ansible_connection'],
    ]
      .map((v) => String(v ?? ''))
      .join('\0')
    const dropped = this.ready.get(key)
    if (dropped?.broken) {
      // the host went away under an earlier task: this task connects again, as Ansible does
      this.open.delete(key)
      this.ready.delete(key)
      void dropped.close().catch(() => undefined)
    }
    let conn = this.open.get(key)
    if (!conn) {
      const opening = this.connect(host, vars).then((c) => {
        const wrapped = this.log ? logged(c, this.log) : c
        this.ready.set(key, wrapped)
        return wrapped
      })
      // a failed connection is not kept: the next task tries again (after ignore_unreachable, or
      // a host that was still booting), as Ansible does
      opening.catch(() => {
        if (this.open.get(key) === opening) this.open.delete(key)
      })
      this.open.set(key, (conn = opening))
    }
    return conn
  }

  private async connect(host: string, vars: Vars): Promise<Connection> {
    const kind =
      this.forced ?? (typeof vars['ansible_connection'] === 'string' ? vars['ansible_connection'] : 'ssh')
    if (kind === 'local') return new LocalConnection(host)
    if (kind === 'ssh' || kind === 'paramiko' || kind === 'smart') return this.ssh.connect(host, vars)
    throw new UnreachableError(host, `connection type \`${kind}\` is not supported; use \`ssh\` or \`local\``)
  }

  async reset(host: string): Promise<void> {
    for (const [key, conn] of this.open) {
      if (!key.startsWith(`${host}\0`)) continue
      this.open.delete(key)
      this.ready.delete(key)
      await (await conn.catch(() => undefined))?.close()
    }
  }

  async closeAll(): Promise<void> {
    const all = [...this.open.values()]
    this.open.clear()
    this.ready.clear()
    await Promise.all(all.map(async (c) => (await c.catch(() => undefined))?.close()))
    await this.ssh.closeAll()
  }
}

/** The same connection, reporting each command with its exit code and duration. */
function logged(conn: Connection, log: ExecLog): Connection {
  const reconnect = (conn as { reconnect?: (opts?: object) => Promise<void> }).reconnect
  return {
    host: conn.host,
    get broken() {
      return conn.broken
    },
    close: () => conn.close(),
    // reboot needs it (a structural capability, see engine/modules/reboot.ts)
    ...(reconnect ? { reconnect: (opts?: object) => reconnect.call(conn, opts) } : {}),
    async exec(command, opts) {
      const t0 = performance.now()
      const r = await conn.exec(command, opts)
      log(conn.host, opts?.noLog ? '(no_log: command not shown)' : command, r.rc, performance.now() - t0)
      return r
    },
  }
}

/** The connection of a no_log task: its commands are marked so that no log shows them. */
export function withNoLog(conn: Connection): Connection {
  return new Proxy(conn, {
    get(target, key, receiver) {
      if (key === 'exec')
        return (command: string, opts?: ExecOptions) => target.exec(command, { ...opts, noLog: true })
      const v = Reflect.get(target, key, receiver) as unknown
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
    },
  })
}
