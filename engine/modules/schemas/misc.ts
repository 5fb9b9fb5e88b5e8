/** Flow and facts (debug, set_fact, assert, fail, pause, wait_for, setup, ping, include_vars) and uri. */
import type { ModuleSpec } from '../catalog.js'
import {
  anything,
  bool,
  enumOf,
  fileAttrs,
  identifier,
  int,
  list,
  mod,
  nonNegInt,
  num,
  str,
  text,
  urlArgs,
  type JsonSchema,
} from './common.js'

const condition: JsonSchema = { anyOf: [str, { type: 'boolean' }] }
const message: JsonSchema = { anyOf: [text, { type: 'array', items: text }] }

export const miscModules: ModuleSpec[] = [
  mod('debug', {
    description: 'Print a message or a variable.',
    props: { msg: anything, var: str, verbosity: nonNegInt },
    exclusive: [['msg', 'var']],
  }),
  mod('set_fact', {
    description: 'Set host variables (facts) for the rest of the run.',
    props: { cacheable: bool },
    open: anything,
    propertyNames: identifier,
  }),
  mod('assert', {
    description: 'Fail unless every condition in `that` is true.',
    props: {
      that: { anyOf: [condition, { type: 'array', items: condition }] },
      fail_msg: message,
      success_msg: message,
      quiet: bool,
    },
    aliases: { fail_msg: ['msg'] },
    required: ['that'],
  }),
  mod('fail', { description: 'Fail the host with a message.', props: { msg: anything } }),
  mod('pause', {
    description: 'Wait a number of seconds or minutes, or until the operator presses Enter.',
    props: { seconds: num, minutes: num, prompt: str, echo: bool },
    exclusive: [['seconds', 'minutes']],
  }),
  mod('wait_for', {
    description: 'Wait for a port, a file, or a string in a file, or just wait.',
    props: {
      host: str,
      port: {
        title: 'a port number (1-65535)',
        anyOf: [{ type: 'integer', minimum: 1, maximum: 65535 }, str],
      },
      path: str,
      timeout: nonNegInt,
      delay: nonNegInt,
      state: enumOf('started', 'stopped', 'present', 'absent', 'drained'),
      search_regex: str,
      sleep: nonNegInt,
      connect_timeout: nonNegInt,
      active_connection_states: { type: 'array', items: str },
      exclude_hosts: list(str),
      msg: str,
    },
    exclusive: [['path', 'port']],
  }),
  mod('setup', {
    description: 'Gather facts about the host.',
    props: { gather_subset: list(str), filter: list(str), gather_timeout: nonNegInt, fact_path: str },
  }),
  mod('ping', {
    description: 'Check that the host can be reached and can run modules.',
    props: { data: str },
  }),
  mod('include_vars', {
    description: 'Load variables from a YAML/JSON file or a directory of them.',
    freeForm: 'allowed',
    freeFormArg: 'file',
    props: {
      file: str,
      dir: str,
      name: identifier,
      depth: nonNegInt,
      files_matching: str,
      ignore_files: list(str),
      extensions: { type: 'array', items: str },
      ignore_unknown_extensions: bool,
      hash_behaviour: enumOf('replace', 'merge'),
    },
    oneRequired: [['file', 'dir']],
    exclusive: [['file', 'dir']],
  }),
  mod('uri', {
    description: 'Make an HTTP request from the host.',
    props: {
      url: str,
      method: { type: 'string', pattern: '^[A-Za-z]+$' },
      body: anything,
      body_format: enumOf('form-urlencoded', 'json', 'raw', 'form-multipart'),
      status_code: { anyOf: [int, { type: 'array', items: int }] },
      return_content: bool,
      dest: str,
      follow_redirects: {
        anyOf: [enumOf('all', 'no', 'none', 'safe', 'urllib2', 'yes'), { type: 'boolean' }],
      },
      creates: str,
      removes: str,
      src: str,
      remote_src: bool,
      unix_socket: str,
      force: bool,
      ...fileAttrs,
      ...urlArgs,
    },
    aliases: { url_username: ['user'], url_password: ['password'] },
    required: ['url'],
    exclusive: [['body', 'src']],
  }),
]
