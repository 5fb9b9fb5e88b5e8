/**
 * `include_vars`: YAML/JSON files read on the controller become host variables (under `name` if
 * given). Relative paths are looked up as Ansible does: `vars/<file>` then `<file>` in the role
 * (`role_path`), then in the playbook directory (`playbook_dir`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { extname, isAbsolute, join, relative } from 'node:path'
import { formatProblem, isTsplayError } from '../errors.js'
import type { Vars } from '../inventory/model.js'
import { parseYamlDocument } from '../yaml/load.js'
import { toBool, toNumber } from './command-run.js'
import { ModuleFailure, type Module, type ModuleContext, type ModuleResult } from './types.js'

export type IncludeVarsArgs = {
  file?: string
  dir?: string
  name?: string
  depth?: number
  files_matching?: string
  ignore_files?: string[] | string
  extensions?: string[]
  ignore_unknown_extensions?: boolean
  hash_behaviour?: 'replace' | 'merge'
}

/** Directories searched for a relative path, most specific first. */
export function searchDirs(vars: Vars): string[] {
  const dirs: string[] = []
  for (const base of [vars['role_path'], vars['playbook_dir']]) {
    if (typeof base === 'string' && base) dirs.push(join(base, 'vars'), base)
  }
  return dirs
}

export function findVarsPath(
  path: string,
  vars: Vars,
  exists = (p: string) => statOf(p) !== undefined,
): string {
  if (isAbsolute(path)) return path
  const dirs = searchDirs(vars)
  for (const d of dirs) if (exists(join(d, path))) return join(d, path)
  const where = dirs.length ? dirs.join(', ') : 'nowhere (neither role_path nor playbook_dir is set)'
  throw new ModuleFailure(`Could not find or access '${path}': searched in ${where}`)
}

function statOf(p: string) {
  try {
    return statSync(p)
  } catch {
    return undefined
  }
}

function readVarsFile(path: string, readText: (path: string) => string): Vars {
  let text: string
  try {
    text = readText(path)
  } catch (err) {
    // a vault file without the right password: the keyring's one-paragraph message
    if (isTsplayError(err)) throw new ModuleFailure(err.problems.map(formatProblem).join('\n'))
    throw new ModuleFailure(`Could not read ${path}: ${(err as NodeJS.ErrnoException).code ?? err}`)
  }
  if (text.startsWith('$ANSIBLE_VAULT;')) {
    throw new ModuleFailure(`${path} is a vault-encrypted file and this run has no vault password`)
  }
  let data: unknown
  try {
    data = parseYamlDocument(text, path)
  } catch (err) {
    if (isTsplayError(err)) throw new ModuleFailure(err.problems.map(formatProblem).join('\n'))
    throw err
  }
  if (data === null || data === undefined) return {}
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ModuleFailure(
      `${path} must contain a mapping of variables, not ${Array.isArray(data) ? 'a list' : typeof data}`,
    )
  }
  return data as Vars
}

/** Files of a `dir:` in Ansible's order (sorted, depth-first), filtered as its options say. */
export function listVarsDir(root: string, args: IncludeVarsArgs): string[] {
  const depth = toNumber(args.depth, 'depth', 0)
  const exts = (args.extensions ?? ['yaml', 'yml', 'json']).map((e) => e.replace(/^\./, ''))
  const ignore = new Set(
    typeof args.ignore_files === 'string' ? [args.ignore_files] : (args.ignore_files ?? []),
  )
  const matching = args.files_matching ? new RegExp(args.files_matching) : undefined
  const ignoreUnknown = toBool(args.ignore_unknown_extensions, false)
  const out: string[] = []
  const walk = (dir: string, level: number): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name)
      if (statOf(full)?.isDirectory()) {
        if (depth === 0 || level < depth) walk(full, level + 1)
        continue
      }
      if (ignore.has(name) || (matching && !matching.test(name))) continue
      if (!exts.includes(extname(name).slice(1))) {
        if (ignoreUnknown) continue
        throw new ModuleFailure(`${relative(root, full)} does not have a valid extension: ${exts.join(', ')}`)
      }
      out.push(full)
    }
  }
  walk(root, 1)
  return out
}

function deepMerge(a: Vars, b: Vars): Vars {
  const out: Vars = { ...a }
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k]
    const mergeable = (x: unknown) => x !== null && typeof x === 'object' && !Array.isArray(x)
    out[k] = mergeable(prev) && mergeable(v) ? deepMerge(prev as Vars, v as Vars) : v
  }
  return out
}

export function includeVars(
  args: IncludeVarsArgs,
  ctx: Pick<ModuleContext, 'vars' | 'readText'>,
): ModuleResult {
  const readText = ctx.readText ?? ((p: string) => readFileSync(p, 'utf8'))
  let files: string[]
  if (args.dir !== undefined) {
    const dir = findVarsPath(String(args.dir), ctx.vars, (p) => statOf(p)?.isDirectory() === true)
    if (!statOf(dir)?.isDirectory()) throw new ModuleFailure(`${dir} is not a directory`)
    files = listVarsDir(dir, args)
  } else if (args.file !== undefined) {
    files = [findVarsPath(String(args.file), ctx.vars)]
  } else {
    throw new ModuleFailure('include_vars needs `file` (or a free-form path) or `dir`')
  }
  let vars: Vars = {}
  for (const f of files) {
    const loaded = readVarsFile(f, readText)
    vars = args.hash_behaviour === 'merge' ? deepMerge(vars, loaded) : { ...vars, ...loaded }
  }
  const facts = args.name ? { [String(args.name)]: vars } : vars
  return { changed: false, ansible_facts: facts, ansible_included_var_files: files }
}

export const includeVarsModule: Module<IncludeVarsArgs> = {
  name: 'include_vars',
  async check(args, ctx) {
    return { changed: false, result: includeVars(args, ctx) }
  },
  async apply(_plan, args, ctx) {
    return includeVars(args, ctx)
  },
}
