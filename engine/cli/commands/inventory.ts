/** `tsplay inventory`: shows an inventory the way `ansible-inventory` does. */
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { didYouMean, ExitCode, TsplayError } from '../../errors.js'
import {
  loadInventory,
  printableHostVars,
  selectHosts,
  toAnsibleList,
  toAnsibleYamlList,
  toGraph,
  toJson,
  toYaml,
} from '../../inventory/index.js'
import { parseCommandArgs, str, stringList } from '../args.js'
import type { Command, Io } from '../io.js'

const help = `tsplay inventory — show hosts, groups and variables of Ansible-compatible inventories

Usage:
  tsplay inventory -i INVENTORY [-i INVENTORY...] --list [--yaml] [--export] [--output FILE]
  tsplay inventory -i INVENTORY --graph [GROUP] [--vars]
  tsplay inventory -i INVENTORY --host HOST [--yaml]

INVENTORY is an INI or YAML file, a directory of them (with group_vars/ and host_vars/), or a
comma-separated host list such as "web1,web2:2222,". Output matches ansible-inventory.

Options:
  -i, --inventory SRC  inventory source; repeat to merge several (default: $TSPLAY_INVENTORY)
      --list           print every group and host variable as JSON
      --graph [GROUP]  print the group tree from GROUP (default all)
      --host HOST      print the variables of one host
      --vars           with --graph, show variables too
  -y, --yaml           print YAML instead of JSON
      --export         with --list, show group variables under each group (as ansible-inventory)
      --output FILE    write the result to FILE instead of standard output
  -h, --help           show this help

Examples:
  tsplay inventory -i inventories/demo --graph
  tsplay inventory -i inventories/prod/inventory.ini --list
  tsplay inventory -i inventories/prod/inventory.ini --graph kube_cluster --vars
  tsplay inventory -i inventories/prod/inventory.ini --host node01 --yaml
  tsplay inventory -i hosts.ini -i extra.yml --list --output /tmp/inventory.json
  tsplay inventory -i 'web1,web2:2222,' --graph

Exit codes: 0 success, 5 invalid inventory or usage (the message names file:line:column).
`

export const inventoryCommand: Command = {
  name: 'inventory',
  summary: 'show inventory hosts, groups and variables (like ansible-inventory)',
  help,
  run,
}

async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('inventory', argv, {
    inventory: { type: 'string', short: 'i', multiple: true },
    list: { type: 'boolean' },
    graph: { type: 'boolean' },
    host: { type: 'string' },
    vars: { type: 'boolean' },
    yaml: { type: 'boolean', short: 'y' },
    export: { type: 'boolean' },
    output: { type: 'string' },
  })
  const actions = (['list', 'graph', 'host'] as const).filter((a) => values[a] !== undefined)
  if (actions.length !== 1) {
    throw usage(
      actions.length ? `choose one of ${actions.map((a) => `--${a}`).join(', ')}` : 'no action selected',
      'add exactly one of --list, --graph or --host NAME',
    )
  }
  if (positionals.length > (values['graph'] ? 1 : 0)) {
    throw usage(
      `unexpected argument \`${positionals[values['graph'] ? 1 : 0]}\``,
      'only --graph takes a GROUP argument; use -i before each inventory',
    )
  }
  let sources = stringList(values['inventory'])
  if (!sources.length && io.env['TSPLAY_INVENTORY']) sources = [io.env['TSPLAY_INVENTORY']]
  if (!sources.length) {
    throw usage(
      'no inventory given: -i is required',
      'pass -i FILE or -i DIRECTORY (e.g. -i inventories/demo), or set TSPLAY_INVENTORY',
    )
  }
  const inv = loadInventory(sources, { cwd: process.cwd() })
  let text: string
  if (values['graph']) {
    const group = positionals[0] ?? 'all'
    if (!inv.groups.has(group)) {
      const guess = didYouMean(group, inv.groups.keys())
      throw usage(
        `\`${group}\` is not a group of this inventory`,
        guess ? `did you mean \`${guess}\`?` : '--graph takes a group name, not a host pattern',
      )
    }
    text = toGraph(inv, group, Boolean(values['vars']))
  } else if (values['host'] !== undefined) {
    const name = str(values['host'])!
    const hosts = selectHosts(inv, name)
    if (hosts.length !== 1) {
      const guess = didYouMean(name, inv.hosts.keys())
      throw usage(
        `--host \`${name}\` matches ${hosts.length} hosts; it must name exactly one`,
        guess && guess !== name
          ? `did you mean \`${guess}\`?`
          : 'use a host name from `tsplay inventory --graph`',
      )
    }
    const vars = printableHostVars(inv, hosts[0]!)
    text = values['yaml'] ? toYaml(vars) : toJson(vars)
  } else {
    const opts = { export: Boolean(values['export']) }
    text = values['yaml'] ? toYaml(toAnsibleYamlList(inv, opts)) : toJson(toAnsibleList(inv, opts))
  }
  const output = str(values['output'])
  if (output) writeOutput(resolve(output), text)
  else io.out(text.endsWith('\n') ? text : `${text}\n`)
  return ExitCode.ok
}

function writeOutput(path: string, text: string): void {
  try {
    writeFileSync(path, text)
  } catch (err) {
    throw new TsplayError({
      code: 'CLI_OUTPUT',
      message: `cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      key: '--output',
      hint: 'check that the directory exists and is writable',
    })
  }
}

function usage(message: string, hint: string): TsplayError {
  return new TsplayError({ code: 'CLI_USAGE', message: `tsplay inventory: ${message}`, hint })
}
