/**
 * Parser for conditions (`when`, `failed_when`, `assert.that`…): a Jinja expression subset. A
 * hand-written precedence-climbing parser, because Jinja's `is not defined`, `not in` and
 * `| filter(args)` need grammar rules that generic JS-expression parsers (jsep) only reach
 * through plugins, and we want our own column-exact messages. Precedence, loosest first:
 * `or` < `and` < `not` < comparisons/`in` < `+ - ~` < `* / // %` < unary `-` < postfix
 * (`.a`, `[i]`, `| filter`, `is test`), as in Jinja.
 */
import { FILTERS } from './filters.js'
import { describe, ExprSyntaxError, lex, type Token } from './expr-lex.js'
import { TESTS } from './expr-tests.js'

export type Node =
  | { k: 'lit'; v: unknown }
  | { k: 'var'; name: string }
  | { k: 'get'; obj: Node; key: Node; path: string }
  | { k: 'list'; items: Node[] }
  | { k: 'dict'; entries: [Node, Node][] }
  | { k: 'not' | 'neg'; arg: Node }
  | { k: 'and' | 'or'; left: Node; right: Node }
  | { k: 'cmp'; op: CmpOp; left: Node; right: Node }
  | { k: 'math'; op: MathOp; left: Node; right: Node }
  | { k: 'filter'; name: string; arg: Node; args: Node[]; kwargs: Map<string, Node> }
  | { k: 'test'; name: string; arg: Node; args: Node[]; kwargs: Map<string, Node>; negate: boolean }

export type CmpOp = '==' | '!=' | '<' | '>' | '<=' | '>=' | 'in' | 'not in'
export type MathOp = '+' | '-' | '~' | '*' | '/' | '//' | '%'

const CMP = new Set(['==', '!=', '<', '>', '<=', '>='])
const LITERALS = new Map<string, unknown>([
  ['true', true],
  ['True', true],
  ['false', false],
  ['False', false],
  ['none', null],
  ['None', null],
  ['null', null],
])
const RESERVED = new Set(['and', 'or', 'not', 'in', 'is'])

export function parse(src: string): Node {
  const p = new Parser(lex(src))
  const node = p.or()
  p.expectEnd()
  return node
}

class Parser {
  private i = 0
  constructor(private readonly tokens: Token[]) {}

  private get tok(): Token {
    return this.tokens[this.i]!
  }
  private peek(n = 1): Token {
    return this.tokens[Math.min(this.i + n, this.tokens.length - 1)]!
  }
  private isOp(v: string, t = this.tok): boolean {
    return t.t === 'op' && t.v === v
  }
  private isName(v: string, t = this.tok): boolean {
    return t.t === 'name' && t.v === v
  }
  private next(): Token {
    return this.tokens[this.i++]!
  }
  private fail(message: string, t = this.tok, hint?: string): never {
    throw new ExprSyntaxError(message, t.at + 1, hint)
  }
  private expectOp(v: string): void {
    if (!this.isOp(v)) this.fail(`expected \`${v}\` but found ${describe(this.tok)}`)
    this.i++
  }

  expectEnd(): void {
    if (this.tok.t === 'eof') return
    if (this.isOp('=')) this.fail('unexpected `=`', this.tok, 'compare with `==`')
    if (this.isOp('('))
      this.fail(
        'function and method calls are not supported',
        this.tok,
        'use filters and tests: `x | lower`, `x is match("re")`',
      )
    this.fail(`unexpected ${describe(this.tok)}`)
  }

  or(): Node {
    let left = this.and()
    while (this.isName('or')) {
      this.i++
      left = { k: 'or', left, right: this.and() }
    }
    return left
  }

  private and(): Node {
    let left = this.not()
    while (this.isName('and')) {
      this.i++
      left = { k: 'and', left, right: this.not() }
    }
    return left
  }

  private not(): Node {
    if (this.isName('not')) {
      this.i++
      return { k: 'not', arg: this.not() }
    }
    return this.compare()
  }

  private compare(): Node {
    const left = this.sum()
    let op: CmpOp | undefined
    if (this.tok.t === 'op' && CMP.has(this.tok.v as string)) op = this.next().v as CmpOp
    else if (this.isName('in')) op = (this.i++, 'in')
    else if (this.isName('not') && this.isName('in', this.peek())) op = ((this.i += 2), 'not in')
    return op ? { k: 'cmp', op, left, right: this.sum() } : left
  }

  private sum(): Node {
    let left = this.product()
    while (this.isOp('+') || this.isOp('-') || this.isOp('~')) {
      const op = this.next().v as MathOp
      left = { k: 'math', op, left, right: this.product() }
    }
    return left
  }

  private product(): Node {
    let left = this.unary()
    while (this.isOp('*') || this.isOp('/') || this.isOp('//') || this.isOp('%')) {
      const op = this.next().v as MathOp
      left = { k: 'math', op, left, right: this.unary() }
    }
    return left
  }

  private unary(): Node {
    if (this.isOp('-')) {
      this.i++
      return { k: 'neg', arg: this.unary() }
    }
    if (this.isOp('+')) this.i++
    return this.postfix(this.primary())
  }

  private postfix(node: Node): Node {
    for (;;) {
      if (this.isOp('.')) {
        this.i++
        const t = this.next()
        if (t.t !== 'name' && t.t !== 'num') this.fail(`expected an attribute name after \`.\``, t)
        node = { k: 'get', obj: node, key: { k: 'lit', v: t.v }, path: `${pathOf(node)}.${t.v}` }
      } else if (this.isOp('[')) {
        this.i++
        const key = this.or()
        this.expectOp(']')
        const shown = key.k === 'lit' ? JSON.stringify(key.v) : '…'
        node = { k: 'get', obj: node, key, path: `${pathOf(node)}[${shown}]` }
      } else if (this.isOp('|')) {
        this.i++
        const t = this.next()
        const name = String(t.v)
        if (t.t !== 'name') this.fail('expected a filter name after `|`', t)
        if (!FILTER_NAMES.has(name))
          this.fail(
            `unknown filter \`${name}\``,
            t,
            'see docs/templates.md for the filters conditions support',
          )
        node = { k: 'filter', name, arg: node, ...this.callArgs() }
      } else if (this.isName('is')) {
        this.i++
        const negate = this.isName('not') ? (this.i++, true) : false
        const t = this.next()
        const name = String(t.v)
        if ((t.t !== 'name' || !TESTS.has(name)) && !(t.t === 'name' && LITERALS.has(name))) {
          this.fail(`unknown test \`${name}\``, t, `tests are: ${[...TESTS.keys()].join(', ')}`)
        }
        node = {
          k: 'test',
          name: LITERALS.has(name) ? (name === 'null' ? 'none' : name.toLowerCase()) : name,
          arg: node,
          negate,
          ...this.callArgs(),
        }
      } else return node
    }
  }

  private callArgs(): { args: Node[]; kwargs: Map<string, Node> } {
    const args: Node[] = []
    const kwargs = new Map<string, Node>()
    if (!this.isOp('(')) return { args, kwargs }
    this.i++
    while (!this.isOp(')')) {
      if (this.tok.t === 'name' && this.isOp('=', this.peek())) {
        const name = String(this.next().v)
        this.i++
        kwargs.set(name, this.or())
      } else args.push(this.or())
      if (!this.isOp(',')) break
      this.i++
    }
    this.expectOp(')')
    return { args, kwargs }
  }

  private primary(): Node {
    const t = this.next()
    if (t.t === 'num' || t.t === 'str') return { k: 'lit', v: t.v }
    if (t.t === 'name') {
      const name = t.v as string
      if (LITERALS.has(name)) return { k: 'lit', v: LITERALS.get(name) }
      if (RESERVED.has(name)) this.fail(`unexpected \`${name}\``, t)
      if (this.isOp('('))
        this.fail(
          `\`${name}(…)\`: function calls are not supported`,
          this.tok,
          'use filters: `x | int`, `x | default(1)`',
        )
      return { k: 'var', name }
    }
    if (t.t === 'op' && t.v === '(') {
      const first = this.or()
      if (!this.isOp(',')) {
        this.expectOp(')')
        return first
      }
      return { k: 'list', items: [first, ...this.sequence(')')] }
    }
    if (t.t === 'op' && t.v === '[') return { k: 'list', items: this.sequence(']', true) }
    if (t.t === 'op' && t.v === '{') {
      if (this.isOp('{')) {
        this.fail(
          'template delimiters `{{ }}` inside a condition',
          t,
          'a condition is already an expression: write `x == 1` not `{{ x == 1 }}`',
        )
      }
      return this.dict()
    }
    if (t.t === 'eof') this.fail('unexpected end of expression', t)
    const hint = t.t === 'op' && t.v === '=' ? 'compare with `==`' : undefined
    return this.fail(`unexpected ${describe(t)}`, t, hint)
  }

  /** Items up to `close`; the opening bracket (and for tuples the first item) already consumed. */
  private sequence(close: string, fresh = false): Node[] {
    const items: Node[] = []
    if (!fresh) this.expectOp(',')
    while (!this.isOp(close)) {
      items.push(this.or())
      if (!this.isOp(',')) break
      this.i++
    }
    this.expectOp(close)
    return items
  }

  private dict(): Node {
    const entries: [Node, Node][] = []
    while (!this.isOp('}')) {
      const key = this.or()
      this.expectOp(':')
      entries.push([key, this.or()])
      if (!this.isOp(',')) break
      this.i++
    }
    this.expectOp('}')
    return { k: 'dict', entries }
  }
}

const FILTER_NAMES = new Set([...FILTERS.keys(), 'default', 'd', 'list', 'abs', 'min', 'max'])

function pathOf(n: Node): string {
  if (n.k === 'var') return n.name
  if (n.k === 'get') return n.path
  return '(…)'
}

export { ExprSyntaxError }
