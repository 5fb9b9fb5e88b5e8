/** Tokens of the condition language, with 0-based offsets for column-exact messages. */

export class ExprSyntaxError extends Error {
  constructor(
    message: string,
    /** 1-based column within the expression */
    readonly column: number,
    readonly hint?: string,
  ) {
    super(message)
  }
}

export interface Token {
  t: 'num' | 'str' | 'name' | 'op' | 'eof'
  v: string | number
  /** 0-based offset */
  at: number
}

const OPS = [
  '//',
  '==',
  '!=',
  '<=',
  '>=',
  '<',
  '>',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  '.',
  '|',
  ':',
  '+',
  '-',
  '*',
  '/',
  '%',
  '~',
  '=',
]
const MISTAKES: Record<string, string> = {
  '&&': 'write `and`',
  '||': 'write `or`',
  '!': 'write `not x` (or `!=` for inequality)',
  '===': 'write `==`',
  '!==': 'write `!=`',
}
const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
  '\\': '\\',
  "'": "'",
  '"': '"',
}

export function lex(src: string): Token[] {
  const out: Token[] = []
  let i = 0
  while (i < src.length) {
    const c = src[i]!
    if (/\s/.test(c)) {
      i++
      continue
    }
    const start = i
    if (/[0-9]/.test(c)) {
      const m = /^(\d[\d_]*(\.\d+)?([eE][+-]?\d+)?)/.exec(src.slice(i))!
      out.push({ t: 'num', v: Number(m[1]!.replace(/_/g, '')), at: start })
      i += m[1]!.length
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!
      out.push({ t: 'name', v: m[0], at: start })
      i += m[0].length
    } else if (c === '"' || c === "'") {
      let s = ''
      for (i++; i < src.length && src[i] !== c; i++) {
        if (src[i] === '\\' && i + 1 < src.length) s += ESCAPES[src[++i]!] ?? `\\${src[i]}`
        else s += src[i]
      }
      if (i >= src.length) throw new ExprSyntaxError('unterminated string', start + 1, `close it with ${c}`)
      i++
      out.push({ t: 'str', v: s, at: start })
    } else {
      const mistake =
        ['===', '!==', '&&', '||'].find((m) => src.startsWith(m, i)) ??
        (c === '!' && src[i + 1] !== '=' ? '!' : undefined)
      if (mistake) throw new ExprSyntaxError(`unexpected \`${mistake}\``, start + 1, MISTAKES[mistake])
      const op = OPS.find((o) => src.startsWith(o, i))
      if (!op) throw new ExprSyntaxError(`unexpected character \`${c}\``, start + 1)
      out.push({ t: 'op', v: op, at: start })
      i += op.length
    }
  }
  out.push({ t: 'eof', v: '', at: src.length })
  return out
}

export function describe(t: Token): string {
  if (t.t === 'eof') return 'the end of the expression'
  if (t.t === 'str') return `string ${JSON.stringify(t.v)}`
  return `\`${t.v}\``
}
