import { expect } from 'chai'
import { expandHostPattern, HostPatternError, parseAddress } from '../../../engine/inventory/ranges.js'

describe('host ranges and ports', () => {
  const cases: [string, string[], number | undefined][] = [
    ['web', ['web'], undefined],
    ['web:2222', ['web'], 2222],
    ['node[1:3]', ['node1', 'node2', 'node3'], undefined],
    ['node[01:10:4]', ['node01', 'node05', 'node09'], undefined],
    ['rack-[a:c]', ['rack-a', 'rack-b', 'rack-c'], undefined],
    ['x[:1]', ['x0', 'x1'], undefined],
    ['r[1:2]-u[a:b]', ['r1-ua', 'r1-ub', 'r2-ua', 'r2-ub'], undefined],
    ['db[1:2].example.com:5433', ['db1.example.com', 'db2.example.com'], 5433],
    ['10.0.0.[1:2]', ['10.0.0.1', '10.0.0.2'], undefined],
    ['[2001:db8::1]:22', ['2001:db8::1'], 22],
  ]
  for (const [pattern, hosts, port] of cases) {
    it(`expands ${pattern}`, () => {
      expect(expandHostPattern(pattern)).to.deep.equal({ hosts, port })
    })
  }

  for (const bad of [
    'node[01:]',
    'node[a:3]',
    'node[01:100]',
    'node[1:2:0]',
    'node[3:1]',
    'node[1]',
    'node]1:2[',
  ]) {
    it(`rejects ${bad} with a hint`, () => {
      expect(() => expandHostPattern(bad))
        .to.throw(HostPatternError)
        .with.property('hint')
        .that.matches(/\[/)
    })
  }

  it('parses addresses like Ansible', () => {
    expect(parseAddress('host:22', false)).to.deep.equal({ host: 'host', port: 22 })
    expect(parseAddress('web[1:2]', false)).to.equal(undefined)
    expect(parseAddress('bad name', true)).to.equal(undefined)
  })
})
