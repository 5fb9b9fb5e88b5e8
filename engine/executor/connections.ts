/**
 * One connection per host for the whole run, opened when the host's first task needs it. The
 * transport comes from `-c` or the host's `ansible_connection`.
 */
import { LocalConnection } from '../connection/local.js'
import { UnreachableError, type Connection } from '../connection/types.js'
import type { Vars } from '../inventory/model.js'

/** Called for every command run on a host, for `-vvv` */
export type ExecLog = (host: string, command: string, rc: number, ms: number) => void

export class ConnectionPool {
  private readonly open = new Map<string, Promise<Connection>>()

  constructor(
    private readonly forced?: string | undefined,
    private readonly log?: ExecLog | undefined,
  ) {}

  get(host: string, vars: Vars): Promise<Connection> {
    let conn = this.open.get(host)
    if (!conn) {
      conn = this.connect(host, vars).then((c) => (this.log ? logged(c, this.log) : c))
      this.open.set(host, conn)
    }
    return conn
  }

  private async connect(host: string, vars: Vars): Promise<Connection> {
    const kind =
      this.forced ?? (typeof vars['ansible_connection'] === 'string' ? vars['ansible_connection'] : 'ssh')
    if (kind === 'local') return new LocalConnection(host)
    throw new UnreachableError(
      host,
      `connection type \`${kind}\` is not available in this version; use ansible_connection=local or -c local`,
    )
  }

  async reset(host: string): Promise<void> {
    const conn = this.open.get(host)
    this.open.delete(host)
    if (conn) await (await conn.catch(() => undefined))?.close()
  }

  async closeAll(): Promise<void> {
    const all = [...this.open.values()]
    this.open.clear()
    await Promise.all(all.map(async (c) => (await c.catch(() => undefined))?.close()))
  }
}

/** The same connection, reporting each command with its exit code and duration. */
function logged(conn: Connection, log: ExecLog): Connection {
  return {
    host: conn.host,
    close: () => conn.close(),
    async exec(command, opts) {
      const t0 = performance.now()
      const r = await conn.exec(command, opts)
      log(conn.host, command, r.rc, performance.now() - t0)
      return r
    },
  }
}
