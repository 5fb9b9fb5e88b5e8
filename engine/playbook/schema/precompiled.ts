/**
 * Validators compiled at build time (`precompile-main.ts`, run by `npm run build`), one CommonJS
 * file per schema named by a hash of the schema: a run loads only the validators it uses, and a
 * schema changed since the build has no file and is compiled at run time instead.
 */
import type { ValidateFunction } from 'ajv'
import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'

export const PRECOMPILED_DIR = 'precompiled'

const load = createRequire(import.meta.url)

export function schemaKey(schema: object): string {
  return `v${createHash('sha1').update(JSON.stringify(schema)).digest('hex')}`
}

export function precompiled(schema: object): ValidateFunction | undefined {
  try {
    return load(`./${PRECOMPILED_DIR}/${schemaKey(schema)}.cjs`) as ValidateFunction
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined // not built
    throw err
  }
}
