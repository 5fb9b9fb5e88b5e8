/** `tsplay lab`: throwaway SSH hosts on this machine, to try playbooks and roles on. */
import { readFileSync } from 'node:fs'
import { TsplayError } from '../../errors.js'
import { defaultLabDir, labDown, labStatus, labUp, readLab, type LabLayout } from '../../lab/index.js'
import { parseCommandArgs, str, type Parsed } from '../args.js'
import type { Command, Io } from '../io.js'

const help = `tsplay lab — throwaway SSH hosts on this machine, to try playbooks and roles safely

Usage:
  tsplay lab up N [--dir DIR] [--base 127.0.0.X] [--layout flat|k8s] [--port PORT]
  tsplay lab status [--dir DIR]
  tsplay lab inventory [--dir DIR]
  tsplay lab down [--dir DIR]

Each host is a real OpenSSH sshd on its own loopback address (127.0.0.10 upwards), in its own
mount, PID and UTS namespaces, over an overlay of / whose writes land in memory: a play can install
packages or rewrite /etc on a host without touching this machine or the other hosts. The network
and the kernel are shared. Needs root and openssh-server (the machine's own sshd is not used).

\`up\` generates a client key, one host key per host, known_hosts and inventory.ini in DIR, starts
the hosts and waits until each answers. Hosts log in as root with the key; every host also has a
sudo-capable user \`deploy\` whose password is in DIR/deploy_password (for become tests).
\`down\` kills every host process, checks nothing is left, and removes DIR.

Options:
      --dir DIR        state directory (default: $TSPLAY_LAB_DIR or /tmp/tsplay-lab)
      --base ADDR      first address to use (default 127.0.0.10); busy ones are skipped
      --layout LAYOUT  flat: lab01..labNN in group lab; k8s: bastion, harbor, master01,
                       node01.., gpu01 in the groups of inventories/prod (default: k8s from 5 hosts)
      --port PORT      port the hosts listen on (default 22)
  -h, --help           show this help

Examples:
  sudo tsplay lab up 3
  tsplay run playbooks/demo.yml -i /tmp/tsplay-lab/inventory.ini
  ssh -i /tmp/tsplay-lab/id_ed25519 -o UserKnownHostsFile=/tmp/tsplay-lab/known_hosts root@127.0.0.10
  tsplay lab up 8 --layout k8s --dir /tmp/k8s-lab && tsplay inventory -i /tmp/k8s-lab/inventory.ini --graph
  tsplay lab status
  tsplay lab down

Exit codes: 0 success, 4 (status) a host is not answering, 5 usage or missing requirement, 1 down
could not clean up (the message says what is left).
`

export const labCommand: Command = {
  name: 'lab',
  summary: 'start or stop throwaway SSH hosts on this machine (namespaces + overlay)',
  help,
  run,
}

async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('lab', argv, {
    dir: { type: 'string' },
    base: { type: 'string' },
    layout: { type: 'string' },
    port: { type: 'string' },
  })
  const [action, ...args] = positionals
  const dir = str(values['dir']) ?? defaultLabDir(io.env)
  const only = (n: number) => {
    if (args.length > n) throw usage(`unexpected argument \`${args[n]}\``)
  }
  switch (action) {
    case 'up':
      only(1)
      return up(args[0], dir, values, io)
    case 'down': {
      only(0)
      const r = await labDown(dir)
      io.out(
        r.wasUp ? `lab down: ${r.killed} host(s) stopped, ${r.dir} removed\n` : `no lab is up in ${r.dir}\n`,
      )
      return 0
    }
    case 'status': {
      only(0)
      const hosts = await labStatus(dir)
      if (!hosts) {
        io.out(`no lab is up in ${dir}\n`)
        return 0
      }
      const w = Math.max(...hosts.map((h) => h.name.length))
      for (const h of hosts) {
        const state = h.up ? 'up' : h.running ? 'down (no SSH answer)' : 'down (not running)'
        io.out(
          `${h.name.padEnd(w)}  ${`${h.address}:${h.port}`.padEnd(20)}  pid ${String(h.pid).padEnd(8)} ${state}\n`,
        )
      }
      return hosts.every((h) => h.up) ? 0 : 4
    }
    case 'inventory': {
      only(0)
      const lab = readLab(dir)
      if (!lab)
        throw new TsplayError({
          code: 'LAB_NOT_UP',
          message: `no lab is up in ${dir}`,
          hint: 'start one: `tsplay lab up 3`',
        })
      io.out(readFileSync(lab.inventoryPath, 'utf8'))
      return 0
    }
    default:
      throw usage(action === undefined ? 'no action given' : `unknown action \`${action}\``)
  }
}

async function up(
  countArg: string | undefined,
  dir: string,
  values: Parsed['values'],
  io: Io,
): Promise<number> {
  if (countArg === undefined || !/^\d+$/.test(countArg)) {
    throw usage(
      countArg === undefined ? 'how many hosts?' : `host count must be a number, got \`${countArg}\``,
    )
  }
  const layout = str(values['layout'])
  if (layout !== undefined && layout !== 'flat' && layout !== 'k8s') {
    throw usage(`--layout must be flat or k8s, got \`${layout}\``)
  }
  const port = str(values['port'])
  if (port !== undefined && !/^\d+$/.test(port)) throw usage(`--port must be a number, got \`${port}\``)
  const started = Date.now()
  const lab = await labUp({
    count: Number(countArg),
    dir,
    base: str(values['base']),
    layout: layout as LabLayout | undefined,
    port: port === undefined ? undefined : Number(port),
    env: io.env,
  })
  const secs = ((Date.now() - started) / 1000).toFixed(1)
  io.out(`lab up: ${lab.hosts.length} host(s) in ${secs} s (${lab.layout} layout)\n`)
  if (lab.skipped.length)
    io.out(`skipped (already listening on :${lab.hosts[0]!.port}): ${lab.skipped.join(', ')}\n`)
  const w = Math.max(...lab.hosts.map((h) => h.name.length))
  for (const h of lab.hosts) io.out(`  ${h.name.padEnd(w)}  ${h.address}  ${h.groups.join(',')}\n`)
  io.out(`inventory: ${lab.inventoryPath}\n`)
  io.out(`try: tsplay run playbooks/demo.yml -i ${lab.inventoryPath}\n`)
  return 0
}

function usage(message: string): TsplayError {
  return new TsplayError({
    code: 'LAB_USAGE',
    message: `tsplay lab: ${message}`,
    hint: 'see `tsplay lab --help`',
  })
}
