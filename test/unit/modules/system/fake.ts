/** A connection answering commands from a table of regex → reply, recording every command. */
import type { Connection, ExecOptions, ExecResult } from '../../../../engine/connection/types.js'
import type { Module, ModuleContext, ModuleResult, Plan } from '../../../../engine/modules/types.js'

export type Reply = Partial<ExecResult> | ((cmd: string, opts: ExecOptions) => Partial<ExecResult>)

export class TableConn implements Connection {
  readonly host = 'fake'
  readonly calls: { command: string; stdin?: string }[] = []

  constructor(private readonly table: [RegExp, Reply][] = []) {}

  async exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    // the script as the module wrote it, without run()'s locale line and function wrapper
    const cmd = command.replace(
      /^LC_ALL=C; export LC_ALL\n(?:__tsplay_f\(\) \{\n([^]*)\n\}\n__tsplay_f)?/,
      '$1',
    )
    this.calls.push({ command: cmd, stdin: opts.stdin === undefined ? undefined : String(opts.stdin) })
    const hit = this.table.find(([re]) => re.test(cmd))
    const r = hit ? (typeof hit[1] === 'function' ? hit[1](cmd, opts) : hit[1]) : {}
    const stdout = r.stdout ?? ''
    return { rc: 0, stderr: '', stdoutBytes: Buffer.from(stdout), ...r, stdout }
  }

  async close(): Promise<void> {}

  commands(): string[] {
    return this.calls.map((c) => c.command)
  }
}

export function ctxOf(conn: Connection, over: Partial<ModuleContext> = {}): ModuleContext {
  return {
    host: conn.host,
    conn,
    checkMode: false,
    diffMode: true,
    vars: {},
    findSource: (src) => src,
    renderTemplate: () => '',
    artifactsDir: '/tmp/artifacts',
    ...over,
  }
}

/** Commands that change a host: none of them may run in check mode. */
export const MUTATING =
  /apt-get (-y|update)|dpkg -i|\bdnf -y|\byum -y|systemctl(?: --\w+)* (start|stop|restart|reload|enable|disable|mask|unmask|daemon-reload|daemon-reexec)\b|useradd|usermod|userdel|groupadd|groupmod|groupdel|chpasswd|(^|[;\n&|] *)mount(?! -o remount)? |umount|modprobe |sysctl -w|sysctl (-e )?-p|hostnamectl set|hostname [a-z]|mv -f|rm -f --|shutdown|\breboot\b.*&|tar .*-x|unzip -o/

/** What the executor does, minus rendering. */
export async function execute(
  mod: Module,
  args: Record<string, unknown>,
  ctx: ModuleContext,
): Promise<{ plan: Plan; result: ModuleResult }> {
  const plan = await mod.check(args, ctx)
  if (ctx.checkMode || !plan.changed) return { plan, result: { ...plan.result, changed: plan.changed } }
  return { plan, result: await mod.apply(plan, args, ctx) }
}

export async function failureOf(p: Promise<unknown>): Promise<Error> {
  try {
    await p
  } catch (err) {
    return err as Error
  }
  throw new Error('expected a failure')
}
