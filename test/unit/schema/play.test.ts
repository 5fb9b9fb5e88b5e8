import { expect } from 'chai'
import {
  playKeywords,
  taskKeywords,
  validatePlay,
  validateTaskKeywords,
} from '../../../engine/playbook/schema/index.js'
import { parseYaml } from '../../../engine/yaml/load.js'

const yaml = (text: string): unknown => parseYaml(text, 'x.yml')[0]
const play = (text: string) => validatePlay(yaml(text), 'x.yml')
const task = (text: string) => validateTaskKeywords(yaml(text) as Record<string, unknown>, 'x.yml')

describe('validatePlay', () => {
  it('accepts a complete play', () => {
    const text = `
name: Web servers
hosts: [web, db]
become: yes
become_user: root
become_method: sudo
gather_facts: false
serial: [1, "30%", 5]
strategy: free
any_errors_fatal: true
max_fail_percentage: 20
tags: [web]
environment: { PATH: /usr/bin, LEVEL: 3 }
ignore_errors: false
ignore_unreachable: true
check_mode: "{{ dry }}"
no_log: false
remote_user: deploy
connection: ssh
port: 2222
order: sorted
force_handlers: true
vars: { http_port: 80, _private: x }
vars_files: [vars/common.yml, [vars/os.yml, vars/default.yml]]
vars_prompt:
  - name: release
    prompt: Which release?
    private: no
roles:
  - common
  - role: nginx
    tags: nginx
    when: ansible_os_family == 'Debian'
    nginx_port: 8080
  - { name: app, vars: { a: 1 } }
pre_tasks: []
tasks:
  - debug: msg=hi
post_tasks:
handlers: []
`
    expect(play(text)).to.deep.equal([])
    expect(play('hosts: all\nserial: "{{ batch }}"\nbecome: "{{ need_root }}"')).to.deep.equal([])
  })

  it('accepts an import_playbook entry and checks its keys', () => {
    expect(play('import_playbook: site.yml\nwhen: x\ntags: [a]')).to.deep.equal([])
    expect(play('ansible.builtin.import_playbook: site.yml')).to.deep.equal([])
    const [p] = play('import_playbook: site.yml\nhosts: all')
    expect(p).to.include({
      code: 'PLAY_SCHEMA',
      key: 'hosts',
      message: '`import_playbook`: unknown key `hosts`',
    })
    const [q] = play('import_playbook: [a.yml]')
    expect(q).to.include({ key: 'import_playbook', hint: '`import_playbook` must be a string' })
  })

  it('suggests the play keyword a misspelt one was meant to be, and reports it once', () => {
    expect(play('hostss: all\ntasks: []\n')).to.deep.equal([
      {
        code: 'PLAY_SCHEMA',
        message: 'unknown play keyword `hostss`',
        key: 'hostss',
        loc: { file: 'x.yml', line: 1, column: 1 },
        hint: 'did you mean `hosts`?',
      },
    ])
  })

  it('rejects task keywords at play level', () => {
    const [p] = play('hosts: all\nregister: x')
    expect(p).to.include({ key: 'register', message: 'unknown play keyword `register`' })
    expect(p!.hint).to.match(/^valid play keywords: .*hosts/)
  })

  it('requires hosts', () => {
    expect(play('name: x\ntasks: []')).to.deep.equal([
      {
        code: 'PLAY_SCHEMA',
        message: 'missing required play keyword `hosts`',
        key: 'hosts',
        loc: { file: 'x.yml', line: 1, column: 1 },
        hint: 'add `hosts`',
      },
    ])
  })

  it('checks keyword types with one problem per mistake, in file order', () => {
    const problems = play(
      'hosts: all\nbecome: maybe\nserial: abc\nbecome_method: doas\nstrategy: fast\ngather_facts: 3\n',
    )
    expect(problems.map((p) => [p.key, p.loc?.line, p.hint])).to.deep.equal([
      ['become', 2, '`become` must be a boolean or a templated string'],
      [
        'serial',
        3,
        "`serial` must be a count or a percentage (such as 2 or '30%'), a list of them or a templated string",
      ],
      ['become_method', 4, '`become_method` must be one of sudo, su or a templated string'],
      ['strategy', 5, '`strategy` must be one of linear, free or a templated string'],
      ['gather_facts', 6, '`gather_facts` must be a boolean or a templated string'],
    ])
    expect(problems[0]!.message).to.equal("invalid value 'maybe' for `become`")
  })

  it('follows the branch the value was meant for', () => {
    const problems = play(
      'hosts: all\nserial: [1, x]\nroles:\n  - role: a\n    tags: {a: 1}\n  - {tags: x}\n',
    )
    expect(problems.map((p) => [p.key, p.loc?.line, p.loc?.column, p.hint])).to.deep.equal([
      ['serial[1]', 2, 13, "`serial[1]` must be a count or a percentage (such as 2 or '30%')"],
      ['roles[0].tags', 5, 5, '`roles[0].tags` must be a string or a list of them'],
      ['roles[1].role', 6, 5, 'add one of `role`, `name`'],
    ])
  })

  it('checks variable names in play vars', () => {
    const [p] = play('hosts: all\nvars:\n  ok: 1\n  bad-name: 2\n')
    expect(p).to.include({
      code: 'PLAY_SCHEMA',
      key: 'vars.bad-name',
      message: 'invalid variable name `bad-name`',
    })
    expect(p!.loc).to.deep.equal({ file: 'x.yml', line: 4, column: 3 })
  })

  it('wants task sections to be lists of mappings', () => {
    const [p, q] = play('hosts: all\ntasks: {debug: x}\nhandlers:\n  - just a string\n')
    expect(p).to.include({ key: 'tasks', hint: '`tasks` must be a list of mappings or empty (null)' })
    expect(q).to.include({ key: 'handlers[0]', hint: '`handlers[0]` must be a mapping' })
    expect(q!.loc).to.deep.equal({ file: 'x.yml', line: 4, column: 5 })
  })

  it('describes list-or-mapping keywords', () => {
    const problems = play('hosts: all\nroles: common\nenvironment: 3\n')
    expect(problems.map((p) => p.hint)).to.deep.equal([
      '`roles` must be a list of roles (names or mappings with `role:`)',
      '`environment` must be a mapping, a list of them or a templated string',
    ])
  })

  it('rejects a play that is not a mapping', () => {
    const [p] = validatePlay('all', 'x.yml')
    expect(p).to.include({ code: 'PLAY_SCHEMA', message: "a play must be a mapping, not 'all'" })
    expect(p!.hint).to.match(/hosts/)
  })

  it('exports the play keywords', () => {
    for (const k of ['hosts', 'roles', 'tasks', 'serial', 'vars_files', 'force_handlers'])
      expect(playKeywords.has(k)).to.equal(true)
    expect(playKeywords.has('when')).to.equal(false)
  })
})

describe('validateTaskKeywords', () => {
  it('accepts the Ansible task keywords, ignoring the module and unknown keys', () => {
    const text = `
name: Install
apt: { name: x }
whatever_unknown: 1
when: [a, true]
loop: "{{ items }}"
loop_control: { loop_var: pkg, index_var: i, label: "{{ pkg }}", pause: 1.5, extended: yes }
register: out
changed_when: false
failed_when: out.rc != 0
ignore_errors: true
notify: [restart a, restart b]
tags: web
become: true
become_user: www-data
delegate_to: localhost
delegate_facts: true
run_once: true
check_mode: false
diff: true
no_log: true
environment: { A: b }
retries: 3
until: out is success
delay: "{{ d }}"
timeout: 60
vars: { x: 1 }
args: { chdir: /tmp }
throttle: 2
any_errors_fatal: false
listen: web
with_items: [1, 2]
`
    expect(task(text)).to.deep.equal([])
    expect(task('block: []\nrescue:\nalways: [{debug: x}]\nwhen: x')).to.deep.equal([])
  })

  it('says what `when` may be', () => {
    expect(task('name: x\nwhen: {a: 1}\ncopy: {}')).to.deep.equal([
      {
        code: 'TASK_SCHEMA',
        message: 'invalid value a mapping for `when`',
        key: 'when',
        loc: { file: 'x.yml', line: 2, column: 1 },
        hint: '`when` must be a string, a boolean or a list of them',
      },
    ])
    const [p] = task('when:\n  - a\n  - {b: 1}')
    expect(p).to.include({ key: 'when[1]', hint: '`when[1]` must be a string or a boolean' })
    expect(p!.loc).to.deep.equal({ file: 'x.yml', line: 3, column: 5 })
  })

  it('checks loops, counts, names and nested loop_control keys', () => {
    const problems = task(
      'loop: abc\nretries: -1\nregister: my-out\nloop_control: {lop_var: x}\nnotify: {a: 1}\n',
    )
    expect(problems.map((p) => [p.key, p.loc?.line, p.hint])).to.deep.equal([
      ['loop', 1, '`loop` must be a list or a templated string'],
      ['retries', 2, '`retries` must be a whole number (0 or more) or a templated string'],
      ['register', 3, '`register` must be a valid variable name'],
      ['loop_control.lop_var', 4, 'did you mean `loop_var`?'],
      ['notify', 5, '`notify` must be a string or a list of them'],
    ])
    expect(problems[3]!.loc?.column).to.equal(16)
  })

  it('exports the task keywords the loader uses to find the module key', () => {
    for (const k of [
      'name',
      'when',
      'loop',
      'with_items',
      'block',
      'rescue',
      'always',
      'listen',
      'args',
      'local_action',
    ]) {
      expect(taskKeywords.has(k), k).to.equal(true)
    }
    expect(taskKeywords.has('copy')).to.equal(false)
  })
})
