/** Plays, task keywords, vars files and YAML inventories, checked against their schemas. */
import type { Problem } from '../../errors.js'
import { locate } from '../../yaml/load.js'
import { preview } from './describe.js'
import { mapping, varsMapping, type JsonSchema } from './fragments.js'
import { blockProperties, importPlaybookProperties, playProperties, taskProperties } from './keywords.js'
import { lazyValidator, validateWith } from './problems.js'

export const playSchema: JsonSchema = {
  type: 'object',
  properties: playProperties,
  required: ['hosts'],
  additionalProperties: false,
}

export const importPlaybookSchema: JsonSchema = {
  type: 'object',
  properties: importPlaybookProperties,
  additionalProperties: false,
}

/** Keyword types only: the module key and unknown keys are the loader's to report. */
export const taskKeywordSchema: JsonSchema = {
  type: 'object',
  properties: { ...taskProperties, ...blockProperties },
  additionalProperties: true,
}

const nullable = (s: JsonSchema): JsonSchema => ({ anyOf: [s, { type: 'null' }] })

/** Unrolled rather than recursive: errors under a `$ref` lose the schema path that tells anyOf branches apart. */
function inventoryGroup(depth: number): JsonSchema {
  return {
    title: 'a group: a mapping with `hosts`, `children` and/or `vars`',
    type: 'object',
    properties: {
      hosts: {
        title: 'a mapping of host names, each to its variables or to nothing',
        anyOf: [{ type: 'object', additionalProperties: nullable(mapping) }, { type: 'null' }],
      },
      children: {
        title: 'a mapping of group names, each to a group or to nothing',
        anyOf: [
          { type: 'object', additionalProperties: depth ? nullable(inventoryGroup(depth - 1)) : {} },
          { type: 'null' },
        ],
      },
      vars: nullable(mapping),
    },
    additionalProperties: false,
  }
}

export const inventorySchema: JsonSchema = {
  type: 'object',
  additionalProperties: nullable(inventoryGroup(8)),
}

const playValidator = lazyValidator(playSchema)
const importValidator = lazyValidator(importPlaybookSchema)
const taskValidator = lazyValidator(taskKeywordSchema)
const varsValidator = lazyValidator(varsMapping)
const inventoryValidator = lazyValidator(inventorySchema)

function notMapping(code: string, file: string, data: unknown, what: string, hint: string): Problem[] {
  if (data !== null && typeof data === 'object' && !Array.isArray(data)) return []
  return [
    {
      code,
      message: `${what} must be a mapping, not ${preview(data)}`,
      loc: locate(data) ?? { file, line: 0, column: 0 },
      hint,
    },
  ]
}

/** Play-level keywords and their types (not the tasks inside), or an `import_playbook` entry. */
export function validatePlay(play: unknown, file: string): Problem[] {
  const shape = notMapping(
    'PLAY_SCHEMA',
    file,
    play,
    'a play',
    'start a play with `- hosts: <pattern>` and add `tasks:`',
  )
  if (shape.length) return shape
  const obj = play as Record<string, unknown>
  const isImport = 'import_playbook' in obj || 'ansible.builtin.import_playbook' in obj
  return validateWith(isImport ? importValidator() : playValidator(), play, {
    code: 'PLAY_SCHEMA',
    file,
    root: play,
    noun: isImport ? 'key' : 'play keyword',
    ...(isImport ? { subject: '`import_playbook`: ' } : {}),
  })
}

/** Types of the Ansible keywords on a task or block, ignoring the module key and unknown keys. */
export function validateTaskKeywords(task: Record<string, unknown>, file: string): Problem[] {
  return validateWith(taskValidator(), task, { code: 'TASK_SCHEMA', file, root: task, noun: 'keyword' })
}

/** A vars file (vars/, defaults/, vars_files, include_vars): a mapping of valid variable names. */
export function validateVarsFile(data: unknown, file: string): Problem[] {
  if (data === null || data === undefined) return []
  const hint = 'write one `name: value` per line at the top level of the file'
  const shape = notMapping('VARS_FILE', file, data, 'a vars file', hint)
  if (shape.length) return shape
  return validateWith(varsValidator(), data, { code: 'VARS_FILE', file, root: data, noun: 'variable' })
}

/** A YAML inventory: groups (`all:` and others) with `hosts`, `children` and `vars`. */
export function validateYamlInventory(data: unknown, file: string): Problem[] {
  if (data === null || data === undefined) return []
  const hint = 'start the inventory with `all:` and put `hosts:`, `children:` and `vars:` under it'
  const shape = notMapping('INVENTORY_SCHEMA', file, data, 'a YAML inventory', hint)
  if (shape.length) return shape
  return validateWith(inventoryValidator(), data, {
    code: 'INVENTORY_SCHEMA',
    file,
    root: data,
    noun: 'group',
  })
}
