/**
 * Ansible's task and play keywords, with the value types Ansible accepts. Properties only: the
 * validators and the editor schema each add their own `additionalProperties` policy.
 */
import {
  bool,
  enumOf,
  identifier,
  mapping,
  nonNegInt,
  num,
  orTemplated,
  str,
  templated,
  text,
  varsMapping,
  type JsonSchema,
} from './fragments.js'

const scalarCondition: JsonSchema = { type: ['string', 'boolean'] }
/** when / changed_when / failed_when / until */
export const condition: JsonSchema = {
  title: 'a string, a boolean or a list of them',
  anyOf: [
    { type: 'string' },
    { type: 'boolean' },
    { type: 'array', items: { title: 'a string or a boolean', ...scalarCondition } },
  ],
}
export const stringOrList: JsonSchema = { anyOf: [text, { type: 'array', items: text }] }
const flag = orTemplated(bool)
const count = orTemplated(nonNegInt)
/** Task and play vars: a mapping (Ansible also takes a list of mappings) */
export const vars: JsonSchema = { anyOf: [varsMapping, { type: 'array', items: varsMapping }] }
export const environment: JsonSchema = {
  anyOf: [{ type: 'object', additionalProperties: text }, templated, { type: 'array', items: mapping }],
}
const becomeMethod = orTemplated(enumOf('sudo', 'su'))
/** A task's action as a value of `action:`/`local_action:`: `copy src=a dest=b` or `{module: copy, ...}` */
const action: JsonSchema = {
  anyOf: [str, { type: 'object', properties: { module: str }, required: ['module'] }],
}

/** Keywords shared by plays, blocks and tasks */
const common: Record<string, JsonSchema> = {
  name: text,
  any_errors_fatal: flag,
  become: flag,
  become_user: str,
  become_method: becomeMethod,
  become_flags: str,
  become_exe: str,
  check_mode: flag,
  collections: { type: 'array', items: str },
  connection: str,
  debugger: enumOf('always', 'never', 'on_failed', 'on_unreachable', 'on_skipped'),
  diff: flag,
  environment,
  ignore_errors: flag,
  ignore_unreachable: flag,
  module_defaults: mapping,
  no_log: flag,
  port: orTemplated({ type: 'integer', minimum: 1, maximum: 65535 }),
  remote_user: str,
  run_once: flag,
  tags: stringOrList,
  throttle: count,
  timeout: count,
  vars,
}

export const loopControl: JsonSchema = {
  type: 'object',
  properties: {
    loop_var: identifier,
    index_var: identifier,
    label: text,
    pause: orTemplated(num),
    extended: flag,
    extended_allitems: flag,
    break_when: condition,
  },
  additionalProperties: false,
}

/** The `with_<lookup>` loops tsplay understands (the loader decides what each means). */
export const withLoops = [
  'with_items',
  'with_list',
  'with_dict',
  'with_indexed_items',
  'with_together',
  'with_nested',
  'with_sequence',
  'with_subelements',
  'with_fileglob',
  'with_flattened',
  'with_first_found',
  'with_random_choice',
  'with_lines',
]

export const taskProperties: Record<string, JsonSchema> = {
  ...common,
  when: condition,
  action,
  local_action: action,
  args: { anyOf: [mapping, templated] },
  async: count,
  poll: count,
  changed_when: condition,
  failed_when: condition,
  until: condition,
  retries: count,
  delay: count,
  delegate_to: str,
  delegate_facts: flag,
  loop: { title: 'a list or a templated string', anyOf: [{ type: 'array' }, templated] },
  loop_control: loopControl,
  register: identifier,
  notify: stringOrList,
  listen: stringOrList,
  ...Object.fromEntries(withLoops.map((k) => [k, {}])),
  with_dict: { anyOf: [mapping, templated] },
}

export const blockProperties: Record<string, JsonSchema> = {
  ...common,
  when: condition,
  delegate_to: str,
  delegate_facts: flag,
  notify: stringOrList,
  block: { type: 'array', items: mapping },
  rescue: { anyOf: [{ type: 'array', items: mapping }, { type: 'null' }] },
  always: { anyOf: [{ type: 'array', items: mapping }, { type: 'null' }] },
}

const taskList: JsonSchema = { anyOf: [{ type: 'array', items: mapping }, { type: 'null' }] }
const percent: JsonSchema = {
  title: "a percentage such as '30%'",
  type: 'string',
  pattern: '^\\s*\\d+(\\.\\d+)?\\s*%\\s*$',
}
const batch: JsonSchema = {
  title: "a count or a percentage (such as 2 or '30%')",
  anyOf: [{ type: 'integer', minimum: 0 }, percent],
}

export const roleEntry: JsonSchema = {
  title: 'a role name or a mapping with `role:`',
  anyOf: [
    str,
    {
      type: 'object',
      properties: {
        role: str,
        name: str,
        tags: stringOrList,
        when: condition,
        vars,
        become: flag,
        become_user: str,
      },
      anyOf: [{ required: ['role'] }, { required: ['name'] }],
    },
  ],
}

export const playProperties: Record<string, JsonSchema> = {
  ...common,
  hosts: {
    anyOf: [
      { type: 'string', minLength: 1 },
      { type: 'array', items: str, minItems: 1 },
    ],
  },
  vars_files: {
    anyOf: [str, { type: 'array', items: { anyOf: [str, { type: 'array', items: str }] } }, { type: 'null' }],
  },
  vars_prompt: {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        name: identifier,
        prompt: str,
        private: flag,
        default: text,
        confirm: flag,
        encrypt: str,
        salt: str,
        salt_size: nonNegInt,
        unsafe: flag,
      },
      required: ['name'],
      additionalProperties: false,
    },
  },
  roles: {
    title: 'a list of roles (names or mappings with `role:`)',
    anyOf: [{ type: 'array', items: roleEntry }, { type: 'null' }],
  },
  pre_tasks: taskList,
  tasks: taskList,
  post_tasks: taskList,
  handlers: taskList,
  gather_facts: flag,
  gather_subset: stringOrList,
  gather_timeout: count,
  fact_path: str,
  serial: { anyOf: [batch, templated, { type: 'array', items: batch }] },
  strategy: orTemplated(enumOf('linear', 'free')),
  max_fail_percentage: {
    title: 'a percentage from 0 to 100',
    anyOf: [{ type: 'number', minimum: 0, maximum: 100 }, percent, templated],
  },
  order: enumOf('inventory', 'reverse_inventory', 'sorted', 'reverse_sorted', 'shuffle'),
  force_handlers: flag,
}

export const importPlaybookProperties: Record<string, JsonSchema> = {
  import_playbook: str,
  'ansible.builtin.import_playbook': str,
  name: text,
  vars,
  tags: stringOrList,
  when: condition,
}

export const taskKeywords: ReadonlySet<string> = new Set([
  ...Object.keys(taskProperties),
  'block',
  'rescue',
  'always',
])
export const playKeywords: ReadonlySet<string> = new Set(Object.keys(playProperties))
