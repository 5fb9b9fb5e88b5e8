import { loadProject, playHosts } from '../../api.js'
import { walk } from '../../playbook/checks.js'
import { parseCommandArgs, stringList, type OptionSpec } from '../args.js'
import { onePlaybook, playOptions, playOptionsHelp, projectInputs } from '../common.js'
import type { Command, Io } from '../io.js'

export const checkHelp = `Usage: tsplay check PLAYBOOK -i INVENTORY [options]

Validates a playbook, its roles, task files, templates, vars files and the inventory without
contacting any host. Every problem is listed at once, each with file:line:column and a suggestion.
Exit code 0 when clean, 5 when there are problems.

Options:
${playOptionsHelp}

Examples:
  tsplay check playbooks/site.yml -i inventories/prod/inventory.ini
  tsplay check playbooks/site.yml -i inventories/demo -e k8s_distribution=kubeadm
`

/** Loads and validates everything; returns the summary line. Shared with `run --syntax-check`. */
export async function checkPlaybook(argv: string[], io: Io, command: string, extra: OptionSpec = {}) {
  const parsed = parseCommandArgs(command, argv, { ...playOptions, ...extra })
  const { options } = await projectInputs(parsed, io, command, onePlaybook(parsed, command))
  const project = loadProject(options)
  const pb = project.playbook!
  const warnings: string[] = []
  let tasks = 0
  const hosts = new Set<string>()
  for (const play of pb.plays) {
    for (const n of walk([...play.preTasks, ...play.tasks, ...play.postTasks]))
      if (n.kind !== 'block') tasks++
    const selected = playHosts(project.inventory, play, stringList(parsed.values['limit']))
    if (!selected.length)
      warnings.push(
        `warning: play "${play.name}" (${play.loc.file}:${play.loc.line}) matches no hosts: ${play.hosts.join(',')}`,
      )
    for (const h of selected) hosts.add(h)
  }
  const summary = `playbook: ${pb.file}: ok — ${pb.plays.length} play(s), ${tasks} task(s), ${hosts.size} host(s); no host was contacted`
  return { summary, warnings }
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'validate a playbook, its roles and the inventory; contacts no host',
  help: checkHelp,
  async run(argv, io) {
    const { summary, warnings } = await checkPlaybook(argv, io, 'check')
    for (const w of warnings) io.err(`${w}\n`)
    io.out(`${summary}\n`)
    return 0
  },
}
