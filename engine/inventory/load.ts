/**
 * Reads inventory sources as `ansible-inventory -i` does: INI or YAML files, directories of them,
 * and `h1,h2,` host lists; then group_vars/ and host_vars/ beside each source.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { extname, join, resolve } from 'node:path'
import { ProblemList, TsplayError } from '../errors.js'
import { parseYamlDocument } from '../yaml/load.js'
import { InventoryBuilder } from './data.js'
import { parseIni } from './ini.js'
import type { Inventory } from './model.js'
import { parseAddress } from './ranges.js'
import { addVarsFileLayers, displayPath, type ReadText } from './vars-dirs.js'
import { isYamlInventory, parseYamlInventory } from './yaml-inventory.js'

export interface LoadOptions {
  cwd?: string
  /** Reads group_vars/host_vars files; given by the vault to decrypt vaulted ones */
  readText?: ReadText | undefined
}

const YAML_EXTENSIONS = ['.yml', '.yaml', '.json']
/** Ansible's INVENTORY_IGNORE_EXTS (REJECT_EXTS + .orig .ini .cfg .retry) and always-ignored names */
const IGNORED_IN_DIRECTORY =
  /^\.|^host_vars$|^group_vars$|^vars_plugins$|(?:\.pyc|\.pyo|\.swp|\.bak|~|\.rpm|\.md|\.txt|\.rst|\.orig|\.ini|\.cfg|\.retry)$/

export function loadInventory(sources: string[], opts: LoadOptions = {}): Inventory {
  const cwd = opts.cwd ?? process.cwd()
  if (!sources.length) {
    throw new TsplayError({
      code: 'INVENTORY_NONE',
      message: 'no inventory given',
      hint: 'pass -i FILE, -i DIRECTORY or -i "host1,host2,"',
    })
  }
  const builder = new InventoryBuilder()
  const problems = new ProblemList()
  for (const source of sources) {
    try {
      if (source.includes(',') && !existsSync(resolve(cwd, source))) {
        parseHostList(source, builder)
        builder.inv.sources.push(source)
        continue
      }
      const path = resolve(cwd, source)
      if (!existsSync(path)) {
        throw new TsplayError({
          code: 'INVENTORY_NOT_FOUND',
          message: `inventory source \`${source}\` does not exist`,
          loc: { file: source, line: 0, column: 0 },
          hint: 'check the path given to -i; a list of hosts needs a comma, e.g. -i "web1,"',
        })
      }
      builder.inv.sources.push(displayPath(path, cwd))
      parseSource(path, cwd, builder, problems)
    } catch (err) {
      problems.addError(err)
    }
  }
  problems.throwIfAny()
  const inv = builder.reconcile()
  addVarsFileLayers(inv, cwd, opts.readText)
  return inv
}

function parseSource(path: string, cwd: string, builder: InventoryBuilder, problems: ProblemList): void {
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path).sort()) {
      if (!IGNORED_IN_DIRECTORY.test(entry)) parseSource(join(path, entry), cwd, builder, problems)
    }
    return
  }
  try {
    parseFile(path, displayPath(path, cwd), builder)
  } catch (err) {
    problems.addError(err)
  }
}

function parseFile(path: string, file: string, builder: InventoryBuilder): void {
  const ext = extname(path)
  if (ext === '.toml' || ext === '.py' || (statSync(path).mode & 0o111 && ext !== '.ini' && ext !== '.yml')) {
    throw new TsplayError({
      code: 'INVENTORY_UNSUPPORTED',
      message: `\`${file}\` is a ${ext === '.toml' ? 'TOML inventory' : 'dynamic inventory script (executable)'}, which tsplay does not read`,
      loc: { file, line: 0, column: 0 },
      hint: 'convert it once with `ansible-inventory -i FILE --list --yaml > inventory.yml`, or remove the executable bit if it is a plain INI file',
    })
  }
  const text = readFileSync(path, 'utf8')
  if (YAML_EXTENSIONS.includes(ext)) return parseYamlInventory(parseYamlDocument(text, file), file, builder)
  if (!ext) {
    // like Ansible, an extension-less file is tried as YAML first
    const data = tryYaml(text, file)
    if (isYamlInventory(data)) return parseYamlInventory(data, file, builder)
  }
  parseIni(text, file, builder)
}

function tryYaml(text: string, file: string): unknown {
  try {
    return parseYamlDocument(text, file)
  } catch {
    return undefined
  }
}

/** `-i 'web1,web2:2222,'`: every name goes to `ungrouped`; ranges are not expanded. */
function parseHostList(list: string, builder: InventoryBuilder): void {
  for (const item of list.split(',')) {
    const h = item.trim()
    if (!h) continue
    const parsed = parseAddress(h, false)
    const host = parsed?.host ?? h
    if (!builder.inv.hosts.has(host)) builder.addHost(host, 'ungrouped', parsed?.port)
  }
}
