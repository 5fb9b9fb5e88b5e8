import { expect } from 'chai'
import { iniValue } from '../../../engine/inventory/typing.js'

describe('INI value typing (Python literal_eval)', () => {
  const cases: [string, unknown][] = [
    ['42', 42],
    ['-7', -7],
    ['+3', 3],
    ['1_000', 1000],
    ['0x1F', 31],
    ['0o17', 15],
    ['0b101', 5],
    ['1.5', 1.5],
    ['2.5e3', 2500],
    ['.5', 0.5],
    ['1.', 1],
    ['00', 0],
    ['007', '007'],
    ['True', true],
    ['False', false],
    ['true', 'true'],
    ['yes', 'yes'],
    ['None', null],
    ['null', 'null'],
    ['[1, 2, 3]', [1, 2, 3]],
    ['(1, 2)', [1, 2]],
    ['(1,)', [1]],
    ['()', []],
    ['1, 2', [1, 2]],
    ["{'a': [True, None]}", { a: [true, null] }],
    ['{1: 2}', { '1': 2 }],
    ['{}', {}],
    ["'quoted'", 'quoted'],
    ['"double"', 'double'],
    ["u'x'", 'x'],
    ["b'bytes'", 'bytes'],
    ["'a' 'b'", 'ab'],
    ["'a\\nb'", 'a\nb'],
    ["r'a\\nb'", 'a\\nb'],
    ["'\\x41\\u00e9'", 'Aé'],
    ['1 # comment', 1],
    ['  5', 5],
    ['1+2', '1+2'],
    ['-True', '-True'],
    ['abc', 'abc'],
    ['{a:1}', '{a:1}'],
    ['len([])', 'len([])'],
    ['1.2.3', '1.2.3'],
    ['10.0.0.1', '10.0.0.1'],
    ['12:30', '12:30'],
    ['a=b', 'a=b'],
    ['3j', '3j'],
    ["f'x'", "f'x'"],
    ["'unterminated", "'unterminated"],
    ['[1, 2', '[1, 2'],
    ['', ''],
    ['inf', 'inf'],
  ]
  for (const [text, want] of cases) {
    it(`${JSON.stringify(text)} → ${JSON.stringify(want)}`, () => {
      expect(iniValue(text)).to.deep.equal(want)
    })
  }
})
