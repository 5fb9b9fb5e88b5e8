/**
 * hostname: the running hostname and the permanent one (/etc/hostname). With systemd running,
 * `hostnamectl set-hostname` sets both; otherwise /etc/hostname is written and `hostname NAME` run.
 */
import { writeFileAtomic } from '../connection/remote-fs.js'
import { shq } from '../connection/quote.js'
import { linesDiff, optString, runStep, sections } from './system/common.js'
import { ModuleFailure, type Module } from './types.js'

interface HostnameData {
  systemd: boolean
  setFile: boolean
  setRunning: boolean
}

export function hostnameFacts(name: string) {
  const [short, ...rest] = name.split('.')
  return { hostname: short, nodename: name, fqdn: name, domain: rest.join('.') }
}

export const hostnameModule: Module = {
  name: 'hostname',
  async check(args, ctx) {
    const name = String(args.name ?? '').trim()
    if (!/^[A-Za-z0-9]([A-Za-z0-9.-]{0,253})$/.test(name))
      throw new ModuleFailure(`invalid hostname: ${JSON.stringify(name)}`)
    const use = optString(args.use)
    const script = [
      'echo @@running; hostname',
      'echo @@file; cat /etc/hostname 2>/dev/null',
      'echo @@systemd; [ -d /run/systemd/system ] && command -v hostnamectl >/dev/null && echo yes',
      'exit 0',
    ].join('\n')
    const sec = sections((await runStep(ctx, script, 'reading the hostname')).stdout)
    const running = sec.get('running')?.trim() ?? ''
    const file =
      (sec.get('file') ?? '')
        .split('\n')
        .map((l) => l.trim())
        .find((l) => l && !l.startsWith('#')) ?? ''
    const systemd = use ? use === 'systemd' : sec.get('systemd')?.trim() === 'yes'
    const data: HostnameData = { systemd, setFile: file !== name, setRunning: running !== name }
    const changed = data.setFile || data.setRunning
    const diff = changed
      ? [
          linesDiff(
            'hostname',
            [`hostname = ${running}`, `/etc/hostname = ${file}`],
            [`hostname = ${name}`, `/etc/hostname = ${name}`],
          ),
        ]
      : undefined
    const result = { name, ansible_facts: hostnameFacts(name) }
    return { changed, result, diff: ctx.diffMode ? diff : undefined, data }
  },
  async apply(plan, args, ctx) {
    const d = plan.data as HostnameData
    const name = String(args.name).trim()
    if (d.systemd) await runStep(ctx, `hostnamectl set-hostname ${shq(name)}`, 'hostnamectl set-hostname')
    else {
      if (d.setFile) await writeFileAtomic(ctx, '/etc/hostname', `${name}\n`, { report: false })
      if (d.setRunning) await runStep(ctx, `hostname ${shq(name)}`, 'hostname')
    }
    return { ...plan.result, changed: true }
  },
}
