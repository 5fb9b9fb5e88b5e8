/**
 * Words for the command-like modules. `splitWords` is Python's `shlex.split(s)` (POSIX mode, no
 * comments), which Ansible's command module uses: quotes group, nothing else is shell syntax.
 * `expandWord` renders one word as shell text that does what Ansible's run_command does to each
 * argument (`os.path.expandvars` then `expanduser`) on the host, and nothing more: no globbing,
 * no command substitution, no word splitting of the values.
 */
import { shq } from '../connection/quote.js'

export class WordSplitError extends Error {}

export function splitWords(line: string): string[] {
  const words: string[] = []
  let token = ''
  let inWord = false
  let state: 'plain' | "'" | '"' = 'plain'
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (state === 'plain') {
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
        if (inWord) words.push(token)
        token = ''
        inWord = false
      } else if (c === "'" || c === '"') {
        state = c
        inWord = true
      } else if (c === '\\') {
        if (i + 1 >= line.length) throw new WordSplitError('No escaped character')
        token += line[++i]
        inWord = true
      } else {
        token += c
        inWord = true
      }
    } else if (c === state) {
      state = 'plain'
    } else if (c === '\\' && state === '"') {
      if (i + 1 >= line.length) throw new WordSplitError('No escaped character')
      const next = line[++i]!
      // inside double quotes shlex only lets a backslash escape `"` and `\`
      token += next === '"' || next === '\\' ? next : `\\${next}`
    } else {
      token += c
    }
  }
  if (state !== 'plain') throw new WordSplitError('No closing quotation')
  if (inWord) words.push(token)
  return words
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/
const USER = /^(?:[A-Za-z0-9_][A-Za-z0-9._-]*)?$/

/** `"${NAME-\$NAME}"`: the variable's value, or the text unchanged when it is not set (expandvars). */
function varText(name: string, original: string): string {
  const literal = original.replace(/[$`"\\}]/g, (c) => `\\${c}`)
  return `"\${${name}-${literal}}"`
}

/** One word as shell text with `$VAR`, `${VAR}` and a leading `~`/`~user` expanded on the host. */
export function expandWord(word: string): string {
  let out = ''
  let rest = word
  const tilde = /^~([^/]*)(\/?)/.exec(word)
  if (tilde && USER.test(tilde[1]!)) {
    // unquoted up to the slash so that the host's shell expands it; an unknown user stays literal
    out = `~${tilde[1]}${tilde[2]}`
    rest = word.slice(tilde[0].length)
  }
  const re = /\$(\w+|\{[^}]*\})/g
  let last = 0
  let m: RegExpExecArray | null
  while ((m = re.exec(rest))) {
    const name = m[1]!.startsWith('{') ? m[1]!.slice(1, -1) : m[1]!
    if (!IDENT.test(name)) continue
    if (m.index > last) out += shq(rest.slice(last, m.index))
    out += varText(name, m[0])
    last = m.index + m[0].length
  }
  if (last < rest.length) out += shq(rest.slice(last))
  return out === '' ? "''" : out
}

/** A command line from words; `expand` applies Ansible's argument expansion. */
export function commandLine(words: string[], expand: boolean): string {
  return words.map((w) => (expand ? expandWord(w) : shq(w))).join(' ')
}
