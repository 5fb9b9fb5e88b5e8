/** `tsplay inventory` as a user runs it: errors, usage, output options. */
import { expect } from 'chai'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli } from '../helpers/cli.js'

const dir = mkdtempSync(join(tmpdir(), 'tsplay-inv-cli-'))
function file(name: string, text: string): string {
  mkdirSync(join(dir, name, '..'), { recursive: true })
  writeFileSync(join(dir, name), text)
  return name
}

const BAD: [string, string, string, RegExp][] = [
  ['unknown section type', 'section.ini', 'h0\n[web:foo]\nw1\n', /section\.ini:2:1: error INVENTORY_SECTION/],
  [
    'undefined child group',
    'child.ini',
    '[all_web:children]\nweb\n',
    /child\.ini:2:1: error INVENTORY_UNDEFINED_GROUP/,
  ],
  ['open range', 'range.ini', '[web]\nnode[01:]\n', /range\.ini:2:1: error INVENTORY_RANGE/],
  ['letter/number range', 'range2.ini', '[web]\n  node[a:3]\n', /range2\.ini:2:3: error INVENTORY_RANGE/],
  ['broken YAML', 'broken.yml', 'all:\n  hosts: [a\n', /broken\.yml:\d+:\d+: error YAML_SYNTAX/],
  [
    'conflicting ports',
    'ports.ini',
    '[a]\nh1:22\n[b]\nh1:2222\n',
    /ports\.ini:4:1: error INVENTORY_HOST_PORT/,
  ],
  [
    'bad key=value',
    'kv.ini',
    '[a]\nh1 ansible_host 10.0.0.1\n',
    /kv\.ini:2:4: error INVENTORY_HOST_VAR_SYNTAX/,
  ],
  [
    'YAML shape',
    'shape.yml',
    'all:\n  hostz:\n    a:\n',
    /shape\.yml:2:3: error INVENTORY_YAML_SHAPE.*did you mean `hosts`/,
  ],
]

describe('tsplay inventory CLI', () => {
  for (const [what, name, text, pattern] of BAD) {
    it(`exits 5 with file:line:col and no stack trace: ${what}`, async () => {
      file(name, text)
      const r = await runCli(['inventory', '-i', name, '--list'], { cwd: dir })
      expect(r.code).to.equal(5)
      expect(r.stdout).to.equal('')
      expect(r.stderr).to.match(pattern)
      expect(r.stderr).to.contain('Suggestion:')
      expect(r.stderr).not.to.match(/\n\s+at /)
    })
  }

  it('requires -i and says so', async () => {
    const r = await runCli(['inventory', '--list'], { cwd: dir, env: { TSPLAY_INVENTORY: '' } })
    expect(r.code).to.equal(5)
    expect(r.stderr).to.contain('-i is required')
  })

  it('uses TSPLAY_INVENTORY when -i is absent', async () => {
    file('env.ini', '[g]\nh1\n')
    const r = await runCli(['inventory', '--graph'], { cwd: dir, env: { TSPLAY_INVENTORY: 'env.ini' } })
    expect(r.code).to.equal(0)
    expect(r.stdout).to.equal('@all:\n  |--@ungrouped:\n  |--@g:\n  |  |--h1\n')
  })

  it('needs exactly one action', async () => {
    file('one.ini', 'h1\n')
    const none = await runCli(['inventory', '-i', 'one.ini'], { cwd: dir })
    expect(none.code).to.equal(5)
    expect(none.stderr).to.contain('--list, --graph or --host')
    const two = await runCli(['inventory', '-i', 'one.ini', '--list', '--graph'], { cwd: dir })
    expect(two.code).to.equal(5)
  })

  it('rejects --graph of an unknown group and --host of an unknown host with suggestions', async () => {
    file('g.ini', '[webservers]\nweb1\n')
    const g = await runCli(['inventory', '-i', 'g.ini', '--graph', 'webserver'], { cwd: dir })
    expect(g.code).to.equal(5)
    expect(g.stderr).to.contain('did you mean `webservers`?')
    const h = await runCli(['inventory', '-i', 'g.ini', '--host', 'web2'], { cwd: dir })
    expect(h.code).to.equal(5)
    expect(h.stderr).to.contain('did you mean `web1`?')
  })

  it('writes --output and prints --yaml', async () => {
    file('y.ini', '[g]\nh1 port=1\n')
    const r = await runCli(['inventory', '-i', 'y.ini', '--list', '--output', 'out.json'], { cwd: dir })
    expect(r.code).to.equal(0)
    expect(r.stdout).to.equal('')
    expect(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'))._meta.hostvars).to.deep.equal({
      h1: { port: 1 },
    })
    const y = await runCli(['inventory', '-i', 'y.ini', '--list', '--yaml'], { cwd: dir })
    expect(y.stdout).to.equal(
      'all:\n  children:\n    g:\n      hosts:\n        h1:\n          port: 1\n    ungrouped: {}\n',
    )
  })

  it('shows examples in --help', async () => {
    const r = await runCli(['inventory', '--help'])
    expect(r.code).to.equal(0)
    expect(r.stdout).to.contain('tsplay inventory -i inventories/demo --graph')
  })
})
