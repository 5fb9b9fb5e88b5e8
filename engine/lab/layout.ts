/** Host names, groups and the inventory.ini of a lab. */
import { TsplayError } from '../errors.js'
import type { Lab, LabLayout } from './state.js'

export interface PlannedHost {
  name: string
  groups: string[]
}

export const K8S_MIN_HOSTS = 5

export function defaultLayout(count: number): LabLayout {
  return count >= K8S_MIN_HOSTS ? 'k8s' : 'flat'
}

/** flat: lab01..labNN in `lab`; k8s: bastion, harbor, master01, node01.., gpu01, as inventories/prod. */
export function planHosts(count: number, layout: LabLayout): PlannedHost[] {
  if (layout === 'flat') {
    const width = Math.max(2, String(count).length)
    return Array.from({ length: count }, (_, i) => ({
      name: `lab${String(i + 1).padStart(width, '0')}`,
      groups: ['lab'],
    }))
  }
  if (count < K8S_MIN_HOSTS) {
    throw new TsplayError({
      code: 'LAB_USAGE',
      message: `the k8s layout needs at least ${K8S_MIN_HOSTS} hosts (bastion, harbor, master01, node01, gpu01), got ${count}`,
      hint: `use \`--layout flat\` or \`up ${K8S_MIN_HOSTS}\``,
    })
  }
  const nodes = count - 4
  const width = Math.max(2, String(nodes).length)
  return [
    { name: 'bastion', groups: ['bastion_host'] },
    { name: 'harbor', groups: ['registry'] },
    { name: 'master01', groups: ['kube_master'] },
    ...Array.from({ length: nodes }, (_, i) => ({
      name: `node${String(i + 1).padStart(width, '0')}`,
      groups: ['kube_node'],
    })),
    { name: 'gpu01', groups: ['kube_gpu'] },
  ]
}

const CHILDREN: Record<LabLayout, [string, string[]][]> = {
  flat: [],
  k8s: [
    ['kube_worker', ['kube_node', 'kube_gpu']],
    ['kube_cluster', ['kube_master', 'kube_worker']],
  ],
}

export function renderInventory(lab: Lab): string {
  const conn =
    `ansible_user=root ansible_ssh_private_key_file=${lab.keyPath} ` +
    `ansible_ssh_common_args='-o UserKnownHostsFile=${lab.knownHostsPath} -o StrictHostKeyChecking=yes'`
  const lines = [
    `# tsplay lab ${lab.id}: ${lab.hosts.length} throwaway SSH hosts (${lab.layout} layout), ${lab.createdAt}.`,
    `# Every host also has a sudo-capable user \`deploy\`; its password is in ${lab.deployPasswordPath}.`,
    `# Remove with: tsplay lab down --dir ${lab.dir}`,
  ]
  const groups: string[] = []
  for (const h of lab.hosts) for (const g of h.groups) if (!groups.includes(g)) groups.push(g)
  for (const group of groups) {
    lines.push('', `[${group}]`)
    for (const h of lab.hosts.filter((x) => x.groups.includes(group))) {
      const port = h.port === 22 ? '' : ` ansible_port=${h.port}`
      lines.push(`${h.name} ansible_host=${h.address}${port} ${conn}`)
    }
  }
  for (const [parent, children] of CHILDREN[lab.layout]) lines.push('', `[${parent}:children]`, ...children)
  return `${lines.join('\n')}\n`
}

/** /etc/hosts of every lab host: localhost and all lab hosts by name. */
export function renderEtcHosts(lab: Lab): string {
  const lines = ['127.0.0.1 localhost', '::1 localhost ip6-localhost ip6-loopback']
  for (const h of lab.hosts) lines.push(`${h.address} ${h.name}`)
  return `${lines.join('\n')}\n`
}
