import { expect } from 'chai'
import { checkExpression, evalCondition } from '../../../engine/template/index.js'
import { EncryptedString } from '../../../engine/yaml/vault-tag.js'

import { ev, failure, origin, vars } from './expr-fixtures.js'

describe('conditions', () => {
  describe('literals and access', () => {
    it('reads numbers, strings with either quote and escapes, booleans and none', () => {
      expect(ev('3.5')).to.equal(3.5)
      expect(ev(`'it\\'s' ~ "a\\"b"`)).to.equal(`it's` + 'a"b')
      expect(ev('True and true')).to.equal(true)
      expect(ev('[none, None, null, False]')).to.deep.equal([null, null, null, false])
    })
    it('builds lists, tuples and mappings', () => {
      expect(ev('[1, x, "a",]')).to.deep.equal([1, 1, 'a'])
      expect(ev('(1, 2)')).to.deep.equal([1, 2])
      expect(ev("{'a': x, 'b': [1]}")).to.deep.equal({ a: 1, b: [1] })
    })
    it('reads attributes, keys and indexes', () => {
      expect(ev('result.rc')).to.equal(0)
      expect(ev("map['dash-key']")).to.equal(2)
      expect(ev('list[0] + list[-1]')).to.equal(4)
      expect(ev('s[1]')).to.equal('e')
    })
  })

  describe('precedence', () => {
    it('not binds looser than ==: not a == b is not (a == b)', () => {
      expect(ev('not x == 2')).to.equal(true)
      expect(ev('not a == b')).to.equal(true)
    })
    it('and binds tighter than or: a or b and c is a or (b and c)', () => {
      expect(ev('a or b and c')).to.equal(true)
      expect(ev('(a or b) and c')).to.equal(false)
    })
    it('x is not defined or x == 1 short-circuits', () => {
      expect(ev('y is not defined or y == 1')).to.equal(true)
      expect(ev('x is not defined or x == 1')).to.equal(true)
    })
    it('and short-circuits so guarded lookups never fail', () => {
      expect(ev('y is defined and y.z == 1')).to.equal(false)
    })
    it('arithmetic binds tighter than comparison', () => {
      expect(ev('x + 2 * 3 == 7')).to.equal(true)
      expect(ev('-x + 1 == 0')).to.equal(true)
      expect(ev('7 // 2 == 3 and 7 % 3 == 1 and 7 / 2 == 3.5')).to.equal(true)
    })
    it('filters bind tighter than comparison and arithmetic', () => {
      expect(ev('n | int + 1 == 43')).to.equal(true)
    })
  })

  describe('operators', () => {
    it('== and != compare structurally, without coercion', () => {
      expect(ev('list == [1, 2, 3]')).to.equal(true)
      expect(ev('n == 42')).to.equal(false)
      expect(ev("x != '1'")).to.equal(true)
    })
    it('in and not in work on strings, lists and mapping keys', () => {
      expect(ev("'running' in result.stdout")).to.equal(true)
      expect(ev('2 in list')).to.equal(true)
      expect(ev("'k' in map")).to.equal(true)
      expect(ev('5 not in list')).to.equal(true)
    })
    it('< and > on mismatched types is an error with a hint', () => {
      const err = failure(() => evalCondition('n > 3', vars, origin))
      expect(err.message).to.contain('cannot compare a string > an int')
      expect(err.problems[0]!.hint).to.contain('| int')
    })
    it('~ concatenates as text and + concatenates strings and lists', () => {
      expect(ev('s ~ x')).to.equal('Hello1')
      expect(ev("s + '!'")).to.equal('Hello!')
      expect(ev('list + [4]')).to.deep.equal([1, 2, 3, 4])
    })
  })

  describe('filters', () => {
    it('bool converts Ansible truthy words', () => {
      expect(ev("'yes' | bool")).to.equal(true)
      expect(ev("'false' | bool")).to.equal(false)
    })
    it('length, int, lower, upper, string', () => {
      expect(ev('list | length')).to.equal(3)
      expect(ev('n | int')).to.equal(42)
      expect(ev('s | lower')).to.equal('hello')
      expect(ev('s | upper')).to.equal('HELLO')
      expect(ev('x | string')).to.equal('1')
    })
    it('default replaces undefined values, and falsy ones when asked', () => {
      expect(ev("missing | default('d')")).to.equal('d')
      expect(ev('missing.deeper | default(3)')).to.equal(3)
      expect(ev("empty | default('d')")).to.equal('')
      expect(ev("empty | default('d', true)")).to.equal('d')
      expect(ev("missing | d('short')")).to.equal('short')
    })
    it('filters chain and take keyword arguments', () => {
      expect(ev("s | regex_replace('h', 'J', ignorecase=true) | lower")).to.equal('jello')
      expect(ev("list | join(',')")).to.equal('1,2,3')
    })
    it('unknown filters are syntax errors with the column', () => {
      const p = checkExpression('x | nope', origin)
      expect(p?.message).to.contain('unknown filter `nope` at column 5')
    })
  })

  describe('tests', () => {
    it('defined, undefined and none', () => {
      expect(ev('x is defined and y is undefined')).to.equal(true)
      expect(ev('none is none and x is not none')).to.equal(true)
      expect(ev('none is defined')).to.equal(true)
    })
    it('failed, changed, succeeded/success and skipped on task results', () => {
      expect(ev('result is succeeded and result is success and result is changed')).to.equal(true)
      expect(ev('failedResult is failed and failedResult is not changed')).to.equal(true)
      expect(ev('skippedResult is skipped and result is not skipped')).to.equal(true)
    })
    it('changed looks into loop results', () => expect(ev('loopResult is changed')).to.equal(true))
    it('result tests on a non-mapping explain what they expect', () => {
      expect(failure(() => ev('x is failed')).message).to.contain('expects a task result')
    })
    it('match anchors at the start, search anywhere', () => {
      expect(ev("result.stdout is search('running')")).to.equal(true)
      expect(ev("result.stdout is match('running')")).to.equal(false)
      expect(ev("result.stdout is match('service')")).to.equal(true)
      expect(ev("s is match('hello', ignorecase=true)")).to.equal(true)
      expect(ev("result.stdout is search('^ok$', multiline=true)")).to.equal(true)
    })
    it('accepts Python named groups in regular expressions', () => {
      expect(ev("version is match('(?P<major>\\d+)\\.(?P=major)')")).to.equal(false)
      expect(ev("'20.20' is match('(?P<major>\\d+)\\.(?P=major)')")).to.equal(true)
    })
    it('version compares dotted versions numerically', () => {
      expect(ev("version is version('9.10', '>')")).to.equal(true)
      expect(ev("'1.10.0' is version('1.9', 'ge')")).to.equal(true)
      expect(ev("'1.2' is version('1.2.0', '==')")).to.equal(true)
    })
    it('type tests', () => {
      expect(ev('s is string and x is number and list is sequence and map is mapping')).to.equal(true)
      expect(ev('x is integer and 1.5 is float and a is boolean')).to.equal(true)
    })
    it('truthy, falsy, true and false', () => {
      expect(ev('list is truthy and empty is falsy')).to.equal(true)
      expect(ev('a is true and b is false and x is not true')).to.equal(true)
    })
    it('unknown tests are syntax errors listing the tests', () => {
      expect(checkExpression('x is nope', origin)?.hint).to.contain('defined')
    })
  })

  describe('evalCondition', () => {
    it('a list means all must hold', () => {
      expect(evalCondition(['x == 1', 'a'], vars, origin)).to.equal(true)
      expect(evalCondition(['x == 1', 'b'], vars, origin)).to.equal(false)
    })
    it('stops at the first false item of a list', () => {
      expect(evalCondition(['b', 'undefined_var == 1'], vars, origin)).to.equal(false)
    })
    it('booleans pass through and empty conditions hold', () => {
      expect(evalCondition(true, vars, origin)).to.equal(true)
      expect(evalCondition(false, vars, origin)).to.equal(false)
      expect(evalCondition(null, vars, origin)).to.equal(true)
    })
    it('uses Python truthiness for non-boolean results', () => {
      expect(evalCondition('list', vars, origin)).to.equal(true)
      expect(evalCondition('empty', vars, origin)).to.equal(false)
      expect(evalCondition('result.stdout', vars, origin)).to.equal(true)
    })
    it('refuses a result that is a boolean-looking string, pointing to | bool', () => {
      const err = failure(() => evalCondition('flag', { flag: 'false' }, origin))
      expect(err.code).to.equal('EXPR_AMBIGUOUS')
      expect(err.problems[0]!.hint).to.contain('flag | bool')
    })
    it('rejects values that are not conditions', () => {
      expect(failure(() => evalCondition({ a: 1 }, vars, origin)).code).to.equal('EXPR_INVALID')
    })
    it('names an undefined variable and where the condition is', () => {
      const err = failure(() => evalCondition('result.rc == 0 and missing_var', vars, origin))
      expect(err.code).to.equal('EXPR_UNDEFINED')
      expect(err.message).to.contain('`missing_var` is undefined')
      expect(err.message).to.contain('roles/web/tasks/main.yml:7')
      expect(err.problems[0]!.key).to.equal('when')
    })
    it('names the full path of an undefined attribute', () => {
      expect(failure(() => evalCondition('result.nope.deeper == 1', vars, origin)).message).to.contain(
        '`result.nope` is undefined',
      )
    })
    it('resolves vault values with the caller’s resolver', () => {
      const v = { pw: new EncryptedString('x') }
      expect(evalCondition("pw == 'secret'", v, origin, { resolveSecret: () => 'secret' })).to.equal(true)
      expect(failure(() => evalCondition("pw == 'secret'", v, origin)).message).to.contain('vault')
    })
  })
})
