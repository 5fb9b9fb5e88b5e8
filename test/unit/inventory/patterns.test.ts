import { expect } from 'chai'
import { loadInventory, selectHosts, splitHostPattern } from '../../../engine/inventory/index.js'
import { problemsOf, tempTree } from './helpers.js'

const INI = `bastion
[web]
web1
web2
web10
[db]
db1
db2
[prod:children]
web
db
`

describe('host patterns', () => {
  const cwd = tempTree({ 'hosts.ini': INI, 'limit.txt': 'db2\n\nweb1\n' })
  const inv = loadInventory(['hosts.ini'], { cwd })
  const cases: [string, string[]][] = [
    ['all', ['bastion', 'web1', 'web2', 'web10', 'db1', 'db2']],
    ['', ['bastion', 'web1', 'web2', 'web10', 'db1', 'db2']],
    ['web', ['web1', 'web2', 'web10']],
    ['db:web', ['db1', 'db2', 'web1', 'web2', 'web10']],
    ['prod:&db', ['db1', 'db2']],
    ['prod:!web1', ['web2', 'web10', 'db1', 'db2']],
    ['!db', ['bastion', 'web1', 'web2', 'web10']],
    ['web?', ['web1', 'web2']],
    ['~web\\d+', ['web1', 'web2', 'web10']],
    ['~web1', ['web1', 'web10']],
    ['web[0]', ['web1']],
    ['web[-1]', ['web10']],
    ['prod[1:2]', ['web2', 'web10']],
    ['prod[3:]', ['db1', 'db2']],
    ['nothing', []],
    ['db2,web1,db2', ['db2', 'web1']],
  ]
  for (const [pattern, want] of cases) {
    it(`${JSON.stringify(pattern)} selects ${want.join(',') || 'nothing'}`, () => {
      expect(selectHosts(inv, pattern, { cwd })).to.deep.equal(want)
    })
  }

  it('reads @file like --limit', () => {
    expect(selectHosts(inv, '@limit.txt', { cwd })).to.deep.equal(['db2', 'web1'])
    expect(selectHosts(inv, ['web', '@limit.txt'], { cwd })).to.deep.equal(['web1', 'web2', 'web10', 'db2'])
    // like Ansible, only a leading @ reads a file
    expect(selectHosts(inv, ['web', '!@limit.txt'], { cwd })).to.deep.equal(['web1', 'web2', 'web10'])
  })

  it('splits on commas and colons but keeps addresses and ranges', () => {
    expect(splitHostPattern('a:b,c')).to.deep.equal(['a:b', 'c'])
    expect(splitHostPattern('a:!b:&c')).to.deep.equal(['a', '!b', '&c'])
    expect(splitHostPattern('web[0:2]')).to.deep.equal(['web[0:2]'])
    expect(splitHostPattern('2001:db8::1')).to.deep.equal(['2001:db8::1'])
  })

  it('rejects a broken regex and an index past the end with a TsplayError', () => {
    expect(problemsOf(() => selectHosts(inv, '~web(', { cwd }))[0]).to.include({ code: 'INVENTORY_PATTERN' })
    const [p] = problemsOf(() => selectHosts(inv, 'web[7]', { cwd }))
    expect(p).to.include({ code: 'INVENTORY_PATTERN_INDEX' })
    expect(p!.hint).to.contain('0 to 2')
    expect(problemsOf(() => selectHosts(inv, '@missing.txt', { cwd }))[0]).to.include({
      code: 'INVENTORY_PATTERN_FILE',
    })
  })
})
