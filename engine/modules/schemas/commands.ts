/** command, shell, raw, script: what runs a program on the host. */
import type { ModuleSpec } from '../catalog.js'
import { bool, enumOf, mod, str, type JsonSchema } from './common.js'

const runArgs: Record<string, JsonSchema> = {
  cmd: str,
  chdir: str,
  creates: str,
  removes: str,
  stdin: str,
  stdin_add_newline: bool,
  strip_empty_ends: bool,
}

export const commandModules: ModuleSpec[] = [
  mod('command', {
    description: 'Run a program without a shell (no pipes, redirects or variables expansion).',
    freeForm: 'allowed',
    freeFormArg: 'cmd',
    props: {
      ...runArgs,
      argv: { type: 'array', items: { type: ['string', 'number'] } },
      expand_argument_vars: bool,
    },
    oneRequired: [['cmd', 'argv']],
    exclusive: [['cmd', 'argv']],
  }),
  mod('shell', {
    description: 'Run a command through a shell (/bin/sh unless `executable` says otherwise).',
    freeForm: 'allowed',
    freeFormArg: 'cmd',
    props: { ...runArgs, executable: str },
    required: ['cmd'],
  }),
  mod('raw', {
    description: 'Run a command over SSH as is, without any module machinery.',
    freeForm: 'required',
    freeFormArg: '_raw_params',
    props: { _raw_params: str, executable: str },
    required: ['_raw_params'],
  }),
  mod('script', {
    description: 'Copy a local script to the host and run it there.',
    freeForm: 'allowed',
    freeFormArg: 'cmd',
    props: { cmd: str, chdir: str, creates: str, removes: str, executable: str, decrypt: bool },
    required: ['cmd'],
  }),
  mod('meta', {
    description: 'Control the run itself: flush handlers, end the play or host, ...',
    freeForm: 'required',
    freeFormArg: '_raw_params',
    props: {
      _raw_params: enumOf(
        'flush_handlers',
        'end_play',
        'end_host',
        'end_batch',
        'clear_host_errors',
        'clear_facts',
        'noop',
        'refresh_inventory',
        'reset_connection',
      ),
    },
    required: ['_raw_params'],
  }),
]
