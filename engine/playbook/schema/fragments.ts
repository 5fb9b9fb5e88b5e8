/**
 * Schema pieces shared by the playbook keywords and the module arguments. Values follow Ansible's
 * conversions: booleans may be written yes/no/true/false (also quoted), integers may be quoted,
 * and a `list` argument also takes a single string.
 */
export type JsonSchema = Record<string, unknown>

export const BOOL_STRINGS = [
  'yes',
  'no',
  'true',
  'false',
  'on',
  'off',
  'y',
  'n',
  't',
  'f',
  '1',
  '0',
  'Yes',
  'No',
  'True',
  'False',
  'On',
  'Off',
  'YES',
  'NO',
  'TRUE',
  'FALSE',
]

export const templated: JsonSchema = { title: 'a templated string', type: 'string', pattern: '\\{\\{|\\{%' }
export const str: JsonSchema = { type: 'string' }
/** A string-typed argument that YAML may have parsed as a number (`value: 1`, `version: 1.2`). */
export const text: JsonSchema = { title: 'a string', type: ['string', 'number'] }
export const bool: JsonSchema = {
  title: 'a boolean',
  anyOf: [{ type: 'boolean' }, { type: 'string', enum: BOOL_STRINGS }, { type: 'integer', enum: [0, 1] }],
}
export const int: JsonSchema = {
  title: 'an integer',
  anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^\\s*[-+]?\\d+\\s*$' }],
}
export const nonNegInt: JsonSchema = {
  title: 'a whole number (0 or more)',
  anyOf: [
    { type: 'integer', minimum: 0 },
    { type: 'string', pattern: '^\\s*\\+?\\d+\\s*$' },
  ],
}
export const num: JsonSchema = {
  title: 'a number',
  anyOf: [{ type: 'number' }, { type: 'string', pattern: '^\\s*[-+]?(\\d+\\.?\\d*|\\.\\d+)\\s*$' }],
}
export const mapping: JsonSchema = { type: 'object' }
export const anything: JsonSchema = {}

/** Ansible's `list`: a list, or one string (split on commas by Ansible). */
export function list(items: JsonSchema = str): JsonSchema {
  return { anyOf: [items, { type: 'array', items }] }
}

export function enumOf(...values: string[]): JsonSchema {
  return { type: 'string', enum: values }
}

export function orTemplated(s: JsonSchema): JsonSchema {
  return { anyOf: [s, templated] }
}

export const identifier: JsonSchema = {
  title: 'a valid variable name',
  type: 'string',
  pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
}

/** A mapping of variables (keys must be valid identifiers, as Ansible checks). */
export const varsMapping: JsonSchema = { type: 'object', propertyNames: identifier }

/** `0644` (octal after YAML 1.1), `'0644'`, `'u+rwx,g-w'`, `'preserve'` */
export const fileMode: JsonSchema = {
  title: "an octal mode such as '0644' (quoted) or 0644, a symbolic mode such as 'u=rw,g=r', or 'preserve'",
  anyOf: [
    { type: 'integer', minimum: 0, maximum: 4095 },
    {
      type: 'string',
      pattern:
        '^(0?[0-7]{3,4}|preserve|[ugoa]*([-+=]([rwxXst]*|[ugo]))+(,[ugoa]*([-+=]([rwxXst]*|[ugo]))+)*)$',
    },
  ],
}
