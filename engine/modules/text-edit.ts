/**
 * The text transforms of lineinfile, blockinfile and replace as pure functions
 * `(content, args) → result`, following Ansible's code line by line where its behaviour is subtle
 * (e.g. an exact line that lacks its final newline counts as "replaced").
 */
import { ModuleFailure } from './types.js'
import { pyExpand, pyToJs } from './text-edit-regex.js'

export { pyExpand, pyToJs }

/** Python's `readlines()`: lines keep their '\n'. */
export function readLines(content: string): string[] {
  return content.match(/[^\n]*\n|[^\n]+$/g) ?? []
}

/** bytes.splitlines(True): '\n', '\r\n' and '\r' end lines. */
function splitLinesKeep(content: string): string[] {
  return content.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? []
}

const rstripEol = (s: string) => s.replace(/[\r\n]+$/, '')
/** A line as Python's re.search sees it: `$` matches before the final '\n' */
const body = (s: string) => (s.endsWith('\n') ? s.slice(0, -1) : s)

export interface LineInFileArgs {
  state?: 'present' | 'absent' | undefined
  line?: string | undefined
  regexp?: string | undefined
  search_string?: string | undefined
  insertafter?: string | undefined
  insertbefore?: string | undefined
  backrefs?: boolean | undefined
  firstmatch?: boolean | undefined
}

export interface EditResult {
  content: string
  changed: boolean
  msg: string
  /** lineinfile state=absent: lines removed */
  found?: number | undefined
}

export function lineInFile(content: string, a: LineInFileArgs): EditResult {
  return a.state === 'absent' ? lineAbsent(content, a) : linePresent(content, a)
}

function linePresent(content: string, a: LineInFileArgs): EditResult {
  if (a.line === undefined) throw new ModuleFailure('line is required with state=present')
  if (a.backrefs && a.regexp === undefined) throw new ModuleFailure('regexp is required with backrefs=true')
  const line = a.line
  const lines = readLines(content)
  let { insertafter, insertbefore } = a
  if (insertafter === undefined && insertbefore === undefined) insertafter = 'EOF'
  const re = a.regexp !== undefined ? pyToJs(a.regexp) : undefined
  let insRe: RegExp | undefined
  if (insertafter !== undefined && insertafter !== 'BOF' && insertafter !== 'EOF') insRe = pyToJs(insertafter)
  else if (insertbefore !== undefined && insertbefore !== 'BOF') insRe = pyToJs(insertbefore)

  let matchIdx = -1
  let insIdx = -1
  let match: RegExpExecArray | true | undefined
  for (const [i, cur] of lines.entries()) {
    const found = re ? re.exec(body(cur)) : a.search_string !== undefined && cur.includes(a.search_string)
    if (found) {
      matchIdx = i
      match = found
      if (a.firstmatch) break
    }
  }
  if (!match) {
    for (const [i, cur] of lines.entries()) {
      if (line === rstripEol(cur)) matchIdx = i
      else if (insRe?.test(body(cur))) {
        insIdx = insertafter ? i + 1 : i
        if (a.firstmatch) break
      }
    }
  }
  const done = (msg: string): EditResult => ({ content: lines.join(''), changed: msg !== '', msg })
  if (matchIdx !== -1) {
    let newLine = a.backrefs && match && match !== true ? pyExpand(line, match) : line
    if (!newLine.endsWith('\n')) newLine += '\n'
    if (lines[matchIdx] === newLine) return done('')
    lines[matchIdx] = newLine
    return done('line replaced')
  }
  if (a.backrefs) return done('')
  if (insertbefore === 'BOF' || insertafter === 'BOF') {
    lines.unshift(line + '\n')
    return done('line added')
  }
  if (insertafter === 'EOF' || insIdx === -1) {
    const last = lines.length - 1
    if (last >= 0 && !/[\r\n]$/.test(lines[last]!)) lines[last] += '\n'
    lines.push(line + '\n')
    return done('line added')
  }
  if (insertafter) {
    if (insIdx === lines.length) {
      if (rstripEol(lines[insIdx - 1]!) === line) return done('')
      lines.push(line + '\n')
    } else {
      if (rstripEol(lines[insIdx]!) === line) return done('')
      lines.splice(insIdx, 0, line + '\n')
    }
    return done('line added')
  }
  lines.splice(insIdx, 0, line + '\n')
  return done('line added')
}

function lineAbsent(content: string, a: LineInFileArgs): EditResult {
  if (a.regexp === undefined && a.search_string === undefined && a.line === undefined) {
    throw new ModuleFailure('one of line, search_string, or regexp is required with state=absent')
  }
  const re = a.regexp !== undefined ? pyToJs(a.regexp) : undefined
  const lines = readLines(content)
  const kept = lines.filter((cur) => {
    if (re) return !re.test(body(cur))
    if (a.search_string !== undefined) return !cur.includes(a.search_string)
    return a.line !== rstripEol(cur)
  })
  const found = lines.length - kept.length
  return { content: kept.join(''), changed: found > 0, msg: found ? `${found} line(s) removed` : '', found }
}

export interface BlockInFileArgs {
  state?: 'present' | 'absent' | undefined
  block?: string | undefined
  marker?: string | undefined
  marker_begin?: string | undefined
  marker_end?: string | undefined
  insertafter?: string | undefined
  insertbefore?: string | undefined
  append_newline?: boolean | undefined
  prepend_newline?: boolean | undefined
}

/** `original` undefined: the file does not exist yet. */
export function blockInFile(original: string | undefined, a: BlockInFileArgs): EditResult {
  const present = a.state !== 'absent'
  const lines = splitLinesKeep(original ?? '')
  let { insertafter, insertbefore } = a
  if (insertafter === undefined && insertbefore === undefined) insertafter = 'EOF'
  let insRe: RegExp | undefined
  if (insertafter !== undefined && insertafter !== 'EOF') insRe = pyToJs(insertafter)
  else if (insertbefore !== undefined && insertbefore !== 'BOF') insRe = pyToJs(insertbefore)

  const marker = a.marker ?? '# {mark} ANSIBLE MANAGED BLOCK'
  const marker0 = marker.split('{mark}').join(a.marker_begin ?? 'BEGIN') + '\n'
  const marker1 = marker.split('{mark}').join(a.marker_end ?? 'END') + '\n'
  let block = a.block ?? ''
  let blockLines: string[] = []
  if (present && block) {
    if (!block.endsWith('\n')) block += '\n'
    blockLines = [marker0, ...splitLinesKeep(block), marker1]
  }
  let n0: number | undefined
  let n1: number | undefined
  for (const [i, l] of lines.entries()) {
    if (l === marker0) n0 = i
    if (l === marker1) n1 = i
  }
  if (n0 === undefined || n1 === undefined) {
    n0 = undefined
    if (insRe) {
      if (insRe.multiline) {
        const text = original ?? ''
        const m = insRe.exec(text)
        if (m) n0 = countNewlines(text, insertafter ? m.index + m[0].length : m.index)
      } else {
        for (const [i, l] of lines.entries()) if (insRe.test(body(l))) n0 = i
      }
      if (n0 === undefined) n0 = lines.length
      else if (insertafter !== undefined) n0 += 1
    } else n0 = insertbefore !== undefined ? 0 : lines.length
  } else if (n0 < n1) {
    lines.splice(n0, n1 - n0 + 1)
  } else {
    lines.splice(n1, n0 - n1 + 1)
    n0 = n1
  }
  if (n0 > 0 && !lines[n0 - 1]!.endsWith('\n')) lines[n0 - 1] += '\n'
  if (a.prepend_newline && present && n0 !== 0 && lines[n0 - 1] !== '\n') lines.splice(n0++, 0, '\n')
  lines.splice(n0, 0, ...blockLines)
  const after = n0 + blockLines.length
  if (a.append_newline && present && after < lines.length && lines[after] !== '\n')
    lines.splice(after, 0, '\n')

  const result = lines.join('')
  if (original === result) return { content: result, changed: false, msg: '' }
  const msg = original === undefined ? 'File created' : blockLines.length ? 'Block inserted' : 'Block removed'
  return { content: result, changed: true, msg }
}

function countNewlines(s: string, end: number): number {
  let n = 0
  for (let i = 0; i < end; i++) if (s[i] === '\n') n++
  return n
}

export interface ReplaceArgs {
  regexp: string
  replace?: string | undefined
  after?: string | undefined
  before?: string | undefined
}

/** Ansible's replace: re.subn with MULTILINE, limited to the section between `after` and `before`. */
export function replaceText(content: string, a: ReplaceArgs): EditResult & { count: number } {
  let start = 0
  let end = content.length
  let pattern = ''
  if (a.after && a.before) pattern = `${a.after}(?P<subsection>.*?)${a.before}`
  else if (a.after) pattern = `${a.after}(?P<subsection>.*)`
  else if (a.before) pattern = `(?P<subsection>.*)${a.before}`
  if (pattern) {
    const m = pyToJs(pattern, 'sd').exec(content)
    const range = m?.indices?.groups?.subsection
    if (!range) {
      const msg = `Pattern for before/after params did not match the given file: ${pattern}`
      return { content, changed: false, msg, count: 0 }
    }
    ;[start, end] = range
  }
  const section = content.slice(start, end)
  const re = pyToJs(a.regexp, 'gm')
  let out = ''
  let last = 0
  let count = 0
  for (const m of section.matchAll(re)) {
    out += section.slice(last, m.index) + pyExpand(a.replace ?? '', m)
    last = m.index + m[0].length
    count++
  }
  out += section.slice(last)
  if (count === 0 || out === section) return { content, changed: false, msg: '', count }
  const result = content.slice(0, start) + out + content.slice(end)
  return { content: result, changed: true, msg: `${count} replacements made`, count }
}
