/** `-e` values: `KEY=VALUE ...`, `@file.yml` (YAML or JSON) and inline `{"json": ...}` / YAML mappings. */
import { resolve } from 'node:path'
import { TsplayError } from '../errors.js'
import type { Vars } from '../inventory/model.js'
import { splitKeyValues } from '../playbook/keywords.js'
import { parseYamlDocument } from '../yaml/load.js'

export function parseExtraVars(
  values: string[],
  opts: { cwd: string; readText: (path: string) => string },
): Vars {
  const out: Vars = {}
  for (const raw of values) {
    const text = raw.trim()
    if (text.startsWith('@')) {
      const path = resolve(opts.cwd, text.slice(1))
      let content: string
      try {
        content = opts.readText(path)
      } catch (err) {
        if (err instanceof TsplayError) throw err
        throw new TsplayError({
          code: 'EXTRA_VARS_FILE',
          message: `cannot read extra vars file \`${text.slice(1)}\`: ${(err as NodeJS.ErrnoException).code ?? err}`,
          key: '-e',
          hint: 'check the path after `@`',
        })
      }
      Object.assign(out, mapping(parseYamlDocument(content, text.slice(1)), text))
    } else if (text.startsWith('{') || text.startsWith('[')) {
      Object.assign(out, mapping(parseYamlDocument(text, '-e'), text))
    } else {
      const { pairs, rest } = splitKeyValues(text)
      if (rest.length) {
        throw new TsplayError({
          code: 'EXTRA_VARS',
          message: `\`-e ${raw}\`: expected KEY=VALUE, @file or a JSON/YAML mapping, found \`${rest[0]}\``,
          key: '-e',
          hint: 'write `-e name=value`, `-e @vars.yml` or `-e \'{"name": 1}\'`',
        })
      }
      for (const [k, v] of pairs) out[k] = v
    }
  }
  return out
}

function mapping(data: unknown, source: string): Vars {
  if (data === null || data === undefined) return {}
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new TsplayError({
      code: 'EXTRA_VARS',
      message: `\`-e ${source}\` must hold a mapping of variable names to values`,
      key: '-e',
      hint: 'write e.g. `-e \'{"replicas": 3}\'`',
    })
  }
  return data as Vars
}
