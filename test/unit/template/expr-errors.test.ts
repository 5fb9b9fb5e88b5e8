import { expect } from 'chai'
import { checkExpression, parseExpression, toBool, truthy } from '../../../engine/template/index.js'

import { ev, failure, origin } from './expr-fixtures.js'

describe('conditions: errors, caching and safety', () => {
  describe('syntax errors', () => {
    it('report the column and the file:line of the condition', () => {
      const p = checkExpression('x == (1', origin)
      expect(p?.code).to.equal('EXPR_SYNTAX')
      expect(p?.message).to.contain('at column 8')
      expect(p?.loc).to.deep.include({ file: 'roles/web/tasks/main.yml', line: 7 })
    })
    it('explain template delimiters inside a condition', () => {
      const p = checkExpression('{{ x == 1 }}', origin)
      expect(p?.hint).to.contain('write `x == 1` not `{{ x == 1 }}`')
    })
    it('point JavaScript habits to the Jinja spelling', () => {
      expect(checkExpression('a && b', origin)?.hint).to.contain('and')
      expect(checkExpression('!a', origin)?.hint).to.contain('not')
      expect(checkExpression('x = 1', origin)?.hint).to.contain('==')
      expect(checkExpression('x === 1', origin)?.hint).to.contain('==')
    })
    it('reject function and method calls', () => {
      expect(checkExpression('lookup("env", "HOME")', origin)?.message).to.contain('function calls')
      expect(checkExpression('s.startswith("H")', origin)?.message).to.contain('method calls')
    })
    it('reject unterminated strings and trailing tokens', () => {
      expect(checkExpression("s == 'abc", origin)?.message).to.contain('unterminated string at column 6')
      expect(checkExpression('x 1', origin)?.message).to.contain('unexpected `1`')
    })
    it('accept valid expressions', () => {
      expect(checkExpression("x is defined and 'a' not in s", origin)).to.equal(undefined)
    })
  })

  describe('caching', () => {
    it('parses a text once', () => {
      expect(parseExpression('x == 1 and a')).to.equal(parseExpression('x == 1 and a'))
    })
  })

  describe('security', () => {
    it('has no access to constructor, __proto__ or methods', () => {
      for (const text of [
        'x.constructor',
        "map['__proto__']",
        'map.__proto__',
        's.toString',
        'list.map',
        'map.hasOwnProperty',
      ]) {
        expect(ev(`${text} is defined`), text).to.equal(false)
        expect(failure(() => ev(text)).code, text).to.equal('EXPR_UNDEFINED')
      }
    })
    it('cannot chain to the Function constructor', () => {
      expect(ev('s.constructor.constructor is defined')).to.equal(false)
    })
    it('a __proto__ key in a mapping literal stays data', () => {
      const out = ev("{'__proto__': {'polluted': 1}}") as object
      expect(Object.getPrototypeOf(out)).to.equal(Object.prototype)
      expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined)
    })
    it('does not read inherited properties of variables', () => {
      const inherited = Object.create({ secret: 1 }) as object
      expect(ev('v.secret is defined', { v: inherited })).to.equal(false)
      expect(ev('toString is defined', {})).to.equal(false)
    })
  })

  describe('truthy and toBool', () => {
    it('truthy follows Python', () => {
      expect([0, '', [], {}, null, false].map(truthy)).to.deep.equal([
        false,
        false,
        false,
        false,
        false,
        false,
      ])
      expect(['false', '0', [0], { a: 1 }, -1].map(truthy)).to.deep.equal([true, true, true, true, true])
    })
    it('toBool follows Ansible’s bool filter', () => {
      expect(['yes', 'On', 'TRUE', '1', 'y', 't', 1, true].every(toBool)).to.equal(true)
      expect(['no', 'off', 'false', '0', '', 'maybe', 2, null].some(toBool)).to.equal(false)
    })
  })
})
