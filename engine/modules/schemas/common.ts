/** Builder for module specs: properties plus Ansible's aliases, required, required_one_of, etc. */
import type { ModuleSpec } from '../catalog.js'
import { bool, fileMode, num, str, text, type JsonSchema } from '../../playbook/schema/fragments.js'

export * from '../../playbook/schema/fragments.js'

export interface ModuleDef {
  description: string
  freeForm?: ModuleSpec['freeForm']
  freeFormArg?: string
  props: Record<string, JsonSchema>
  /** canonical → aliases (the alias gets the same schema) */
  aliases?: Record<string, string[]>
  /** canonical names; satisfied by an alias too */
  required?: string[]
  /** Ansible's required_one_of */
  oneRequired?: string[][]
  /** Ansible's mutually_exclusive */
  exclusive?: string[][]
  /** Ansible's required_if and friends, as JSON Schema if/then */
  conditions?: { if: JsonSchema; then: JsonSchema }[]
  /** Any other keys allowed (set_fact) */
  open?: JsonSchema
  propertyNames?: JsonSchema
}

export function mod(name: string, def: ModuleDef): ModuleSpec {
  const properties: Record<string, JsonSchema> = { ...def.props }
  const aliasOf: Record<string, string> = {}
  const exclusive = [...(def.exclusive ?? [])]
  for (const [canon, aliases] of Object.entries(def.aliases ?? {})) {
    const schema = properties[canon]
    if (!schema) throw new Error(`${name}: alias of unknown argument ${canon}`)
    for (const a of aliases) {
      properties[a] = schema
      aliasOf[a] = canon
    }
    exclusive.push([canon, ...aliases])
  }
  const names = (n: string): string[] => [n, ...(def.aliases?.[n] ?? [])]
  const allOf: JsonSchema[] = []
  const required: string[] = []
  for (const r of def.required ?? []) {
    if (def.aliases?.[r]) allOf.push(anyRequired(names(r)))
    else required.push(r)
  }
  for (const group of def.oneRequired ?? []) allOf.push(anyRequired(group.flatMap(names)))
  const pairs = exclusive.flatMap((g) => g.flatMap((a, i) => g.slice(i + 1).map((b) => [a, b])))
  if (pairs.length) allOf.push({ not: { anyOf: pairs.map((p) => ({ required: p })) } })
  for (const c of def.conditions ?? []) allOf.push({ if: c.if, then: c.then })
  const schema: JsonSchema = {
    type: 'object',
    description: def.description,
    properties,
    additionalProperties: def.open ?? false,
    ...(def.propertyNames ? { propertyNames: def.propertyNames } : {}),
    ...(required.length ? { required } : {}),
    ...(allOf.length ? { allOf } : {}),
  }
  return {
    name,
    description: def.description,
    freeForm: def.freeForm ?? 'none',
    schema,
    ...(def.freeFormArg ? { freeFormArg: def.freeFormArg } : {}),
    aliases: aliasOf,
  }
}

export function anyRequired(names: string[]): JsonSchema {
  return { anyOf: names.map((n) => ({ required: [n] })) }
}

/** `if: {state: value}` → condition matching when the argument equals one of the values */
export function whenArg(arg: string, ...values: unknown[]): JsonSchema {
  return {
    properties: { [arg]: values.length === 1 ? { const: values[0] } : { enum: values } },
    required: [arg],
  }
}

/** Same, but also when the argument is absent (it defaults to one of the values). */
export function whenArgOrDefault(arg: string, ...values: unknown[]): JsonSchema {
  return { properties: { [arg]: values.length === 1 ? { const: values[0] } : { enum: values } } }
}

const owner: JsonSchema = { title: 'a user or group name (or numeric id)', type: ['string', 'integer'] }

/** Ansible's add_file_common_args */
export const fileAttrs: Record<string, JsonSchema> = {
  mode: fileMode,
  owner,
  group: owner,
  seuser: str,
  serole: str,
  setype: str,
  selevel: str,
  unsafe_writes: bool,
  attributes: str,
}

/** Shared by get_url and uri */
export const urlArgs: Record<string, JsonSchema> = {
  url_username: str,
  url_password: str,
  validate_certs: bool,
  use_proxy: bool,
  force_basic_auth: bool,
  http_agent: str,
  client_cert: str,
  client_key: str,
  ca_path: str,
  unredirected_headers: { type: 'array', items: str },
  decompress: bool,
  use_netrc: bool,
  use_gssapi: bool,
  ciphers: { anyOf: [str, { type: 'array', items: str }] },
  timeout: num,
  headers: { type: 'object', additionalProperties: text },
}
