/** `--list-tasks`, `--list-tags` and `--list-hosts` in Ansible's layout, so that people and scripts recognise them. */
import type { AnyNode, Play, Playbook } from './types.js'
import { shouldRun, type TagFilter } from './tags.js'

export interface ListedTask {
  name: string
  tags: string[]
}

/** Tasks of a play in run order, with inherited tags, filtered by the tag selection. */
export function listTasks(play: Play, filter: TagFilter): ListedTask[] {
  const out: ListedTask[] = []
  const visit = (nodes: AnyNode[], inherited: string[]) => {
    for (const node of nodes) {
      const tags = [...new Set([...inherited, ...node.tags])]
      if (node.kind === 'block') {
        // Ansible lists only the `block` part; rescue and always run only on failure or after it
        visit(node.block, tags)
        continue
      }
      if (!shouldRun(tags, filter)) continue
      const label =
        node.kind === 'task' ? (node.name ?? node.module) : (node.name ?? `${node.kind}: ${node.target}`)
      out.push({ name: node.role ? `${node.role.name} : ${label}` : label, tags: tags.sort() })
    }
  }
  visit([...play.preTasks, ...play.tasks, ...play.postTasks], play.inherit.tags)
  return out
}

const header = (pb: Playbook, play: Play, i: number) =>
  `  play #${i + 1} (${play.hosts.join(',')}): ${play.name}\tTAGS: [${play.inherit.tags.join(', ')}]`

export function renderTaskList(pb: Playbook, filter: TagFilter): string {
  const lines = ['', `playbook: ${pb.file}`]
  pb.plays.forEach((play, i) => {
    lines.push('', header(pb, play, i), '    tasks:')
    for (const t of listTasks(play, filter)) lines.push(`      ${t.name}\tTAGS: [${t.tags.join(', ')}]`)
  })
  return lines.join('\n') + '\n'
}

/** Every tag of the tasks a play would run (sorted), as `ansible-playbook --list-tags` prints them. */
export function renderTagList(pb: Playbook, filter: TagFilter): string {
  const lines = ['', `playbook: ${pb.file}`]
  pb.plays.forEach((play, i) => {
    const tags = [...new Set(listTasks(play, filter).flatMap((t) => t.tags))].sort()
    lines.push('', header(pb, play, i), `      TASK TAGS: [${tags.join(', ')}]`)
  })
  return lines.join('\n') + '\n'
}

export function renderHostList(pb: Playbook, hostsOf: (play: Play) => string[]): string {
  const lines = ['', `playbook: ${pb.file}`]
  pb.plays.forEach((play, i) => {
    const hosts = hostsOf(play)
    lines.push('', header(pb, play, i), `    pattern: [${play.hosts.map((h) => `'${h}'`).join(', ')}]`)
    lines.push(`    hosts (${hosts.length}):`, ...hosts.map((h) => `      ${h}`))
  })
  return lines.join('\n') + '\n'
}
