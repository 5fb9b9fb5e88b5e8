import { expect } from 'chai'
import { join } from 'node:path'
import { loadProject, tasksForHost } from '../../../engine/api.js'
import { REPO } from '../../helpers/cli.js'

const dir = join(REPO, 'test/fixtures/playbooks/good')
const load = (extraVars: string[] = []) =>
  loadProject({ playbook: 'site.yml', inventories: ['inventory.ini'], extraVars, cwd: dir })

describe('loadPlaybook()', () => {
  it('normalizes plays, roles, blocks and imports into typed nodes', () => {
    const pb = load().playbook!
    expect(pb.plays.map((p) => p.name)).to.deep.equal(['Prepare all app hosts', 'Database only'])
    const [first] = pb.plays
    expect(first!.hosts).to.deep.equal(['app'])
    expect(first!.gatherFacts).to.equal(false)
    expect(first!.varsFiles[0]!.vars).to.deep.equal({ common_packages: ['curl', 'jq'] })
    const roleBlocks = first!.tasks.filter((n) => n.kind === 'block' && n.name?.startsWith('role '))
    expect(roleBlocks.map((b) => b.name)).to.deep.equal(['role common', 'role web'])
  })

  it('splits free-form command arguments the way Ansible does', () => {
    const planned = tasksForHost(load(), 'web1')
    const cmd = planned.find((t) => t.task.name === 'A command with free-form arguments')!.task
    expect(cmd.module).to.equal('command')
    expect(cmd.args).to.deep.equal({ cmd: 'ls -l /tmp', chdir: '/', creates: '/nonexistent' })
    expect(cmd.register).to.equal('listing')
    expect(cmd.changedWhen).to.deep.equal([false])
  })

  it('resolves fully qualified module names', () => {
    const pb = load().playbook!
    const debug = tasksForHost(load(), 'web1', { only: ['never'], skip: [] }).find(
      (t) => t.task.name === 'Show the port',
    )
    expect(debug?.task.module).to.equal('debug')
    expect(pb.plays[0]!.handlers.map((h) => h.name)).to.deep.equal(['common changed', 'restart app'])
    expect(pb.plays[0]!.handlers[1]!.listen).to.deep.equal(['app changed'])
  })

  it('gives each host its task list in run order, dependencies before the role', () => {
    const names = tasksForHost(load(), 'db1').map(
      (t) => `${t.playIndex}:${t.task.role ? t.task.role.name + ' : ' : ''}${t.task.name}`,
    )
    expect(names).to.deep.equal([
      '0:Say the greeting',
      '0:common : Install common packages',
      '0:common : Write motd',
      '0:common : Copy a file',
      '0:db : Create database',
      '0:web : Configure web port',
      '0:A command with free-form arguments',
      '0:Might fail',
      '0:Extra imported task',
      '0:Second extra task',
      '0:Always runs',
      '0:Loop over items',
      '0:Final word',
      '1:Check the database',
      '1:Untagged step',
    ])
    expect(tasksForHost(load(), 'web1').some((t) => t.playIndex === 1)).to.equal(false)
  })
})

describe('variables a task sees', () => {
  const varsOf = (host: string, name: string, extra: string[] = []) =>
    tasksForHost(load(extra), host)
      .find((t) => t.task.name === name)!
      .vars()

  it('applies the ladder: role vars over role defaults, role params over defaults', () => {
    expect(varsOf('web1', 'Install common packages')['common_level']).to.equal('role-vars')
    expect(varsOf('web1', 'Install common packages')['motd_text']).to.equal('Welcome')
    expect(varsOf('web1', 'Configure web port')['web_port']).to.equal(9090)
    expect(varsOf('web1', 'Create database')['db_name']).to.equal('webdb')
  })

  it('keeps role variables private to their role', () => {
    expect(varsOf('web1', 'Final word')).not.to.have.property('motd_text')
  })

  it('types inline inventory host vars and keeps group vars from the inventory', () => {
    const v = varsOf('web1', 'Say the greeting')
    expect(v['http_port']).to.equal(8080)
    expect(v['app_env']).to.equal('staging')
    expect(v['ansible_host']).to.equal('127.0.0.2')
  })

  it('renders templated variables lazily against the host', () => {
    expect(varsOf('web2', 'Say the greeting')['message']).to.equal('hello from web2')
  })

  it('lets extra vars win over everything', () => {
    const v = varsOf('web1', 'Configure web port', ['web_port=1', 'greeting=hi'])
    expect(v['web_port']).to.equal('1')
    expect(v['message']).to.equal('hi from web1')
  })

  it('provides magic variables', () => {
    const v = varsOf('web1', 'Say the greeting')
    expect(v['inventory_hostname']).to.equal('web1')
    expect(v['group_names']).to.deep.equal(['app', 'web'])
    expect((v['groups'] as Record<string, string[]>)['web']).to.deep.equal(['web1', 'web2'])
    expect(v['ansible_play_hosts']).to.deep.equal(['web1', 'web2', 'db1'])
    expect(
      ((v['hostvars'] as Record<string, Record<string, unknown>>)['web2'] ?? {})['ansible_host'],
    ).to.equal('127.0.0.3')
    expect(varsOf('web1', 'Write motd')['role_path']).to.equal(join(dir, 'roles/common'))
  })
})
