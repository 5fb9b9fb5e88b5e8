import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { loadProject, playHosts } from '../../api.js'
import { ExitCode, TsplayError } from '../../errors.js'
import { runPlaybook } from '../../executor/index.js'
import { createRenderer, exitCodeFor, loadSpinner, resolveKind, writeRetryFile } from '../../output/index.js'
import { renderHostList, renderTagList, renderTaskList } from '../../playbook/list.js'
import { promptLine } from '../../vault/prompt.js'
import { parseCommandArgs, str, stringList } from '../args.js'
import { commaList, onePlaybook, playOptions, playOptionsHelp, projectInputs } from '../common.js'
import type { Command, Io } from '../io.js'
import { checkPlaybook } from './check.js'
import { interruptible } from './interrupt.js'

const runOptions = {
  ...playOptions,
  'syntax-check': { type: 'boolean' as const },
  'list-tasks': { type: 'boolean' as const },
  'list-hosts': { type: 'boolean' as const },
  'list-tags': { type: 'boolean' as const },
  become: { type: 'boolean' as const, short: 'b' },
  'become-user': { type: 'string' as const },
  'become-method': { type: 'string' as const },
  'ask-pass': { type: 'boolean' as const, short: 'k' },
  'become-password-file': { type: 'string' as const },
  'connection-password-file': { type: 'string' as const },
  'ssh-common-args': { type: 'string' as const },
  'ssh-extra-args': { type: 'string' as const },
  check: { type: 'boolean' as const, short: 'C' },
  diff: { type: 'boolean' as const, short: 'D' },
  connection: { type: 'string' as const, short: 'c' },
  forks: { type: 'string' as const, short: 'f' },
  verbose: { type: 'boolean' as const, short: 'v', multiple: true },
  json: { type: 'boolean' as const },
  'start-at-task': { type: 'string' as const },
  'force-handlers': { type: 'boolean' as const },
  'retry-file': { type: 'boolean' as const },
  'ask-become-pass': { type: 'boolean' as const, short: 'K' },
  'private-key': { type: 'string' as const },
  user: { type: 'string' as const, short: 'u' },
  timeout: { type: 'string' as const, short: 'T' },
  'ssh-config': { type: 'string' as const },
}

export const runCommand: Command = {
  name: 'run',
  summary: 'run a playbook on the hosts of an inventory',
  help: `Usage: tsplay run PLAYBOOK -i INVENTORY [options]

Options:
${playOptionsHelp}
  -C, --check              change nothing; modules report what they would change
  -D, --diff               show before/after differences of files and templates
  -c, --connection TYPE    force a connection type for every host (\`local\`)
  -f, --forks N            hosts worked on at once (default 50)
  -v, --verbose            -v results, -vv task paths, -vvv commands and timings
      --json               NDJSON events on stdout, one per line, the last one the recap
      --start-at-task NAME start at the first task with this name
      --force-handlers     run notified handlers even on hosts that failed
      --retry-file         write failed and unreachable hosts to PLAYBOOK.retry (use as --limit @FILE)
  -b, --become             become (sudo) on every task where no keyword or variable says otherwise
      --become-user USER   become this user (default root); keywords and variables win
      --become-method M    sudo (default) or su
  -K, --ask-become-pass    ask for the become (sudo) password
  -u, --user USER          connect as USER (ansible_user in the inventory wins, as in Ansible)
  -k, --ask-pass           ask for the SSH login password (ansible_password wins)
      --connection-password-file F  read it from F instead (also --become-password-file F)
      --private-key FILE   SSH private key (ansible_ssh_private_key_file wins)
      --ssh-common-args A  ssh arguments for hosts without ansible_ssh_common_args
      --ssh-extra-args A   the same for ansible_ssh_extra_args
  -T, --timeout SECONDS    SSH connect timeout (default 10)
      --ssh-config FILE    OpenSSH client config to read (default ~/.ssh/config)
      --syntax-check       validate everything (same as \`tsplay check\`) and contact no host
      --list-tasks         list the tasks each play would run, after --tags/--skip-tags
      --list-hosts         list the hosts each play would run on, after --limit
      --list-tags          list the tags of the tasks each play would run, after --tags/--skip-tags

Exit codes: 0 all ok, 2 a host failed, 4 a host was unreachable (none failed), 5 invalid input
(nothing was run), 99 interrupted (Ctrl-C), 1 internal error.

Examples:
  tsplay run playbooks/site.yml -i inventories/prod/inventory.ini --ask-vault-pass
  tsplay run playbooks/site.yml -i inventories/demo -c local --check --diff
  tsplay run playbooks/site.yml -i inventories/prod/inventory.ini --limit @playbooks/site.retry
`,
  async run(argv, io) {
    const parsed = parseCommandArgs('run', argv, runOptions)
    if (parsed.values['syntax-check']) {
      const { summary, warnings } = await checkPlaybook(argv, io, 'run', runOptions)
      for (const w of warnings) io.err(`${w}\n`)
      io.out(`${summary}\n`)
      return ExitCode.ok
    }
    const playbook = onePlaybook(parsed, 'run')
    const forks = Number(str(parsed.values['forks']) ?? '50')
    if (!Number.isInteger(forks) || forks < 1) {
      throw new TsplayError({
        code: 'CLI_USAGE',
        message: `tsplay run: --forks must be a positive whole number, not \`${str(parsed.values['forks'])}\``,
        key: '--forks',
      })
    }
    const { options, keyring, decrypt } = await projectInputs(parsed, io, 'run', playbook)
    const project = loadProject(options)
    const pb = project.playbook!
    const limit = stringList(parsed.values['limit'])
    const tags = { only: commaList(parsed.values['tags']), skip: commaList(parsed.values['skip-tags']) }
    if (parsed.values['list-hosts'] || parsed.values['list-tasks'] || parsed.values['list-tags']) {
      if (parsed.values['list-hosts'])
        io.out(renderHostList(pb, (play) => playHosts(project.inventory, play, limit)))
      if (parsed.values['list-tasks']) io.out(renderTaskList(pb, tags))
      if (parsed.values['list-tags']) io.out(renderTagList(pb, tags))
      return ExitCode.ok
    }
    const becomePassword = parsed.values['ask-become-pass']
      ? await promptLine('BECOME password: ', { echo: false })
      : passwordFile(parsed.values['become-password-file'], '--become-password-file')
    if (becomePassword) keyring.secrets.add(becomePassword)
    const sshPassword = parsed.values['ask-pass']
      ? await promptLine('SSH password: ', { echo: false })
      : passwordFile(parsed.values['connection-password-file'], '--connection-password-file')
    if (sshPassword) keyring.secrets.add(sshPassword)
    const v = parsed.values['verbose']
    const verbosity = Array.isArray(v) ? v.length : v ? 1 : 0
    const kind = parsed.values['json'] ? 'json' : 'auto'
    if (resolveKind(kind, io) === 'tty') await loadSpinner()
    const renderer = createRenderer(kind, io, { verbosity })
    return interruptible(io, renderer, async (stop, kill) => {
      const summary = await runPlaybook(project, {
        inventory: project.inventory,
        extraVars: project.extraVars,
        limit,
        tags,
        forks,
        checkMode: parsed.values['check'] === true,
        diffMode: parsed.values['diff'] === true,
        verbosity,
        connection: str(parsed.values['connection']),
        ssh: {
          privateKey: str(parsed.values['private-key']),
          user: str(parsed.values['user']),
          timeoutSec:
            str(parsed.values['timeout']) === undefined ? undefined : Number(str(parsed.values['timeout'])),
          sshConfigFile: str(parsed.values['ssh-config']),
          commonArgs: str(parsed.values['ssh-common-args']),
          extraArgs: str(parsed.values['ssh-extra-args']),
          password: sshPassword,
        },
        become: {
          on: parsed.values['become'] === true ? true : undefined,
          user: str(parsed.values['become-user']),
          method: str(parsed.values['become-method']),
        },
        forceHandlers: parsed.values['force-handlers'] === true,
        startAtTask: str(parsed.values['start-at-task']),
        becomePassword,
        decrypt,
        readText: options.readText,
        secrets: keyring.secrets,
        artifactsDir: resolve(process.cwd(), 'artifacts'),
        stop,
        kill,
        sink: (e) => renderer.handle(e),
      })
      if (parsed.values['retry-file'] || io.env['TSPLAY_RETRY_FILES'] === '1') {
        writeRetryFile(resolve(playbook.replace(/\.ya?ml$/, '') + '.retry'), summary)
      }
      return exitCodeFor(summary)
    })
  },
}

export type { Io }

/** A password kept in a file (its first line), for --become-password-file and the like. */
function passwordFile(value: Parameters<typeof str>[0], flag: string): string | undefined {
  const file = str(value)
  if (file === undefined) return undefined
  try {
    return readFileSync(file, 'utf8').split(/\r?\n/)[0]
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message
    throw new TsplayError({
      code: 'CLI_USAGE',
      message: `tsplay run: cannot read ${flag} ${file} (${why})`,
      key: flag,
      hint: 'give a readable file with the password on its first line',
    })
  }
}
