/**
 * The modules tsplay knows, with Ansible's argument names, aliases and constraints, and the check
 * of a task's arguments against them (before anything runs). Templated values are only known at
 * run time, so their types are not checked here; unknown and missing arguments always are.
 */
import type { Problem, SourceLocation } from '../errors.js'
import { suggest } from '../playbook/schema/messages.js'
import { lazyValidator, validateWith, type JsonSchema } from '../playbook/schema/problems.js'
import type { ValidateFunction } from 'ajv'
import { commandModules } from './schemas/commands.js'
import { editModules } from './schemas/edit.js'
import { fileModules } from './schemas/files.js'
import { miscModules } from './schemas/misc.js'
import { packageModules } from './schemas/packages.js'
import { systemModules } from './schemas/system.js'

export interface ModuleSpec {
  name: string
  /**
   * Whether the module takes a bare string that is not `key=value` pairs (`command: ls -l`):
   * 'required' (raw, meta), 'allowed' (command, shell, script, include_vars) or 'none'.
   */
  freeForm: 'required' | 'allowed' | 'none'
  /** JSON Schema (draft-07) of the arguments after free-form and `args:` are merged */
  schema: object
  /** which arg a free-form string becomes, e.g. 'cmd' for command, '_raw_params' */
  freeFormArg?: string
  /** One line, for `tsplay` help and editor hovers */
  description?: string
  /** alias → canonical argument name (`dest` → `path` for file) */
  aliases?: Readonly<Record<string, string>>
}

const all: ModuleSpec[] = [
  ...commandModules,
  ...fileModules,
  ...editModules,
  ...packageModules,
  ...systemModules,
  ...miscModules,
]

export const moduleCatalog: ReadonlyMap<string, ModuleSpec> = new Map(all.map((m) => [m.name, m]))

/** Fully qualified names outside ansible.builtin, and renames. */
const extraNames: Readonly<Record<string, string>> = {
  'ansible.posix.sysctl': 'sysctl',
  'ansible.posix.mount': 'mount',
  'community.general.modprobe': 'modprobe',
  'community.general.sysctl': 'sysctl',
  systemd_service: 'systemd',
  'ansible.builtin.systemd_service': 'systemd',
  'ansible.legacy.systemd_service': 'systemd',
}

const builtinPrefixes = ['ansible.builtin.', 'ansible.legacy.']

/** 'ansible.builtin.copy' / 'ansible.legacy.copy' / 'copy' → 'copy'; undefined when unknown. */
export function resolveModuleName(key: string): string | undefined {
  if (moduleCatalog.has(key)) return key
  const extra = extraNames[key]
  if (extra) return extra
  for (const prefix of builtinPrefixes) {
    if (key.startsWith(prefix)) {
      const short = key.slice(prefix.length)
      if (moduleCatalog.has(short)) return short
      if (extraNames[short]) return extraNames[short]
    }
  }
  return undefined
}

/** Short names, sorted. */
export function moduleNames(): string[] {
  return [...moduleCatalog.keys()].sort()
}

/** Every key that names a module in a task: short names, ansible.builtin.* / ansible.legacy.* and other FQCNs. */
export function moduleKeys(): string[] {
  const keys = new Set<string>()
  for (const name of moduleNames()) {
    keys.add(name)
    for (const prefix of builtinPrefixes) keys.add(prefix + name)
  }
  for (const k of Object.keys(extraNames)) keys.add(k)
  return [...keys].sort()
}

// registered when the catalog loads (nothing compiles until a module is used), so the build can
// precompile them all
const validators = new Map<string, () => ValidateFunction>(
  [...moduleCatalog.values()].map((spec) => [spec.name, lazyValidator(spec.schema as JsonSchema)]),
)

function validatorFor(spec: ModuleSpec): ValidateFunction {
  return validators.get(spec.name)!()
}

export function validateModuleArgs(
  module: string,
  args: Record<string, unknown>,
  where: {
    container: unknown /* the YAML object holding the args, for locate() */
    file: string
    fallback: SourceLocation
  },
): Problem[] {
  const name = resolveModuleName(module)
  const spec = name === undefined ? undefined : moduleCatalog.get(name)
  if (!spec) {
    const guess = suggest(module, moduleKeys())
    return [
      {
        code: 'MODULE_UNKNOWN',
        message: `unknown module \`${module}\``,
        key: module,
        loc: where.fallback,
        hint: guess ? `did you mean \`${guess}\`?` : `tsplay supports: ${moduleNames().join(', ')}`,
      },
    ]
  }
  const problems = validateWith(validatorFor(spec), args, {
    code: 'MODULE_ARGS',
    file: where.file,
    root: args,
    holders: [where.container],
    fallback: where.fallback,
    subject: `\`${spec.name}\`: `,
    noun: 'argument',
    skipDeferred: true,
    aliases: spec.aliases ?? {},
  })
  return spec.freeFormArg === '_raw_params' ? problems.map(freeFormWording) : problems
}

/** `_raw_params` is an internal name; talk about "the value" instead. */
function freeFormWording(p: Problem): Problem {
  const fix = (s: string | undefined): string | undefined =>
    s
      ?.replace(/ for `_raw_params`/, '')
      .replace(/missing required argument `_raw_params`/, 'missing the free-form value')
      .replace(/`_raw_params` must be/, 'it must be')
      .replace(/add `_raw_params`/, 'write the value after the module name')
  return {
    ...p,
    message: fix(p.message) ?? p.message,
    hint: fix(p.hint),
    key: p.key === '_raw_params' ? undefined : p.key,
  }
}
