/**
 * Python's `shlex.split(line, comments=True)` (POSIX mode), which Ansible uses to cut an INI host
 * line into words. Also returns where each word starts, for error columns.
 */
export interface Word {
  text: string
  /** 0-based offset of the word's first character in the line */
  start: number
}

export class ShlexError extends Error {}

export function shlexSplit(line: string): Word[] {
  const words: Word[] = []
  let token = ''
  let quoted = false
  let start = -1
  let state: 'space' | 'word' | "'" | '"' | 'escape' = 'space'
  let escapedFrom: 'word' | '"' = 'word'
  const emit = (): void => {
    if (token || quoted) words.push({ text: token, start })
    token = ''
    quoted = false
    start = -1
  }
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (state === 'space' || state === 'word') {
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
        if (state === 'word') emit()
        state = 'space'
        continue
      }
      if (c === '#') break
      if (start < 0) start = i
      if (c === "'" || c === '"') {
        state = c
        quoted = true
      } else if (c === '\\') {
        escapedFrom = 'word'
        state = 'escape'
      } else {
        token += c
        state = 'word'
      }
    } else if (state === "'" || state === '"') {
      if (c === state) state = 'word'
      else if (c === '\\' && state === '"') {
        escapedFrom = '"'
        state = 'escape'
      } else token += c
    } else {
      // inside double quotes a backslash only escapes `"` and `\`
      if (escapedFrom === '"' && c !== '"' && c !== '\\') token += '\\'
      token += c
      state = escapedFrom
    }
  }
  if (state === "'" || state === '"') throw new ShlexError('No closing quotation')
  if (state === 'escape') throw new ShlexError('No escaped character')
  emit()
  return words
}
