import { loadProject, playHosts } from '../../api.js'
import { TsplayError } from '../../errors.js'
import { renderHostList, renderTaskList } from '../../playbook/list.js'
import { parseCommandArgs, stringList } from '../args.js'
import { commaList, onePlaybook, playOptions, playOptionsHelp, projectInputs } from '../common.js'
import type { Command } from '../io.js'
import { checkPlaybook } from './check.js'

const runOptions = {
  ...playOptions,
  'syntax-check': { type: 'boolean' as const },
  'list-tasks': { type: 'boolean' as const },
  'list-hosts': { type: 'boolean' as const },
}

export const runCommand: Command = {
  name: 'run',
  summary: 'run a playbook (this version: --syntax-check, --list-tasks, --list-hosts)',
  help: `Usage: tsplay run PLAYBOOK -i INVENTORY [options]

Options:
${playOptionsHelp}
      --syntax-check       validate everything (same as \`tsplay check\`) and contact no host
      --list-tasks         list the tasks each play would run, after --tags/--skip-tags
      --list-hosts         list the hosts each play would run on, after --limit

This version loads, validates and lists; executing plays on hosts is not available yet, so one of
the three options above is required.

Examples:
  tsplay run playbooks/site.yml -i inventories/prod/inventory.ini --syntax-check
  tsplay run playbooks/site.yml -i inventories/demo --list-tasks --tags kube
  tsplay run playbooks/site.yml -i inventories/demo --list-hosts --limit kube_node
`,
  async run(argv, io) {
    const parsed = parseCommandArgs('run', argv, runOptions)
    if (parsed.values['syntax-check']) {
      const { summary, warnings } = await checkPlaybook(argv, io, 'run', runOptions)
      for (const w of warnings) io.err(`${w}\n`)
      io.out(`${summary}\n`)
      return 0
    }
    if (!parsed.values['list-tasks'] && !parsed.values['list-hosts']) {
      throw new TsplayError({
        code: 'RUN_NOT_AVAILABLE',
        message: 'tsplay run: executing plays on hosts is not available in this version',
        hint: 'use --syntax-check, --list-tasks or --list-hosts, or `tsplay check`',
      })
    }
    const { options } = await projectInputs(parsed, io, 'run', onePlaybook(parsed, 'run'))
    const project = loadProject(options)
    const pb = project.playbook!
    const limit = stringList(parsed.values['limit'])
    if (parsed.values['list-hosts'])
      io.out(renderHostList(pb, (play) => playHosts(project.inventory, play, limit)))
    if (parsed.values['list-tasks']) {
      const filter = { only: commaList(parsed.values['tags']), skip: commaList(parsed.values['skip-tags']) }
      io.out(renderTaskList(pb, filter))
    }
    return 0
  },
}
