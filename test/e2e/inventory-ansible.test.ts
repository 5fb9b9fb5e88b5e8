/**
 * Parity with the real ansible-inventory / ansible (ansible-core is installed in CI): every fixture
 * inventory is printed by both tools and compared after parsing; host patterns are compared with
 * `ansible --list-hosts`.
 */
import { expect } from 'chai'
import { execFile } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { existsSync, readFileSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { promisify } from 'node:util'
import pLimit from 'p-limit'
import YAML from 'yaml'
import { loadInventory, selectHosts } from '../../engine/inventory/index.js'
import { REPO, runCli } from '../helpers/cli.js'

const run = promisify(execFile)
const FIXTURES = join(REPO, 'test/fixtures/inventories')
const ANSIBLE_ENV = {
  ...process.env,
  ANSIBLE_NOCOLOR: '1',
  ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED: 'True',
  ANSIBLE_LOCALHOST_WARNING: 'False',
  ANSIBLE_DEPRECATION_WARNINGS: 'False',
  ANSIBLE_HOST_PATTERN_MISMATCH: 'ignore',
  ANSIBLE_PYTHON_INTERPRETER: 'auto_silent',
}

/** Both sides print vaulted values as `!vault |` scalars; compare their ciphertext. */
const vaultAsMap = { tag: '!vault', resolve: (text: string) => ({ vault: text }) }

interface Case {
  name: string
  sources: string[]
}

const CASES: Case[] = [
  { name: 'prod seed layout', sources: ['../../../inventories/prod/inventory.ini'] },
  { name: 'demo directory', sources: ['../../../inventories/demo'] },
  { name: 'ranges, strides and letters', sources: ['ranges/hosts.ini'] },
  { name: 'children of children, forward references', sources: ['children/hosts.ini'] },
  { name: 'typed inline host vars', sources: ['typed-host/hosts.ini'] },
  { name: 'typed [group:vars]', sources: ['typed-group/hosts.ini'] },
  { name: 'quoting', sources: ['quoting/hosts.ini'] },
  { name: 'comments', sources: ['comments/hosts.ini'] },
  { name: 'host:port', sources: ['host-port/hosts.ini'] },
  { name: 'group_vars/host_vars files, dirs and .json', sources: ['vars-files/hosts.ini'] },
  { name: 'ansible_group_priority', sources: ['priority/hosts.ini'] },
  { name: 'precedence all < groups < files < host', sources: ['precedence/hosts.ini'] },
  { name: 'YAML inventory', sources: ['yaml-basic/inventory.yml'] },
  { name: 'YAML ranges and shorthands', sources: ['yaml-ranges/hosts.yaml'] },
  { name: 'JSON inventory', sources: ['yaml-json/inventory.json'] },
  { name: 'directory of inventories', sources: ['dir-mixed/inv'] },
  { name: 'several -i', sources: ['multi/a/hosts.ini', 'multi/b/hosts.yml'] },
  { name: 'host list', sources: ['h1,h2:2222, 192.0.2.1 ,[2001:db8::1]:22,web[1:2]'] },
  { name: '[all], [ungrouped] and all:children', sources: ['ungrouped/hosts.ini'] },
  { name: '!vault values', sources: ['vault/hosts.ini'] },
  { name: '!unsafe values, y/n strings', sources: ['unsafe/hosts.yml'] },
  { name: 'empty groups', sources: ['empty-groups/hosts.ini'] },
  { name: 'hosts in several groups', sources: ['duplicates/hosts.ini'] },
]

/**
 * Where several groups at the same level have children, Ansible walks them in Python set order (by
 * memory address), so `all` is only compared on inventories without such ambiguity.
 */
const PATTERN_CASES: { sources: string[]; patterns: string[] }[] = [
  {
    sources: ['../../../inventories/prod/inventory.ini'],
    patterns: [
      'all',
      '*',
      'kube_node',
      'kube_cluster',
      'kube_worker:kube_master',
      'kube_node,registry',
      'kube_cluster:&kube_worker',
      'kube_cluster:!kube_gpu',
      '!kube_node',
      'node0*',
      'node0?',
      '*0[12]',
      '~(node|gpu)0[12]',
      '~master',
      'kube_node[0]',
      'kube_node[-1]',
      'kube_cluster[1:3]',
      'kube_cluster[2:]',
      'kube_cluster[1-2]',
      'kube*:!kube_master:&kube_worker',
      'nothing_matches',
      'ungrouped',
      'kube_gpu:bastion_host:registry',
      'gpu01,node01,gpu01',
      '&kube_gpu',
      'kube_*[0]',
    ],
  },
  {
    sources: ['children/hosts.ini'],
    patterns: [
      'leaf_a:leaf_b',
      'middle',
      'leaf_b:leaf_a',
      'leaf*',
      'diamond:!leaf_b',
      'top[0:1]',
      'middle[-1]',
    ],
  },
  {
    sources: ['ungrouped/hosts.ini'],
    patterns: ['all', 'ungrouped', 'g', 'top*', 'all:!ungrouped', 'extra:g'],
  },
]

function ansibleArgs(sources: string[]): string[] {
  return sources.flatMap((s) => ['-i', s])
}

async function ansibleInventory(sources: string[], action: string[]): Promise<string> {
  const { stdout } = await run('ansible-inventory', [...ansibleArgs(sources), ...action], {
    cwd: FIXTURES,
    env: ANSIBLE_ENV,
  })
  return stdout
}

/** The Python that runs ansible (from the `ansible` script's shebang), to import it directly. */
function ansiblePython(): string {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    const script = join(dir, 'ansible')
    if (!existsSync(script)) continue
    const m = /^#!\s*(\S+)/.exec(readFileSync(script, 'utf8').split('\n')[0] ?? '')
    if (m) return m[1]!
  }
  return 'python3'
}

/** Many patterns per process through Ansible's InventoryManager (what `--list-hosts` calls). */
async function ansiblePatterns(cases: typeof PATTERN_CASES): Promise<Record<string, string[]>[]> {
  const child = run(ansiblePython(), [join(FIXTURES, 'list_hosts.py')], { cwd: FIXTURES, env: ANSIBLE_ENV })
  child.child.stdin!.end(JSON.stringify(cases))
  return JSON.parse((await child).stdout) as Record<string, string[]>[]
}

async function ansibleListHosts(sources: string[], pattern: string): Promise<string[]> {
  const { stdout } = await run('ansible', [...ansibleArgs(sources), pattern, '--list-hosts'], {
    cwd: FIXTURES,
    env: ANSIBLE_ENV,
  })
  return stdout
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .filter(Boolean)
}

describe('inventory parity with ansible-inventory', function () {
  this.timeout(120_000)
  const expected = new Map<string, { list: unknown; graph: string }>()
  let expectedPatterns: Record<string, string[]>[] = []

  before(async () => {
    const limit = pLimit(Math.max(4, availableParallelism()))
    await Promise.all([
      ...CASES.map((c) =>
        limit(async () => {
          const [list, graph] = await Promise.all([
            ansibleInventory(c.sources, ['--list']),
            ansibleInventory(c.sources, ['--graph']),
          ])
          expected.set(c.name, { list: JSON.parse(list), graph: graph.trimEnd() })
        }),
      ),
      limit(async () => {
        expectedPatterns = await ansiblePatterns(PATTERN_CASES)
      }),
    ])
  })

  for (const c of CASES) {
    it(`--list and --graph match: ${c.name}`, async () => {
      const want = expected.get(c.name)!
      const [list, graph] = await Promise.all([
        runCli(['inventory', ...ansibleArgs(c.sources), '--list'], { cwd: FIXTURES }),
        runCli(['inventory', ...ansibleArgs(c.sources), '--graph'], { cwd: FIXTURES }),
      ])
      expect(list.stderr).to.equal('')
      expect(list.code).to.equal(0)
      expect(JSON.parse(list.stdout)).to.deep.equal(want.list)
      expect(graph.stdout.trimEnd()).to.equal(want.graph)
      expect(Object.keys((want.list as { all: object }).all)).to.have.length.greaterThan(0)
    })
  }

  it('--graph --vars and --host match for the precedence case', async () => {
    const sources = ['precedence/hosts.ini']
    const [graph, host] = await Promise.all([
      ansibleInventory(sources, ['--graph', '--vars']),
      ansibleInventory(sources, ['--host', 'w1']),
    ])
    const ours = await runCli(['inventory', '-i', sources[0]!, '--graph', '--vars'], { cwd: FIXTURES })
    expect(ours.stdout.trimEnd()).to.equal(graph.trimEnd())
    const oursHost = await runCli(['inventory', '-i', sources[0]!, '--host', 'w1'], { cwd: FIXTURES })
    expect(JSON.parse(oursHost.stdout)).to.deep.equal(JSON.parse(host))
  })

  for (const c of [CASES[2]!, CASES[9]!, CASES[12]!, CASES[19]!]) {
    it(`--list --yaml matches: ${c.name}`, async () => {
      const want = YAML.parse(await ansibleInventory(c.sources, ['--list', '--yaml']), {
        customTags: [vaultAsMap],
      })
      const ours = await runCli(['inventory', ...ansibleArgs(c.sources), '--list', '--yaml'], {
        cwd: FIXTURES,
      })
      expect(ours.code).to.equal(0)
      expect(YAML.parse(ours.stdout, { customTags: [vaultAsMap] })).to.deep.equal(want)
    })
  }

  it('--list --export matches', async () => {
    const sources = ['vars-files/hosts.ini']
    const want = JSON.parse(await ansibleInventory(sources, ['--list', '--export']))
    const ours = await runCli(['inventory', '-i', sources[0]!, '--list', '--export'], { cwd: FIXTURES })
    expect(JSON.parse(ours.stdout)).to.deep.equal(want)
  })

  describe('host patterns match ansible --list-hosts', () => {
    PATTERN_CASES.forEach(({ sources, patterns }, index) => {
      for (const pattern of patterns) {
        it(`${sources[0]}: ${pattern}`, () => {
          const inv = loadInventory(sources, { cwd: FIXTURES })
          const want = expectedPatterns[index]?.[pattern]
          expect(want, 'ansible result').to.be.an('array')
          expect(selectHosts(inv, pattern)).to.deep.equal(want)
        })
      }
    })

    it('the pattern helper agrees with the ansible CLI', async () => {
      const sources = PATTERN_CASES[0]!.sources
      for (const pattern of ['kube_cluster[1:3]', 'kube*:!kube_master:&kube_worker']) {
        expect(await ansibleListHosts(sources, pattern)).to.deep.equal(expectedPatterns[0]?.[pattern])
      }
    })
  })
})
