import { expect } from 'chai'
import {
  checkRoleArguments,
  validateArgumentSpecs,
  validateRoleMeta,
  validateVarsFile,
  validateYamlInventory,
} from '../../../engine/playbook/schema/index.js'
import { parseYaml } from '../../../engine/yaml/load.js'

const yaml = (text: string): unknown => parseYaml(text, 'x.yml')[0]

describe('validateVarsFile', () => {
  it('accepts a mapping of valid names, and an empty file', () => {
    expect(validateVarsFile(yaml('a: 1\n_b: [1]\nC9: {x: y}\n'), 'x.yml')).to.deep.equal([])
    expect(validateVarsFile(null, 'x.yml')).to.deep.equal([])
  })

  it('reports an invalid variable name at its line with a fixed spelling', () => {
    expect(validateVarsFile(yaml('a: 1\nmy-var: 2\n'), 'x.yml')).to.deep.equal([
      {
        code: 'VARS_FILE',
        message: 'invalid variable name `my-var`',
        key: 'my-var',
        loc: { file: 'x.yml', line: 2, column: 1 },
        hint: 'variable names must start with a letter or underscore and contain only letters, digits and underscores, e.g. `my_var`',
      },
    ])
    expect(validateVarsFile(yaml('1st: x'), 'x.yml')[0]!.hint).to.match(/`_1st`$/)
  })

  it('rejects a list', () => {
    const [p] = validateVarsFile(yaml('- a\n- b\n'), 'x.yml')
    expect(p).to.include({ code: 'VARS_FILE', message: 'a vars file must be a mapping, not a list' })
    expect(p!.loc).to.deep.equal({ file: 'x.yml', line: 1, column: 1 })
    expect(p!.hint).to.match(/name: value/)
  })
})

describe('validateYamlInventory', () => {
  it("accepts Ansible's shape", () => {
    const text = `
all:
  vars: { ansible_user: deploy }
  hosts:
    bastion: { ansible_host: 10.0.0.1 }
  children:
    web:
      hosts:
        web[01:03].example.com:
        web10: { http_port: 8080 }
      vars: { role: web }
    db:
      children:
        primary: { hosts: { db1: } }
        replica:
ungrouped:
  hosts: { lone: }
`
    expect(validateYamlInventory(yaml(text), 'x.yml')).to.deep.equal([])
    expect(validateYamlInventory(null, 'x.yml')).to.deep.equal([])
  })

  it('reports misspelt group keys and hosts written as a list', () => {
    const problems = validateYamlInventory(
      yaml('all:\n  hosts: [a, b]\n  children:\n    web:\n      host:\n        a:\n'),
      'x.yml',
    )
    expect(problems).to.deep.equal([
      {
        code: 'INVENTORY_SCHEMA',
        message: 'invalid value a list for `all.hosts`',
        key: 'all.hosts',
        loc: { file: 'x.yml', line: 2, column: 3 },
        hint: '`all.hosts` must be a mapping of host names, each to its variables or to nothing',
      },
      {
        code: 'INVENTORY_SCHEMA',
        message: 'unknown key `all.children.web.host`',
        key: 'all.children.web.host',
        loc: { file: 'x.yml', line: 5, column: 7 },
        hint: 'did you mean `hosts`?',
      },
    ])
  })

  it('wants host variables as a mapping and the inventory as a mapping', () => {
    const [p] = validateYamlInventory(yaml('all:\n  hosts:\n    a: [1]\n'), 'x.yml')
    expect(p).to.include({ key: 'all.hosts.a', hint: '`all.hosts.a` must be a mapping or empty (null)' })
    expect(p!.loc).to.deep.equal({ file: 'x.yml', line: 3, column: 5 })
    const [q] = validateYamlInventory(yaml('- a'), 'x.yml')
    expect(q).to.include({
      code: 'INVENTORY_SCHEMA',
      message: 'a YAML inventory must be a mapping, not a list',
    })
  })
})

describe('validateRoleMeta', () => {
  it('accepts dependencies, galaxy_info and argument_specs', () => {
    const text = `
galaxy_info: { author: me, min_ansible_version: "2.14", platforms: [{name: Debian}] }
allow_duplicates: false
dependencies:
  - common
  - role: nginx
    vars: { port: 80 }
    when: x
    nginx_user: www
argument_specs:
  main:
    short_description: Main
    options:
      port: { type: int, default: 80 }
`
    expect(validateRoleMeta(yaml(text), 'meta/main.yml')).to.deep.equal([])
    expect(validateRoleMeta(null, 'meta/main.yml')).to.deep.equal([])
  })

  it('reports unknown keys and bad dependencies', () => {
    const problems = validateRoleMeta(
      yaml('dependancies: []\ndependencies:\n  - {tags: x}\n  - 3\n'),
      'm.yml',
    )
    expect(problems.map((p) => [p.code, p.key, p.loc?.line, p.hint])).to.deep.equal([
      ['ROLE_META', 'dependancies', 1, 'did you mean `dependencies`?'],
      ['ROLE_META', 'dependencies[0].role', 3, 'add one of `role`, `name`'],
      ['ROLE_META', 'dependencies[1]', 4, '`dependencies[1]` must be a role name or a mapping with `role:`'],
    ])
  })

  it('checks embedded argument specs', () => {
    const [p] = validateRoleMeta(
      yaml('argument_specs:\n  main:\n    options:\n      a: { type: string }\n'),
      'm.yml',
    )
    expect(p).to.include({ code: 'ROLE_META', key: 'argument_specs.main.options.a.type' })
    expect(p!.hint).to.match(/one of str, int, bool, list, dict, path, raw, float/)
  })
})

describe('validateArgumentSpecs', () => {
  const good = `
argument_specs:
  main:
    short_description: Install nginx
    description: [Long text]
    options:
      port: { type: int, required: true, description: Listen port }
      state: { type: str, choices: [present, absent], default: present }
      sites:
        type: list
        elements: dict
        options:
          name: { type: str, required: true }
          tls: { type: bool, default: no }
      extra: { type: raw }
  other:
    options:
`
  it('accepts a realistic spec', () => {
    expect(validateArgumentSpecs(yaml(good), 'meta/argument_specs.yml')).to.deep.equal([])
  })

  it('reports schema mistakes with positions', () => {
    const problems = validateArgumentSpecs(
      yaml('argument_specs:\n  main:\n    options:\n      port: { type: integer, requird: true }\n'),
      'a.yml',
    )
    expect(problems.map((p) => [p.code, p.key, p.loc?.line, p.loc?.column, p.hint])).to.deep.equal([
      [
        'ARGUMENT_SPECS',
        'argument_specs.main.options.port.type',
        4,
        15,
        '`argument_specs.main.options.port.type` must be one of str, int, bool, list, dict, path, raw, float, bytes, bits, json, jsonarg; did you mean `int`?',
      ],
      ['ARGUMENT_SPECS', 'argument_specs.main.options.port.requird', 4, 30, 'did you mean `required`?'],
    ])
  })

  it('reports defaults and elements that contradict the type', () => {
    const text =
      'argument_specs:\n  main:\n    options:\n      p: { type: int, default: abc }\n      q: { type: str, elements: str }\n      r: { type: str, choices: [a, b], default: c }\n'
    const problems = validateArgumentSpecs(yaml(text), 'a.yml')
    expect(problems.map((p) => [p.key, p.loc?.line, p.message])).to.deep.equal([
      [
        'argument_specs.main.options.p.default',
        4,
        '`argument_specs.main.options.p`: the default does not match `type: int`',
      ],
      [
        'argument_specs.main.options.q.elements',
        5,
        '`argument_specs.main.options.q`: `elements` is only valid with `type: list`',
      ],
      [
        'argument_specs.main.options.r.default',
        6,
        '`argument_specs.main.options.r`: the default `c` is not one of its choices',
      ],
    ])
    expect(problems.every((p) => p.code === 'ARGUMENT_SPECS' && p.hint)).to.equal(true)
  })

  it('accepts the bare argument_specs mapping too', () => {
    expect(validateArgumentSpecs(yaml('main:\n  options:\n    a: {type: str}\n'), 'a.yml')).to.deep.equal([])
  })
})

describe('checkRoleArguments', () => {
  const spec = yaml(`
port: { type: int, required: true, description: Listen port }
state: { type: str, choices: [present, absent] }
enabled: { type: bool }
ratio: { type: float }
names: { type: list, elements: str }
flags: { type: list, elements: int }
conf: { type: dict, options: { user: { type: str, required: true }, level: { type: int } } }
path: { type: path, aliases: [dir] }
any: { type: raw }
`) as Record<string, unknown>
  const run = (text: string, extra = {}) => {
    const values = yaml(text) as Record<string, unknown>
    return checkRoleArguments(spec, values, { file: 'x.yml', role: 'web', container: values, ...extra })
  }

  it("accepts values with Ansible's conversions", () => {
    const text =
      'port: "8080"\nstate: present\nenabled: "yes"\nratio: "0.5"\nnames: a,b\nflags: ["1", 2]\nconf: { user: x, level: "3" }\ndir: /srv\nany: [1, {a: 2}]\nunrelated_var: 1\n'
    expect(run(text)).to.deep.equal([])
    expect(run('port: 1\nconf: "user=x level=2"\nenabled: off')).to.deep.equal([])
  })

  it('skips templated values', () => {
    expect(run('port: "{{ p }}"\nstate: "{{ s }}"\nflags: ["{{ f }}"]\nconf: "{{ c }}"')).to.deep.equal([])
  })

  it('reports missing, mistyped and out-of-choice values with positions', () => {
    const problems = run('state: presnt\nenabled: maybe\nflags: [1, x]\nconf: { level: 2, usr: a }\n')
    expect(problems.map((p) => [p.key, p.loc?.line, p.loc?.column, p.message, p.hint])).to.deep.equal([
      ['port', 1, 1, 'role `web`: missing required argument `port`', 'pass `port` (Listen port)'],
      [
        'state',
        1,
        1,
        "role `web`: invalid value 'presnt' for argument `state`",
        '`state` must be one of present, absent; did you mean `present`?',
      ],
      [
        'enabled',
        2,
        1,
        "role `web`: invalid value 'maybe' for argument `enabled`",
        '`enabled` must be a bool (true/false, yes/no, on/off, 1/0)',
      ],
      [
        'flags[1]',
        3,
        12,
        "role `web`: invalid value 'x' for argument `flags[1]`",
        '`flags[1]` must be an int (a whole number, possibly quoted)',
      ],
      ['conf.user', 4, 7, 'role `web`: missing required argument `conf.user`', 'pass `user`'],
      ['conf.usr', 4, 19, 'role `web`: unknown argument `conf.usr`', 'did you mean `user`?'],
    ])
    expect(problems.every((p) => p.code === 'ROLE_ARGUMENTS')).to.equal(true)
  })

  it('reports unknown top-level parameters only when asked', () => {
    expect(run('port: 1\nprot: 2')).to.deep.equal([])
    const [p] = run('port: 1\nprot: 2', { reportUnknown: true })
    expect(p).to.include({ key: 'prot', hint: 'did you mean `port`?' })
  })

  it('uses the fallback when the values have no positions', () => {
    const fallback = { file: 'site.yml', line: 7, column: 7 }
    const [p] = checkRoleArguments(spec, { port: 'x' }, { file: 'site.yml', fallback })
    expect(p).to.include({ message: "invalid value 'x' for argument `port`" })
    expect(p!.loc).to.deep.equal(fallback)
  })
})
