/**
 * How Ansible types INI values: both inline host variables (after shell-style unquoting) and
 * `[group:vars]` lines (raw text after `=`, stripped) go through Python's `ast.literal_eval`;
 * whatever is not a Python literal stays a string. See docs/inventory.md for the consequences.
 */
import { pyLiteralEval } from './py-literal.js'

export function iniValue(text: string): unknown {
  const value = pyLiteralEval(text)
  return value === undefined ? text : value
}
