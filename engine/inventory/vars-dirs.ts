/**
 * `group_vars/` and `host_vars/` beside each inventory source, found the way Ansible's
 * host_group_vars plugin finds them: the first of `NAME`, `NAME.yml`, `NAME.yaml`, `NAME.json` that
 * exists wins; a directory `NAME/` contributes its files (recursively, sorted, no hidden or `~`).
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { dirname, extname, isAbsolute, join, relative, resolve } from 'node:path'
import { ProblemList, TsplayError } from '../errors.js'
import { parseYamlDocument } from '../yaml/load.js'
import type { Inventory, VarLayer } from './model.js'

const EXTENSIONS = ['', '.yml', '.yaml', '.json']

/** Directory whose group_vars/host_vars apply to a source, or undefined for a host list. */
export function varsBaseDir(source: string): string | undefined {
  if (!existsSync(source)) return undefined
  return statSync(source).isDirectory() ? source : dirname(source)
}

export function findVarsFiles(dir: string, name: string): string[] {
  const base = join(dir, name)
  for (const ext of EXTENSIONS) {
    const path = base + ext
    if (!existsSync(path)) continue
    return statSync(path).isDirectory() ? dirVarsFiles(path) : [path]
  }
  return []
}

function dirVarsFiles(dir: string): string[] {
  const found: string[] = []
  for (const entry of readdirSync(dir).sort()) {
    if (entry.startsWith('.') || entry.endsWith('~')) continue
    const path = join(dir, entry)
    const ext = extname(entry)
    const stat = statSync(path)
    if (stat.isDirectory() && !ext) found.push(...dirVarsFiles(path))
    else if (stat.isFile() && (!ext || EXTENSIONS.includes(ext))) found.push(path)
  }
  return found
}

/** Reads a vars file; the vault supplies one that decrypts vaulted files. */
export type ReadText = (path: string) => string
const readUtf8: ReadText = (path) => readFileSync(path, 'utf8')

/** Adds a `group_vars`/`host_vars` layer for every group and host, source by source. */
export function addVarsFileLayers(inv: Inventory, cwd: string, readText: ReadText = readUtf8): void {
  const problems = new ProblemList()
  const cache = new Map<string, VarLayer | null>()
  let previous: string | undefined
  inv.sources.forEach((source, index) => {
    const base = varsBaseDir(resolve(cwd, source))
    // the same directory twice in a row adds nothing new
    if (base === undefined || base === previous) return
    previous = base
    for (const [kind, entities] of [
      ['group_vars', [...inv.groups.values()]],
      ['host_vars', [...inv.hosts.values()]],
    ] as const) {
      const dir = join(base, kind)
      if (!existsSync(dir) || !statSync(dir).isDirectory()) continue
      const real = realpathSync(dir)
      for (const entity of entities) {
        if (entity.name.startsWith('/')) continue
        for (const file of findVarsFiles(real, entity.name)) {
          try {
            const layer = loadLayer(file, join(dir, relative(real, file)), kind, index, cwd, cache, readText)
            if (layer) entity.layers.push(layer)
          } catch (err) {
            problems.addError(err)
          }
        }
      }
    }
  })
  problems.throwIfAny()
}

function loadLayer(
  file: string,
  shownPath: string,
  kind: 'group_vars' | 'host_vars',
  source: number,
  cwd: string,
  cache: Map<string, VarLayer | null>,
  readText: ReadText,
): VarLayer | undefined {
  if (!cache.has(file)) {
    const origin = displayPath(shownPath, cwd)
    const data = parseYamlDocument(readText(file), origin)
    if (data !== null && (typeof data !== 'object' || Array.isArray(data))) {
      throw new TsplayError({
        code: 'INVENTORY_VARS_FILE',
        message: `${kind} file must contain a mapping of variables, got ${Array.isArray(data) ? 'a list' : `a ${typeof data}`}`,
        loc: { file: origin, line: 1, column: 1 },
        hint: 'write `name: value` lines at the top level of the file',
      })
    }
    const empty = data === null || Object.keys(data).length === 0
    cache.set(
      file,
      empty
        ? null
        : { origin, vars: data as Record<string, unknown>, loc: { file: origin, line: 1, column: 1 }, kind },
    )
  }
  const layer = cache.get(file)
  return layer ? { ...layer, source } : undefined
}

/** Paths relative to the working directory when inside it, so messages stay short. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path)
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path
}
