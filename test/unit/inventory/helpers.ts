/** Writes small inventories into a temporary directory for loader tests. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { isTsplayError, type Problem } from '../../../engine/errors.js'

export function tempTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'tsplay-inv-'))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  return root
}

/** The problems of the TsplayError thrown by `fn` (fails if it does not throw one). */
export function problemsOf(fn: () => unknown): Problem[] {
  try {
    fn()
  } catch (err) {
    if (isTsplayError(err)) return err.problems
    throw err
  }
  throw new Error('expected a TsplayError, nothing was thrown')
}
