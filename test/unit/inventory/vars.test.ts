import { expect } from 'chai'
import { EncryptedString } from '../../../engine/yaml/vault-tag.js'
import {
  groupNamesOf,
  groupsMap,
  hostVarLayers,
  hostVars,
  loadInventory,
  toAnsibleList,
  toGraph,
} from '../../../engine/inventory/index.js'
import { tempTree } from './helpers.js'

describe('inventory variables', () => {
  const cwd = tempTree({
    'inv/hosts':
      'lone\n[web]\nw1 x=host\n[web:children]\nweb_eu\n[web_eu]\nw1\n[all:vars]\nx=all\n[web:vars]\nx=web\n',
    'inv/group_vars/all.yml': 'x: all_file\nsecret: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  3031\n',
    'inv/group_vars/web_eu/a.yml': 'x: eu_file\n',
    'inv/host_vars/w1.yml': 'x: host_file\n',
  })
  const inv = loadInventory(['inv'], { cwd })

  it('lists layers lowest first with understandable origins', () => {
    const layers = hostVarLayers(inv, 'w1')
    expect(layers.map((l) => [l.origin, l.vars['x']])).to.deep.equal([
      ['inv/hosts [all:vars]', 'all'],
      ['inv/hosts [web:vars]', 'web'],
      ['inv/group_vars/all.yml', 'all_file'],
      ['inv/group_vars/web_eu/a.yml', 'eu_file'],
      ['inv/hosts:3', 'host'],
      ['inv/host_vars/w1.yml', 'host_file'],
    ])
    expect(layers.every((l) => l.loc?.file && l.loc.line > 0)).to.equal(true)
  })

  it('merges with last wins and keeps vaulted values encrypted', () => {
    const vars = hostVars(inv, 'w1')
    expect(vars['x']).to.equal('host_file')
    expect(vars['secret']).to.be.instanceOf(EncryptedString)
    expect(hostVars(inv, 'lone')['x']).to.equal('all_file')
  })

  it('computes group_names and groups like Ansible', () => {
    expect(groupNamesOf(inv, 'w1')).to.deep.equal(['web', 'web_eu'])
    expect(groupNamesOf(inv, 'lone')).to.deep.equal(['ungrouped'])
    expect(groupsMap(inv)).to.deep.equal({
      all: ['lone', 'w1'],
      ungrouped: ['lone'],
      web: ['w1'],
      web_eu: ['w1'],
    })
  })

  it('renders --list and --graph', () => {
    const list = toAnsibleList(inv) as Record<string, { hosts?: string[]; children?: string[] }>
    expect(list['all']).to.deep.equal({ children: ['ungrouped', 'web'] })
    expect(list['web']).to.deep.equal({ hosts: ['w1'], children: ['web_eu'] })
    expect(toGraph(inv, 'web')).to.equal('@web:\n  |--@web_eu:\n  |  |--w1\n  |--w1')
  })
})
