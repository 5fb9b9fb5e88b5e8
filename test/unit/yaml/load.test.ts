import { expect } from 'chai'
import { locate, parseYamlDocument } from '../../../engine/yaml/load.js'
import { EncryptedString } from '../../../engine/yaml/vault-tag.js'

describe('parseYamlDocument()', () => {
  it('reads YAML 1.1 values as Ansible does: yes/no booleans, 0644 octal', () => {
    expect(parseYamlDocument('a: yes\nb: off\nc: 0644\nd: "0644"\n', 'x.yml')).to.deep.equal({
      a: true,
      b: false,
      c: 420,
      d: '0644',
    })
  })

  it('reads y and n as strings, as PyYAML (and so Ansible) does, though YAML 1.1 makes them booleans', () => {
    expect(parseYamlDocument('a: y\nb: N\ny: 1\nc: On\nd: NO\n', 'x.yml')).to.deep.equal({
      a: 'y',
      b: 'N',
      y: 1,
      c: true,
      d: false,
    })
  })

  it('remembers the line and column of every key and list item', () => {
    const doc = parseYamlDocument('top:\n  - name: one\n    when: x\n', 'x.yml') as {
      top: Record<string, unknown>[]
    }
    expect(locate(doc, 'top')).to.deep.equal({ file: 'x.yml', line: 1, column: 1 })
    expect(locate(doc.top, 0)).to.deep.equal({ file: 'x.yml', line: 2, column: 5 })
    expect(locate(doc.top[0], 'when')).to.deep.equal({ file: 'x.yml', line: 3, column: 5 })
  })

  it('keeps a __proto__ key as data instead of replacing the prototype', () => {
    const doc = parseYamlDocument('__proto__:\n  polluted: true\n', 'x.yml') as Record<string, unknown>
    expect(Object.getPrototypeOf(doc)).to.equal(Object.prototype)
    expect(Object.keys(doc)).to.deep.equal(['__proto__'])
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined)
  })

  it('merges << keys without overriding keys written in the mapping', () => {
    const doc = parseYamlDocument('base: &b {a: 1, b: 2}\nx:\n  <<: *b\n  b: 3\n', 'x.yml') as Record<
      string,
      unknown
    >
    expect(doc['x']).to.deep.equal({ a: 1, b: 3 })
  })

  it('keeps !vault values encrypted and prints them as <vault>', () => {
    const doc = parseYamlDocument('pw: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  6162\n', 'x.yml') as Record<
      string,
      unknown
    >
    expect(doc['pw']).to.be.instanceOf(EncryptedString)
    expect(JSON.stringify(doc)).to.equal('{"pw":"<vault>"}')
  })

  it('reports syntax errors and unknown aliases with file, line and column', () => {
    expect(() => parseYamlDocument('a: [1, 2\nb: 3\n', 'bad.yml')).to.throw(
      /bad\.yml:\d+:\d+: error YAML_SYNTAX/,
    )
    expect(() => parseYamlDocument('a: *nope\n', 'bad.yml')).to.throw(/error YAML_/)
  })
})
