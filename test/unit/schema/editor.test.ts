import { expect } from 'chai'
import { Ajv, type ValidateFunction } from 'ajv'
import { moduleNames } from '../../../engine/modules/catalog.js'
import { playbookJsonSchema } from '../../../engine/playbook/schema/index.js'
import { parseYaml } from '../../../engine/yaml/load.js'

const seed = `
- hosts: web
  become: true
  gather_facts: yes
  vars:
    http_port: 8080
    packages: [nginx, curl]
  vars_files: [vars/common.yml]
  roles:
    - common
    - role: nginx
      nginx_port: "{{ http_port }}"
      tags: [nginx]
  pre_tasks:
    - name: Refresh the apt cache
      apt: update_cache=yes cache_valid_time=3600
  tasks:
    - name: Install packages
      ansible.builtin.apt:
        name: "{{ item }}"
        state: present
      loop: "{{ packages }}"
      loop_control: { label: "{{ item }}" }
    - name: Site directories
      file: { path: "/srv/{{ item.name }}", state: directory, mode: "0755", owner: www-data }
      with_items: [{ name: a }, { name: b }]
    - name: Configure and check
      block:
        - template: { src: site.conf.j2, dest: /etc/nginx/sites-enabled/site.conf, backup: yes }
          notify: restart nginx
        - command: nginx -t
          args: { chdir: /etc/nginx }
          register: check
          changed_when: false
      rescue:
        - debug: { var: check }
        - fail: { msg: bad config }
      always:
        - meta: flush_handlers
    - copy: { content: "{{ motd }}", dest: /etc/motd, mode: 0644, force: "{{ overwrite }}" }
    - shell: cat /etc/os-release | head -1
      register: os
      when: ansible_os_family == "Debian"
    - include_role: { name: monitoring, tasks_from: agent }
    - import_tasks: extra.yml
    - uri: { url: "http://localhost:{{ http_port }}/", status_code: [200, 301] }
      retries: 5
      delay: 2
      until: result is succeeded
  handlers:
    - name: restart nginx
      service: { name: nginx, state: restarted }
      listen: web config changed
- import_playbook: db.yml
`

describe('playbookJsonSchema', () => {
  let validate: ValidateFunction
  const load = (text: string) => parseYaml(text, 'site.yml')[0]

  before(() => {
    // Union types are standard draft-07; ajv only warns about them in its opinionated strict mode.
    validate = new Ajv({ allErrors: true, strictTypes: false }).compile(playbookJsonSchema)
  })

  it('is a draft-07 schema that survives JSON', () => {
    const s = playbookJsonSchema as Record<string, unknown>
    expect(s.$schema).to.equal('http://json-schema.org/draft-07/schema#')
    expect(JSON.parse(JSON.stringify(s))).to.deep.equal(s)
  })

  it('enumerates every module, in short and fully qualified form, for completion', () => {
    const task = (playbookJsonSchema as { definitions: { task: { properties: Record<string, unknown> } } })
      .definitions.task
    for (const name of moduleNames()) {
      expect(task.properties, name).to.have.property(name)
      expect(task.properties, name).to.have.property(`ansible.builtin.${name}`)
    }
    expect(task.properties).to.include.keys(
      'block',
      'rescue',
      'always',
      'when',
      'loop',
      'include_role',
      'import_tasks',
    )
  })

  it('validates a realistic playbook with roles, handlers, blocks and loops', () => {
    const ok = validate(load(seed))
    expect(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 1)).to.equal(true)
  })

  it('rejects a misspelt module argument', () => {
    const bad = load(seed.replace('dest: /etc/motd', 'dset: /etc/motd'))
    expect(validate(bad)).to.equal(false)
    expect(
      validate.errors?.some(
        (e) => e.keyword === 'additionalProperties' && e.params.additionalProperty === 'dset',
      ),
    ).to.equal(true)
  })

  it('rejects a misspelt module name and a bad keyword value', () => {
    expect(validate(load('- hosts: all\n  tasks:\n    - cpy: { src: a, dest: b }\n'))).to.equal(false)
    expect(
      validate(load('- hosts: all\n  tasks:\n    - debug: { msg: x }\n      when: { a: 1 }\n')),
    ).to.equal(false)
    expect(validate(load('- hostss: all\n'))).to.equal(false)
  })
})
