/** State shared while loading one playbook: collected problems, search paths, loaded files. */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { ProblemList, type SourceLocation } from '../errors.js'
import { parseYamlDocument } from '../yaml/load.js'

export interface LoadOptions {
  /** Extra role directories, searched after `roles/` beside the playbook (TSPLAY_ROLES_PATH) */
  rolesPath?: string[]
  /** Base for relative paths in messages */
  cwd?: string
  /** Reads a file's text; the vault supplies one that decrypts vaulted files */
  readText?: (path: string) => string
}

export class LoadContext {
  readonly problems = new ProblemList()
  readonly cwd: string
  readonly rolesPath: string[]
  private nextId = 0
  private readonly yamlCache = new Map<string, unknown>()
  readonly readText: (path: string) => string

  constructor(
    readonly playbookFile: string,
    opts: LoadOptions = {},
  ) {
    this.cwd = opts.cwd ?? process.cwd()
    this.readText = opts.readText ?? ((path) => readFileSync(path, 'utf8'))
    const beside = join(dirname(resolve(this.cwd, playbookFile)), 'roles')
    const parentRoles = join(dirname(resolve(this.cwd, playbookFile)), '..', 'roles')
    this.rolesPath = [beside, ...(opts.rolesPath ?? []).map((p) => resolve(this.cwd, p)), parentRoles]
  }

  id(prefix: string): string {
    return `${prefix}${++this.nextId}`
  }

  /** Path as the user would write it: relative to the working directory when inside it. */
  display(path: string): string {
    const rel = relative(this.cwd, path)
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path
  }

  /** YAML of a file, parsed once; a problem (and undefined) when unreadable or invalid. */
  yaml(path: string, from?: SourceLocation, what = 'file'): unknown {
    if (this.yamlCache.has(path)) return this.yamlCache.get(path)
    if (!isFile(path)) {
      this.problems.add({
        code: 'FILE_NOT_FOUND',
        message: `${what} \`${this.display(path)}\` does not exist`,
        loc: from,
        hint: 'check the name and the directory it is resolved against',
      })
      this.yamlCache.set(path, undefined)
      return undefined
    }
    let data: unknown
    try {
      data = parseYamlDocument(this.readText(path), this.display(path))
    } catch (err) {
      this.problems.addError(err)
    }
    this.yamlCache.set(path, data)
    return data
  }
}

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

export function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/** First of `name`, `name.yml`, `name.yaml` that exists (Ansible's lookup for task and vars files). */
export function findYaml(dir: string, name: string): string | undefined {
  for (const candidate of [name, `${name}.yml`, `${name}.yaml`]) {
    const p = join(dir, candidate)
    if (isFile(p)) return p
  }
  return existsSync(join(dir, name)) ? join(dir, name) : undefined
}

export const isTemplated = (v: unknown): v is string => typeof v === 'string' && v.includes('{{')
