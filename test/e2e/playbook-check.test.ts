/**
 * `tsplay check` on bad playbooks: each mistake gives exit code 5 and one clear paragraph naming the
 * file, line and column, the key and a suggestion, with no stack trace; good playbooks pass.
 */
import { expect } from 'chai'
import { join } from 'node:path'
import { REPO, runCli } from '../helpers/cli.js'

const bad = join(REPO, 'test/fixtures/playbooks/bad')

interface Case {
  file: string
  code: string
  /** `file:line:col` expected in the message */
  at: string
  says: RegExp
}

const cases: Case[] = [
  {
    file: 'unknown-module.yml',
    code: 'UNKNOWN_MODULE',
    at: 'unknown-module.yml:4:7',
    says: /did you mean `lineinfile`\?/,
  },
  { file: 'when-mapping.yml', code: 'TASK_SCHEMA', at: 'when-mapping.yml:6:7', says: /`when`/ },
  { file: 'play-typo.yml', code: 'PLAY_SCHEMA', at: 'play-typo.yml:1:3', says: /did you mean `hosts`\?/ },
  {
    file: 'missing-role.yml',
    code: 'ROLE_NOT_FOUND',
    at: 'missing-role.yml:3:7',
    says: /role `comon` was not found/,
  },
  {
    file: 'missing-handler.yml',
    code: 'HANDLER_NOT_FOUND',
    at: 'missing-handler.yml:3:7',
    says: /`restart apache`/,
  },
  {
    file: 'missing-import.yml',
    code: 'FILE_NOT_FOUND',
    at: 'missing-import.yml:3:7',
    says: /does-not-exist\.yml/,
  },
  {
    file: 'missing-template.yml',
    code: 'SRC_NOT_FOUND',
    at: 'missing-template.yml:3:7',
    says: /templates\//,
  },
  { file: 'broken-yaml.yml', code: 'YAML_SYNTAX', at: 'broken-yaml.yml:', says: /invalid YAML/ },
  { file: 'two-modules.yml', code: 'TASK_ACTIONS', at: 'two-modules.yml:5:7', says: /`command`, `shell`/ },
  { file: 'bad-arg.yml', code: 'MODULE_ARGS', at: 'bad-arg.yml:6:9', says: /did you mean `dest`\?/ },
  { file: 'bad-expression.yml', code: 'EXPR_SYNTAX', at: 'bad-expression.yml:6:', says: /x == = 1/ },
  { file: 'bad-template.yml', code: 'TEMPLATE_SYNTAX', at: 'bad-template.yml:', says: /template/ },
  {
    file: 'missing-vars-file.yml',
    code: 'FILE_NOT_FOUND',
    at: 'missing-vars-file.yml:3:7',
    says: /nothing-here\.yml/,
  },
  { file: 'role-args.yml', code: 'ROLE_ARGUMENTS', at: 'role-args.yml:', says: /`mode`.*(up|down)/s },
]

describe('tsplay check reports bad playbooks clearly', function () {
  this.timeout(60_000)
  for (const c of cases) {
    it(`${c.file}: ${c.code} at ${c.at}`, async () => {
      const r = await runCli(['check', c.file, '-i', 'inventory.ini'], { cwd: bad })
      expect(r.code, r.stderr).to.equal(5)
      expect(r.stdout).to.equal('')
      expect(r.stderr).to.contain(`error ${c.code}`)
      expect(r.stderr).to.contain(c.at)
      expect(r.stderr).to.match(c.says)
      expect(r.stderr).to.contain('Suggestion:')
      expect(r.stderr).not.to.match(/\n\s+at .*\.js:\d+/)
    })
  }

  it('reports every mistake of a playbook at once', async () => {
    const r = await runCli(['check', 'many-errors.yml', '-i', 'inventory.ini'], { cwd: bad })
    expect(r.code).to.equal(5)
    expect(r.stderr).to.contain('many-errors.yml:4:7: error UNKNOWN_MODULE')
    expect(r.stderr).to.contain('many-errors.yml:8:9: error MODULE_ARGS')
    expect(r.stderr).to.contain('error HANDLER_NOT_FOUND')
  })

  it('run --syntax-check gives the same verdict as check', async () => {
    const r = await runCli(['run', 'unknown-module.yml', '-i', 'inventory.ini', '--syntax-check'], {
      cwd: bad,
    })
    expect(r.code).to.equal(5)
    expect(r.stderr).to.contain('error UNKNOWN_MODULE')
  })

  for (const inv of ['inventories/prod/inventory.ini', 'inventories/demo']) {
    it(`finds the shipped playbooks/site.yml and roles clean with ${inv}`, async () => {
      for (const dist of ['k0s', 'kubeadm', 'rke2']) {
        const r = await runCli(['check', 'playbooks/site.yml', '-i', inv, '-e', `k8s_distribution=${dist}`])
        expect(r.code, r.stderr).to.equal(0)
        expect(r.stdout).to.match(/ok — 7 play\(s\)/)
      }
    })
  }

  it('passes a good playbook and says no host was contacted', async () => {
    const good = join(REPO, 'test/fixtures/playbooks/good')
    const r = await runCli(['check', 'site.yml', '-i', 'inventory.ini'], { cwd: good })
    expect(r.stderr).to.equal('')
    expect(r.code).to.equal(0)
    expect(r.stdout).to.match(/ok — 2 play\(s\), \d+ task\(s\), 3 host\(s\); no host was contacted/)
  })
})
