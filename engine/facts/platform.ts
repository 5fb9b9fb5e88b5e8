/** uname, hostname, hostname -f and PID 1's name → platform facts (Ansible's platform + service_mgr). */
import type { Vars } from '../inventory/model.js'

export function platformFacts(s: { uname?: string; hostname?: string; fqdn?: string; init?: string }): Vars {
  const facts: Vars = {}
  const u = (s.uname ?? '').split('\n')
  const [system, kernel, kernelVersion, machine, nodename] = u.map((x) => x.trim())
  if (system) facts['system'] = system
  if (kernel) facts['kernel'] = kernel
  if (kernelVersion) facts['kernel_version'] = kernelVersion
  if (machine) {
    facts['machine'] = machine
    facts['architecture'] = machine
  }
  const node = nodename || s.hostname?.trim()
  if (node) {
    facts['nodename'] = node
    facts['hostname'] = node.split('.')[0]
  }
  const fqdn = s.fqdn?.trim().split('\n')[0]?.trim() || node
  if (fqdn) {
    facts['fqdn'] = fqdn
    const dot = fqdn.indexOf('.')
    facts['domain'] = dot >= 0 ? fqdn.slice(dot + 1) : ''
  }
  const init = s.init?.trim()
  if (init) facts['service_mgr'] = init === 'init' ? 'sysvinit' : init
  return facts
}
