/** Where a template or condition text came from, and how its errors name that place. */
import { TsplayError, type Problem, type SourceLocation } from '../errors.js'
import { TemplateFault } from './values.js'

export interface TemplateOrigin {
  /** The template file, or the playbook/role file holding the string */
  file: string
  /**
   * Line of the string inside `file` (1-based). Absent or 0 when `file` is the template itself, so
   * that lines within the template are lines of the file.
   */
  line?: number
  column?: number
  /** The key holding the string, e.g. `when` or `vars.url`, for messages */
  key?: string
}

/** Location of a position inside a template, in terms of the file the user edits. */
export function locate(
  origin: TemplateOrigin | undefined,
  line: number,
  column = 0,
): SourceLocation | undefined {
  if (!origin) return undefined
  if (!origin.line) return { file: origin.file, line, column }
  return { file: origin.file, line: origin.line, column: line <= 1 ? (origin.column ?? 0) : 0 }
}

/** " (line 3 of the template)" when the template is embedded in a larger file and spans lines. */
export function lineNote(origin: TemplateOrigin | undefined, line: number, column?: number): string {
  if (origin && !origin.line) return ''
  if (line > 1) return ` (line ${line}${column ? `, column ${column}` : ''} of the template)`
  return column ? ` (column ${column} of the template)` : ''
}

export function faultToError(
  err: unknown,
  origin: TemplateOrigin | undefined,
  line: number,
  context: string,
): TsplayError {
  if (err instanceof TsplayError) return err
  if (!(err instanceof TemplateFault)) throw err
  const problem: Problem = {
    code: err.code,
    message: `${context}${err.message}${lineNote(origin, line)}`,
    loc: locate(origin, line),
    key: origin?.key,
    hint: err.hint,
  }
  return new TsplayError(problem)
}

/** Short excerpt of a template for messages. */
export function excerpt(text: string, max = 60): string {
  const one = text.replace(/\s+/g, ' ').trim()
  return one.length > max ? `${one.slice(0, max - 1)}…` : one
}
