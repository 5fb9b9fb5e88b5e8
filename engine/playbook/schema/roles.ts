/** A role's meta/main.yml and meta/argument_specs.yml. */
import type { Problem } from '../../errors.js'
import { locate } from '../../yaml/load.js'
import { describe } from './describe.js'
import { anything, identifier, mapping, str, text, bool, type JsonSchema } from './fragments.js'
import { condition, roleEntry, stringOrList, vars } from './keywords.js'
import { lazyValidator, validateWith } from './problems.js'
import { ARGUMENT_TYPES, convertArgument } from './role-args.js'

const typeName: JsonSchema = { type: 'string', enum: ARGUMENT_TYPES }
const docText: JsonSchema = { anyOf: [text, { type: 'array', items: text }] }

/** Unrolled to a fixed depth: see inventoryGroup for why not `$ref`. */
function optionsMap(depth: number): JsonSchema {
  const option: JsonSchema = {
    type: 'object',
    properties: {
      type: typeName,
      required: bool,
      default: anything,
      choices: { type: 'array' },
      elements: typeName,
      description: docText,
      options: depth ? optionsMap(depth - 1) : mapping,
      aliases: { type: 'array', items: str },
      no_log: bool,
      version_added: text,
      apply_defaults: bool,
      mutually_exclusive: { type: 'array' },
      required_together: { type: 'array' },
      required_one_of: { type: 'array' },
      required_if: { type: 'array' },
      required_by: mapping,
    },
    additionalProperties: false,
  }
  return { type: 'object', propertyNames: identifier, additionalProperties: option }
}

const entryPoint: JsonSchema = {
  type: 'object',
  properties: {
    short_description: text,
    description: docText,
    author: docText,
    version_added: text,
    options: { anyOf: [optionsMap(4), { type: 'null' }] },
  },
  additionalProperties: false,
}

/** argument_specs: { <entry point>: { options: {...} } } */
export const argumentSpecsMap: JsonSchema = { type: 'object', additionalProperties: entryPoint }

const dependency: JsonSchema = {
  ...roleEntry,
  anyOf: (roleEntry.anyOf as JsonSchema[]).map((b) =>
    b.type === 'object'
      ? { ...b, properties: { role: str, name: str, tags: stringOrList, when: condition, vars } }
      : b,
  ),
}

export const roleMetaSchema: JsonSchema = {
  type: 'object',
  properties: {
    dependencies: { anyOf: [{ type: 'array', items: dependency }, { type: 'null' }] },
    galaxy_info: { anyOf: [mapping, { type: 'null' }] },
    allow_duplicates: bool,
    argument_specs: argumentSpecsMap,
    collections: { type: 'array', items: str },
  },
  additionalProperties: false,
}

export const argumentSpecsFileSchema: JsonSchema = {
  type: 'object',
  properties: { argument_specs: argumentSpecsMap },
  required: ['argument_specs'],
  additionalProperties: false,
}

const metaValidator = lazyValidator(roleMetaSchema)
const specsFileValidator = lazyValidator(argumentSpecsFileSchema)

export function validateRoleMeta(meta: unknown, file: string): Problem[] {
  if (meta === null || meta === undefined) return []
  const problems = validateWith(metaValidator(), meta, { code: 'ROLE_META', file, root: meta, noun: 'key' })
  const specs = (meta as Record<string, unknown>).argument_specs
  if (!problems.length && specs) problems.push(...specSemantics(specs, file, 'ROLE_META', 'argument_specs.'))
  return problems
}

/** meta/argument_specs.yml: `{argument_specs: {...}}` (the bare inner mapping is accepted too). */
export function validateArgumentSpecs(spec: unknown, file: string): Problem[] {
  if (spec === null || spec === undefined) return []
  const doc =
    spec && typeof spec === 'object' && !Array.isArray(spec) && !('argument_specs' in spec)
      ? { argument_specs: spec }
      : spec
  const problems = validateWith(specsFileValidator(), doc, {
    code: 'ARGUMENT_SPECS',
    file,
    root: doc,
    holders: [spec],
    noun: 'key',
  })
  const inner = (doc as Record<string, unknown>).argument_specs
  if (!problems.length && inner)
    problems.push(...specSemantics(inner, file, 'ARGUMENT_SPECS', 'argument_specs.'))
  return problems
}

/** What the schema cannot say: `elements` only for lists, defaults and choices of the right type. */
function specSemantics(specs: unknown, file: string, code: string, prefix: string): Problem[] {
  const problems: Problem[] = []
  const add = (container: unknown, key: string, path: string, message: string, hint: string): void => {
    problems.push({
      code,
      message,
      key: path,
      loc: locate(container, key) ?? { file, line: 0, column: 0 },
      hint,
    })
  }
  const walk = (options: Record<string, Record<string, unknown>>, path: string): void => {
    for (const [name, opt] of Object.entries(options)) {
      const at = `${path}${name}`
      const type = typeof opt.type === 'string' ? opt.type : 'str'
      if (opt.elements !== undefined && type !== 'list') {
        add(
          opt,
          'elements',
          `${at}.elements`,
          `\`${at}\`: \`elements\` is only valid with \`type: list\``,
          'add `type: list` or remove `elements`',
        )
      }
      if (opt.options && type !== 'dict' && !(type === 'list' && opt.elements === 'dict')) {
        add(
          opt,
          'options',
          `${at}.options`,
          `\`${at}\`: \`options\` needs \`type: dict\` or \`type: list\` with \`elements: dict\``,
          'set the type, or remove `options`',
        )
      }
      const elemType = type === 'list' && typeof opt.elements === 'string' ? opt.elements : undefined
      const fits = (v: unknown, t: string): boolean => convertArgument(t, v).ok
      if (opt.default !== undefined && opt.default !== null && !fits(opt.default, type)) {
        add(
          opt,
          'default',
          `${at}.default`,
          `\`${at}\`: the default does not match \`type: ${type}\``,
          `make the default ${describe({ type: jsonTypeOf(type) })} or change the type`,
        )
      }
      if (Array.isArray(opt.choices) && opt.default !== undefined && opt.default !== null) {
        const defaults = type === 'list' && Array.isArray(opt.default) ? opt.default : [opt.default]
        const missing = defaults.find((d) => !(opt.choices as unknown[]).some((c) => String(c) === String(d)))
        if (missing !== undefined) {
          add(
            opt,
            'default',
            `${at}.default`,
            `\`${at}\`: the default \`${String(missing)}\` is not one of its choices`,
            `use one of ${(opt.choices as unknown[]).map(String).join(', ')}`,
          )
        }
      }
      if (elemType && Array.isArray(opt.choices)) {
        const wrong = (opt.choices as unknown[]).find((c) => !fits(c, elemType))
        if (wrong !== undefined)
          add(
            opt,
            'choices',
            `${at}.choices`,
            `\`${at}\`: choice \`${String(wrong)}\` is not of type ${elemType}`,
            `make every choice a ${elemType}`,
          )
      }
      if (opt.options && typeof opt.options === 'object')
        walk(opt.options as Record<string, Record<string, unknown>>, `${at}.`)
    }
  }
  for (const [entry, ep] of Object.entries(specs as Record<string, Record<string, unknown> | null>)) {
    const options = ep?.options
    if (options && typeof options === 'object')
      walk(options as Record<string, Record<string, unknown>>, `${prefix}${entry}.options.`)
  }
  return problems
}

function jsonTypeOf(type: string): string {
  return (
    (
      { int: 'integer', float: 'number', bool: 'boolean', list: 'array', dict: 'object' } as Record<
        string,
        string
      >
    )[type] ?? 'string'
  )
}
