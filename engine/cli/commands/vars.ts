import { stringify } from 'yaml'
import { explainVars, loadProject } from '../../api.js'
import { TsplayError } from '../../errors.js'
import { parseCommandArgs, str } from '../args.js'
import { playOptions, projectInputs } from '../common.js'
import type { Command } from '../io.js'

export const varsCommand: Command = {
  name: 'vars',
  summary: "show a host's variables, their values and where each came from",
  help: `Usage: tsplay vars -i INVENTORY --host NAME [PLAYBOOK] [options]

Shows every variable a host sees — from the inventory, group_vars/host_vars, the play's vars and
vars_files (when PLAYBOOK is given) and -e — with its value and the source that won (see
docs/variables.md for the precedence ladder). Vault-encrypted values show as <vault>.

Options:
  -i, --inventory INV    inventory (repeatable)
      --host NAME        the host to explain (required)
  -e, --extra-vars VARS  extra vars, as for \`tsplay run\`
      --play N           which play of PLAYBOOK to use (1-based, default 1)
      --json             machine-readable output: [{name, value, level, origin}]
      --show-vault       show vault-encrypted values in clear (needs the vault password)
      (and the vault password options of \`tsplay run\`: --vault-password-file, --vault-id, -J)

Examples:
  tsplay vars -i inventories/prod/inventory.ini --host kube-node1
  tsplay vars -i inventories/demo --host master1 playbooks/site.yml -e k8s_distribution=kubeadm
`,
  async run(argv, io) {
    const parsed = parseCommandArgs('vars', argv, {
      ...playOptions,
      host: { type: 'string' },
      play: { type: 'string' },
      json: { type: 'boolean' },
      'show-vault': { type: 'boolean' },
    })
    const host = str(parsed.values['host'])
    if (!host) {
      throw new TsplayError({
        code: 'CLI_USAGE',
        message: 'tsplay vars: which host?',
        key: '--host',
        hint: 'add `--host NAME`',
      })
    }
    const { options, decrypt, keyring } = await projectInputs(parsed, io, 'vars', parsed.positionals[0])
    const project = loadProject(options)
    const playIndex = Number(str(parsed.values['play']) ?? '1') - 1
    const plays = project.playbook?.plays.length ?? 0
    if (project.playbook && (!Number.isInteger(playIndex) || playIndex < 0 || playIndex >= plays)) {
      throw new TsplayError({
        code: 'CLI_USAGE',
        message: `tsplay vars: --play must be between 1 and ${plays}`,
        key: '--play',
      })
    }
    const show = parsed.values['show-vault'] === true
    const rows = explainVars(project, {
      host,
      playIndex,
      decrypt,
      reveal: show,
      isSecret: (v) => keyring.secrets.has(v),
    })
    // values built from secrets (`url: "https://u:{{ password }}@h"`) are masked too
    const out = (text: string) => io.out(show ? text : keyring.secrets.redact(text))
    if (parsed.values['json']) {
      out(
        JSON.stringify(
          rows.map(({ name, value, level, origin }) => ({ name, value, level, origin })),
          null,
          2,
        ) + '\n',
      )
      return 0
    }
    for (const r of rows) {
      const value = typeof r.value === 'string' ? r.value : stringify(r.value, { lineWidth: 0 }).trimEnd()
      const shown = value.includes('\n') ? `\n    ${value.split('\n').join('\n    ')}` : ` ${value}`
      out(`${r.name}:${shown}\n    # ${r.level}: ${r.origin}\n`)
    }
    return 0
  },
}
