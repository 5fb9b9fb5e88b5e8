/**
 * Build step: writes every registered schema's validator as standalone code, one file per schema
 * (see precompiled.ts), so that runs skip ajv's compilation.
 */
import { Ajv } from 'ajv'
import standalone from 'ajv/dist/standalone/index.js'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import '../../modules/catalog.js'
import './roles.js'
import './validators.js'
import { PRECOMPILED_DIR, schemaKey } from './precompiled.js'
import { AJV_OPTIONS, registeredSchemas } from './problems.js'

const out = join(dirname(fileURLToPath(import.meta.url)), PRECOMPILED_DIR)
rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })
const keys = new Set<string>()
for (const schema of registeredSchemas()) {
  const key = schemaKey(schema)
  if (keys.has(key)) continue
  keys.add(key)
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } })
  // a module whose export is the validator itself
  writeFileSync(join(out, `${key}.cjs`), standalone.default(ajv, ajv.compile(schema)))
}
console.log(`precompiled ${keys.size} validators into ${out}`)
