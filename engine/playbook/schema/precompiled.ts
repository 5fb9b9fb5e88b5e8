/**
 * Validators compiled at build time (`precompile-main.ts`, run by `npm run build`) into
 * precompiled-validators.cjs, keyed by a hash of their schema: a schema that changed since the
 * build has no entry and is compiled at run time instead.
 */
import type { ValidateFunction } from 'ajv'
import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'

export const PRECOMPILED_FILE = 'precompiled-validators.cjs'

let table: Record<string, ValidateFunction> | null | undefined

export function schemaKey(schema: object): string {
  return `v${createHash('sha1').update(JSON.stringify(schema)).digest('hex')}`
}

export function precompiled(schema: object): ValidateFunction | undefined {
  if (table === undefined) {
    try {
      table = createRequire(import.meta.url)(`./${PRECOMPILED_FILE}`) as Record<string, ValidateFunction>
    } catch {
      table = null // not built (yet): compile at run time
    }
  }
  return table?.[schemaKey(schema)]
}
