/** A scripted connection and a module context for unit tests: no host is touched. */
import type { Connection, ExecOptions, ExecResult } from '../../../../engine/connection/types.js'
import type { ModuleContext } from '../../../../engine/modules/types.js'

export type Reply = Partial<ExecResult> | ((command: string, opts: ExecOptions) => Partial<ExecResult>)

export class FakeConn implements Connection {
  readonly host = 'fake'
  readonly calls: { command: string; opts: ExecOptions }[] = []

  constructor(private readonly reply: Reply = {}) {}

  async exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    this.calls.push({ command, opts })
    const r = typeof this.reply === 'function' ? this.reply(command, opts) : this.reply
    const stdout = r.stdout ?? ''
    return { rc: 0, stderr: '', stdoutBytes: Buffer.from(stdout), ...r, stdout }
  }

  async close(): Promise<void> {}
}

export function fakeCtx(conn: Connection, over: Partial<ModuleContext> = {}): ModuleContext {
  return {
    host: conn.host,
    conn,
    checkMode: false,
    diffMode: false,
    vars: {},
    findSource: (src) => src,
    renderTemplate: () => '',
    artifactsDir: '/tmp/artifacts',
    ...over,
  }
}
