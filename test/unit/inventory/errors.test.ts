import { expect } from 'chai'
import { loadInventory } from '../../../engine/inventory/index.js'
import { problemsOf, tempTree } from './helpers.js'

function problemsFor(files: Record<string, string>, source: string) {
  const cwd = tempTree(files)
  return problemsOf(() => loadInventory([source], { cwd }))
}

describe('inventory errors', () => {
  it('reports an unknown section type with file, line, column and the valid choices', () => {
    const [p, ...rest] = problemsFor({ 'hosts.ini': 'h0\n[web:foo]\nh1\n' }, 'hosts.ini')
    expect(rest).to.have.length(0)
    expect(p).to.include({ code: 'INVENTORY_SECTION', key: 'foo' })
    expect(p!.loc).to.deep.equal({ file: 'hosts.ini', line: 2, column: 1 })
    expect(p!.hint).to.contain('[web:children]')
  })

  it('reports a child group that is never defined, at the line that names it', () => {
    const [p] = problemsFor({ 'hosts.ini': '[web]\nw1\n[all_web:children]\nweb\n  missing\n' }, 'hosts.ini')
    expect(p).to.include({ code: 'INVENTORY_UNDEFINED_GROUP', key: 'missing' })
    expect(p!.loc).to.deep.equal({ file: 'hosts.ini', line: 5, column: 3 })
    expect(p!.hint).to.contain('[missing]')
  })

  it('reports [group:vars] for a group never declared', () => {
    const [p] = problemsFor({ 'hosts.ini': '[ghost:vars]\nx=1\n' }, 'hosts.ini')
    expect(p).to.include({ code: 'INVENTORY_UNDEFINED_GROUP', key: 'ghost' })
    expect(p!.loc?.line).to.equal(1)
  })

  it('reports every bad line of a file at once', () => {
    const text = '[web]\nnode[01:] x=1\nok1 novalue other=1\n[web:vars]\njustaword\nnode[a:3]\n'
    const problems = problemsFor({ 'hosts.ini': text }, 'hosts.ini')
    expect(problems.map((p) => [p.code, p.loc?.line, p.loc?.column])).to.deep.equal([
      ['INVENTORY_RANGE', 2, 1],
      ['INVENTORY_HOST_VAR_SYNTAX', 3, 5],
      ['INVENTORY_VARS_SYNTAX', 5, 1],
      ['INVENTORY_VARS_SYNTAX', 6, 1],
    ])
    expect(problems[1]!.key).to.equal('novalue')
    expect(problems.every((p) => p.hint)).to.equal(true)
  })

  it('reports a malformed letter/number range', () => {
    const [p] = problemsFor({ 'hosts.ini': '[web]\n  node[a:3]\n' }, 'hosts.ini')
    expect(p).to.include({ code: 'INVENTORY_RANGE', key: 'node[a:3]' })
    expect(p!.loc).to.deep.equal({ file: 'hosts.ini', line: 2, column: 3 })
  })

  it('rejects a host defined again with a different port', () => {
    const [p] = problemsFor({ 'hosts.ini': '[a]\nh1:22\n[b]\nh1:2222\nh2\n[c]\nh2:2200\n' }, 'hosts.ini')
    expect(p).to.include({ code: 'INVENTORY_HOST_PORT', key: 'h1' })
    expect(p!.loc).to.deep.equal({ file: 'hosts.ini', line: 4, column: 1 })
    expect(p!.message).to.contain('hosts.ini:2')
  })

  it('reports an unclosed quote', () => {
    const [p] = problemsFor({ 'hosts.ini': '[a]\nh1 motd="hello\n' }, 'hosts.ini')
    expect(p).to.include({ code: 'INVENTORY_HOST_SYNTAX' })
    expect(p!.loc?.line).to.equal(2)
  })

  it('reports a group loop', () => {
    const [p] = problemsFor({ 'hosts.ini': '[a:children]\nb\n[b:children]\na\n' }, 'hosts.ini')
    expect(p).to.include({ code: 'INVENTORY_GROUP_LOOP' })
  })

  it('reports broken YAML with its position', () => {
    const [p] = problemsFor({ 'inv.yml': 'all:\n  hosts:\n    a: [1\n' }, 'inv.yml')
    expect(p!.code).to.equal('YAML_SYNTAX')
    expect(p!.loc?.file).to.equal('inv.yml')
    expect(p!.loc?.line).to.be.greaterThan(0)
  })

  it('reports YAML inventory shape errors with key positions and suggestions', () => {
    const yaml =
      'all:\n  children:\n    web:\n      host:\n        w1:\n    db:\n      hosts:\n        - d1\n'
    const problems = problemsFor({ 'inv.yml': yaml }, 'inv.yml')
    expect(problems.map((p) => [p.key, p.loc?.line, p.loc?.column])).to.deep.equal([
      ['host', 4, 7],
      ['hosts', 7, 7],
    ])
    expect(problems[0]!.hint).to.contain('`hosts`')
  })

  it('rejects a group_vars file that is not a mapping', () => {
    const [p] = problemsFor({ 'inv/hosts': '[web]\nw1\n', 'inv/group_vars/web.yml': '- a\n- b\n' }, 'inv')
    expect(p).to.include({ code: 'INVENTORY_VARS_FILE' })
    expect(p!.loc?.file).to.equal('inv/group_vars/web.yml')
  })

  it('reports a missing source', () => {
    const [p] = problemsFor({}, 'nope.ini')
    expect(p).to.include({ code: 'INVENTORY_NOT_FOUND' })
  })
})
