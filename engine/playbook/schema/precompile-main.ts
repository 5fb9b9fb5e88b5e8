/**
 * Build step: writes every registered schema's validator as standalone code next to this file
 * (see precompiled.ts), so that runs skip ajv's compilation.
 */
import { Ajv } from 'ajv'
import standalone from 'ajv/dist/standalone/index.js'
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import '../../modules/catalog.js'
import './roles.js'
import './validators.js'
import { PRECOMPILED_FILE, schemaKey } from './precompiled.js'
import { AJV_OPTIONS, registeredSchemas } from './problems.js'

const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } })
const exports: Record<string, string> = {}
for (const schema of registeredSchemas()) {
  const key = schemaKey(schema)
  if (exports[key]) continue
  ajv.addSchema(schema, key)
  exports[key] = key
}
const out = join(dirname(fileURLToPath(import.meta.url)), PRECOMPILED_FILE)
writeFileSync(out, standalone.default(ajv, exports))
console.log(`precompiled ${Object.keys(exports).length} validators into ${out}`)
