/**
 * A port of Python's `ast.literal_eval`, which Ansible's INI plugin applies to every variable value.
 * Returns `undefined` where Python raises ValueError/SyntaxError (Ansible then keeps the raw string).
 * Tuples and sets become arrays; complex numbers, `...`, f-strings and unhashable keys are treated as
 * not literal (Ansible would fail to print them anyway).
 */
type Token =
  | { kind: 'num'; value: number }
  | { kind: 'str'; value: string; bytes: boolean }
  | { kind: 'name'; value: string }
  | { kind: 'op'; value: string }

class NotLiteral extends Error {}

const fail = (): never => {
  throw new NotLiteral()
}

const DIGITS = String.raw`[0-9](?:_?[0-9])*`
const EXPONENT = String.raw`[eE][+-]?${DIGITS}`
const NUMBER = new RegExp(
  String.raw`(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+` +
    String.raw`|(?:${DIGITS})?\.${DIGITS}(?:${EXPONENT})?|${DIGITS}\.(?:${EXPONENT})?|${DIGITS}${EXPONENT}` +
    String.raw`|[1-9](?:_?[0-9])*|0(?:_?0)*)`,
  'y',
)
const NAME = /[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*/y
const STRING_START = /([rRuUbBfF]{0,2})('''|"""|'|")/y

function parseNumber(text: string): number {
  const t = text.replace(/_/g, '')
  if (/^0[xob]/i.test(t)) return Number(t.toLowerCase())
  return Number(t)
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < src.length) {
    const c = src[i]!
    if (c === ' ' || c === '\t' || c === '\f') {
      i++
      continue
    }
    if (c === '#') break
    STRING_START.lastIndex = i
    const s = STRING_START.exec(src)
    if (s && isStringPrefix(s[1]!)) {
      const [value, end, bytes] = readString(src, s.index + s[1]!.length, s[1]!.toLowerCase(), s[2]!)
      tokens.push({ kind: 'str', value, bytes })
      i = end
      continue
    }
    NUMBER.lastIndex = i
    const n = /[0-9.]/.test(c) ? NUMBER.exec(src) : null
    if (n && n[0] !== '.') {
      i += n[0].length
      // `1j`, `1abc`, `0777`: Python rejects or builds non-JSON values
      if (/[A-Za-z0-9_.]/.test(src[i] ?? '')) fail()
      tokens.push({ kind: 'num', value: parseNumber(n[0]) })
      continue
    }
    NAME.lastIndex = i
    const name = NAME.exec(src)
    if (name) {
      tokens.push({ kind: 'name', value: name[0] })
      i += name[0].length
      continue
    }
    if ('()[]{},:+-'.includes(c)) {
      tokens.push({ kind: 'op', value: c })
      i++
      continue
    }
    fail()
  }
  return tokens
}

function isStringPrefix(p: string): boolean {
  return ['', 'r', 'u', 'b', 'br', 'rb'].includes(p.toLowerCase())
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\n': '',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
}

/** Reads a string literal whose quote starts at `start`; returns [value, end index, isBytes]. */
function readString(src: string, start: number, prefix: string, quote: string): [string, number, boolean] {
  const raw = prefix.includes('r')
  const bytes = prefix.includes('b')
  let i = start + quote.length
  let out = ''
  for (;;) {
    if (i >= src.length) fail()
    if (src.startsWith(quote, i)) return [out, i + quote.length, bytes]
    const c = src[i]!
    if (bytes && c.charCodeAt(0) > 127) fail()
    if (c !== '\\') {
      if (c === '\n' && quote.length === 1) fail()
      out += c
      i++
      continue
    }
    const next = src[i + 1]
    if (next === undefined) fail()
    if (raw) {
      out += c + next
      i += 2
      continue
    }
    const [text, used] = readEscape(src, i + 1, bytes)
    out += text
    i += 1 + used
  }
}

function readEscape(src: string, at: number, bytes: boolean): [string, number] {
  const e = src[at]!
  const simple = SIMPLE_ESCAPES[e]
  if (simple !== undefined) return [simple, 1]
  const octal = /^[0-7]{1,3}/.exec(src.slice(at, at + 3))
  if (octal) return [String.fromCharCode(parseInt(octal[0], 8) & (bytes ? 0xff : 0x1ff)), octal[0].length]
  const width = e === 'x' ? 2 : !bytes && e === 'u' ? 4 : !bytes && e === 'U' ? 8 : 0
  if (width) {
    const hex = src.slice(at + 1, at + 1 + width)
    if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) fail()
    const code = parseInt(hex, 16)
    if (code > 0x10ffff) fail()
    return [String.fromCodePoint(code), 1 + width]
  }
  if (e === 'N' && !bytes) fail()
  return ['\\' + e, 1]
}

class Parser {
  private pos = 0
  constructor(private readonly tokens: Token[]) {}

  parseAll(): unknown {
    const value = this.testList(true)
    if (this.pos !== this.tokens.length) fail()
    return value
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos]
  }

  private isOp(v: string): boolean {
    const t = this.peek()
    return t?.kind === 'op' && t.value === v
  }

  private expectOp(v: string): void {
    if (!this.isOp(v)) fail()
    this.pos++
  }

  /** `a, b,` at the top level or inside parentheses is a tuple. */
  private testList(topLevel: boolean): unknown {
    const first = this.expr()
    if (!this.isOp(',')) return first
    const items = [first]
    while (this.isOp(',')) {
      this.pos++
      if (this.atEnd(topLevel ? undefined : ')')) break
      items.push(this.expr())
    }
    return items
  }

  private atEnd(closer?: string): boolean {
    return closer ? this.isOp(closer) : this.pos === this.tokens.length
  }

  private expr(): unknown {
    const t = this.peek() ?? fail()
    if (t.kind === 'op' && (t.value === '+' || t.value === '-')) {
      this.pos++
      const operand = this.atom()
      if (typeof operand !== 'number') fail()
      return this.rejectBinOp(t.value === '-' ? -(operand as number) : (operand as number))
    }
    const value = this.atom()
    return typeof value === 'number' ? this.rejectBinOp(value) : value
  }

  /** `1 + 2` is not literal; `1 + 2j` would be complex, which we do not support either. */
  private rejectBinOp(value: number): number {
    if (this.isOp('+') || this.isOp('-')) fail()
    return value
  }

  private atom(): unknown {
    const t = this.peek() ?? fail()
    this.pos++
    if (t.kind === 'num') return t.value
    if (t.kind === 'str') return this.concatStrings(t)
    if (t.kind === 'name') return this.name(t.value)
    if (t.value === '(') return this.parenthesised()
    if (t.value === '[') return this.sequence(']')
    if (t.value === '{') return this.braces()
    return fail()
  }

  private name(n: string): unknown {
    if (n === 'True' || n === 'False') return n === 'True'
    if (n === 'None') return null
    if (n === 'set' && this.isOp('(')) {
      this.pos++
      this.expectOp(')')
      return []
    }
    return fail()
  }

  private concatStrings(first: Token & { kind: 'str' }): string {
    let value = first.value
    for (let t = this.peek(); t?.kind === 'str'; t = this.peek()) {
      if (t.bytes !== first.bytes) fail()
      value += t.value
      this.pos++
    }
    // Ansible turns bytes into text as UTF-8
    return first.bytes ? Buffer.from(value, 'latin1').toString('utf8') : value
  }

  private parenthesised(): unknown {
    if (this.isOp(')')) {
      this.pos++
      return []
    }
    const value = this.testList(false)
    this.expectOp(')')
    return value
  }

  private sequence(closer: string): unknown[] {
    const items: unknown[] = []
    while (!this.isOp(closer)) {
      items.push(this.expr())
      if (!this.isOp(',')) break
      this.pos++
    }
    this.expectOp(closer)
    return items
  }

  private braces(): unknown {
    if (this.isOp('}')) {
      this.pos++
      return {}
    }
    const first = this.expr()
    if (!this.isOp(':')) {
      const rest = this.isOp(',') ? (this.pos++, this.sequence('}')) : (this.expectOp('}'), [])
      return [first, ...rest].filter((v, i, all) => all.indexOf(v) === i || typeof v === 'object')
    }
    const out: Record<string, unknown> = {}
    let key = first
    for (;;) {
      this.expectOp(':')
      out[dictKey(key)] = this.expr()
      if (!this.isOp(',')) break
      this.pos++
      if (this.isOp('}')) break
      key = this.expr()
    }
    this.expectOp('}')
    return out
  }
}

/** JSON turns Python's int/bool/None keys into strings; lists and dicts cannot be keys at all. */
function dictKey(key: unknown): string {
  if (key === null) return 'null'
  if (typeof key === 'object') fail()
  return String(key)
}

/** `ast.literal_eval(text)`, or `undefined` where Python would raise ValueError or SyntaxError. */
export function pyLiteralEval(text: string): unknown {
  const src = text.replace(/^[ \t]+/, '')
  if (src.includes('\0')) return undefined
  try {
    const tokens = tokenize(src)
    if (!tokens.length) return undefined
    return new Parser(tokens).parseAll()
  } catch (err) {
    if (err instanceof NotLiteral) return undefined
    throw err
  }
}
