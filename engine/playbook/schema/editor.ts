/**
 * The whole-playbook JSON Schema for editors (YAML language server): plays, tasks with every
 * module key and its arguments, so that module names and arguments autocomplete. Unlike the
 * engine's validators it accepts a templated string wherever a value could be templated.
 */
import { moduleCatalog, moduleKeys, resolveModuleName } from '../../modules/catalog.js'
import { mapping, str, templated, type JsonSchema } from './fragments.js'
import { blockProperties, importPlaybookProperties, playProperties, taskProperties } from './keywords.js'

const taskRef: JsonSchema = { $ref: '#/definitions/task' }
const taskList: JsonSchema = { anyOf: [{ type: 'array', items: taskRef }, { type: 'null' }] }

function takesAnyString(s: JsonSchema): boolean {
  if (Object.keys(s).length === 0) return true
  const types = typeof s.type === 'string' ? [s.type] : Array.isArray(s.type) ? s.type : []
  if (types.includes('string') && !s.pattern && !s.enum) return true
  const union = s.anyOf
  return Array.isArray(union) && union.some((b) => takesAnyString(b as JsonSchema))
}

/** Each argument also takes a templated string. */
function loosen(schema: JsonSchema): JsonSchema {
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>
  const properties = Object.fromEntries(
    Object.entries(props)
      .filter(([k]) => k !== '_raw_params')
      .map(([k, p]) => [k, takesAnyString(p) ? p : { anyOf: [p, templated] }]),
  )
  // Free-form-only modules take a string; their object form has no user-facing argument to require.
  const { allOf, required, ...rest } = schema
  const req = Array.isArray(required) ? required.filter((r) => r !== '_raw_params') : []
  const constraints = Array.isArray(allOf) && !('_raw_params' in props) ? { allOf } : {}
  return { ...rest, properties, ...(req.length ? { required: req } : {}), ...constraints }
}

function moduleValue(key: string): JsonSchema {
  const spec = moduleCatalog.get(resolveModuleName(key) ?? '')
  if (!spec) return {}
  // A string is free-form or `key=value` pairs; null when everything is under `args:`.
  return {
    description: spec.description,
    anyOf: [{ type: 'string' }, { type: 'null' }, loosen(spec.schema as JsonSchema)],
  }
}

const roleInclude: JsonSchema = {
  type: 'object',
  properties: {
    name: str,
    tasks_from: str,
    vars_from: str,
    defaults_from: str,
    handlers_from: str,
    apply: mapping,
    public: { anyOf: [{ type: 'boolean' }, templated] },
    allow_duplicates: { type: 'boolean' },
    rolespec_validate: { type: 'boolean' },
  },
  required: ['name'],
  additionalProperties: false,
}
const tasksInclude: JsonSchema = {
  anyOf: [
    str,
    {
      type: 'object',
      properties: { file: str, apply: mapping, _raw_params: str },
      additionalProperties: false,
    },
  ],
}

const control: Record<string, JsonSchema> = {}
for (const prefix of ['', 'ansible.builtin.', 'ansible.legacy.']) {
  control[`${prefix}include_tasks`] = tasksInclude
  control[`${prefix}import_tasks`] = tasksInclude
  control[`${prefix}include_role`] = roleInclude
  control[`${prefix}import_role`] = roleInclude
}

const blockParts: JsonSchema = { block: taskList, rescue: taskList, always: taskList }

const task: JsonSchema = {
  type: 'object',
  properties: {
    ...taskProperties,
    ...blockProperties,
    ...(blockParts as Record<string, JsonSchema>),
    ...control,
    ...Object.fromEntries(
      moduleKeys().map((k) => [k, { $ref: `#/definitions/module_${resolveModuleName(k)}` }]),
    ),
  },
  additionalProperties: false,
}

const play: JsonSchema = {
  type: 'object',
  properties: {
    ...playProperties,
    pre_tasks: taskList,
    tasks: taskList,
    post_tasks: taskList,
    handlers: taskList,
  },
  required: ['hosts'],
  additionalProperties: false,
}

const importPlaybook: JsonSchema = {
  type: 'object',
  properties: importPlaybookProperties,
  anyOf: [{ required: ['import_playbook'] }, { required: ['ansible.builtin.import_playbook'] }],
  additionalProperties: false,
}

/** What `tsplay schema` prints. */
export const playbookJsonSchema: object = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'tsplay playbook',
  description: 'A list of plays (hosts + tasks) or import_playbook entries, as in Ansible.',
  type: 'array',
  items: {
    if: { anyOf: [{ required: ['import_playbook'] }, { required: ['ansible.builtin.import_playbook'] }] },
    then: { $ref: '#/definitions/import_playbook' },
    else: { $ref: '#/definitions/play' },
  },
  definitions: {
    play,
    import_playbook: importPlaybook,
    task,
    ...Object.fromEntries([...moduleCatalog.keys()].map((name) => [`module_${name}`, moduleValue(name)])),
  },
}
