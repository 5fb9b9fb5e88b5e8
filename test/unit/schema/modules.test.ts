import { expect } from 'chai'
import {
  moduleCatalog,
  moduleKeys,
  moduleNames,
  resolveModuleName,
  validateModuleArgs,
} from '../../../engine/modules/catalog.js'
import { parseYaml } from '../../../engine/yaml/load.js'
import { EncryptedString } from '../../../engine/yaml/vault-tag.js'
import { moduleCases } from './module-cases.js'

const fallback = { file: 'x.yml', line: 9, column: 3 }

function check(module: string, text: string) {
  const args = parseYaml(text, 'x.yml')[0] as Record<string, unknown>
  return validateModuleArgs(module, args, { container: args, file: 'x.yml', fallback })
}

describe('module catalog', () => {
  it('has the modules of the brief, each with a schema and a description', () => {
    for (const name of [
      'command',
      'copy',
      'file',
      'lineinfile',
      'apt',
      'systemd',
      'uri',
      'include_vars',
      'meta',
    ]) {
      expect(moduleCatalog.has(name), name).to.equal(true)
    }
    for (const spec of moduleCatalog.values()) {
      expect(spec.schema, spec.name).to.include({ type: 'object' })
      expect(spec.description, spec.name).to.be.a('string')
    }
    expect(moduleNames()).to.deep.equal([...moduleNames()].sort())
    expect(moduleNames()).to.not.include('block')
  })

  it('resolves short, ansible.builtin, ansible.legacy and other collections’ names', () => {
    expect(resolveModuleName('copy')).to.equal('copy')
    expect(resolveModuleName('ansible.builtin.copy')).to.equal('copy')
    expect(resolveModuleName('ansible.legacy.copy')).to.equal('copy')
    expect(resolveModuleName('ansible.posix.sysctl')).to.equal('sysctl')
    expect(resolveModuleName('ansible.builtin.systemd_service')).to.equal('systemd')
    expect(resolveModuleName('community.general.modprobe')).to.equal('modprobe')
    expect(resolveModuleName('cpy')).to.equal(undefined)
    expect(resolveModuleName('ansible.builtin.nope')).to.equal(undefined)
    expect(moduleKeys()).to.include.members(['copy', 'ansible.builtin.copy', 'ansible.legacy.copy'])
  })

  it('declares free-form modules and what their string becomes', () => {
    expect(moduleCatalog.get('command')).to.include({ freeForm: 'allowed', freeFormArg: 'cmd' })
    expect(moduleCatalog.get('shell')).to.include({ freeForm: 'allowed', freeFormArg: 'cmd' })
    expect(moduleCatalog.get('raw')).to.include({ freeForm: 'required', freeFormArg: '_raw_params' })
    expect(moduleCatalog.get('meta')).to.include({ freeForm: 'required' })
    expect(moduleCatalog.get('include_vars')).to.include({ freeForm: 'allowed', freeFormArg: 'file' })
    expect(moduleCatalog.get('copy')).to.include({ freeForm: 'none' })
  })

  it('has a valid and an invalid example for every module', () => {
    expect(Object.keys(moduleCases).sort()).to.deep.equal(moduleNames())
  })

  for (const [name, c] of Object.entries(moduleCases)) {
    describe(name, () => {
      it('accepts a valid argument set', () => {
        expect(check(name, c.ok)).to.deep.equal([])
      })
      it('reports a mistake with code, key, position and hint', () => {
        const problems = check(name, c.bad)
        expect(problems.length, JSON.stringify(problems)).to.be.greaterThan(0)
        const p = problems.find((x) => x.key === (c.key || undefined))
        expect(p, JSON.stringify(problems)).to.not.equal(undefined)
        expect(p!.code).to.equal('MODULE_ARGS')
        expect(p!.message).to.match(new RegExp(`^\`${name}\`: `))
        expect(p!.hint).to.match(c.hint)
        expect(p!.loc?.file).to.equal('x.yml')
        expect(p!.loc?.line).to.be.greaterThan(0)
      })
    })
  }

  describe('validateModuleArgs', () => {
    it('points at the unknown argument and suggests the close one', () => {
      const [p, ...rest] = check('copy', 'src: a\ndset: /b\n')
      expect(rest).to.deep.equal([])
      expect(p).to.deep.equal({
        code: 'MODULE_ARGS',
        message: '`copy`: unknown argument `dset`',
        key: 'dset',
        loc: { file: 'x.yml', line: 2, column: 1 },
        hint: 'did you mean `dest`?',
      })
    })

    it('lists the valid arguments when nothing is close', () => {
      const [p] = check('ping', 'zzzzzz: 1')
      expect(p!.hint).to.equal('valid arguments: data')
    })

    it('describes the allowed values of an enum', () => {
      const [p] = check('file', 'path: /srv\nstate: dir\n')
      expect(p!.message).to.equal("`file`: invalid value 'dir' for `state`")
      expect(p!.hint).to.equal(
        '`state` must be one of file, directory, link, hard, touch, absent; did you mean `directory`?',
      )
      expect(p!.loc).to.deep.equal({ file: 'x.yml', line: 2, column: 1 })
    })

    it('skips type, enum and pattern checks of templated values', () => {
      const t = 'src: a\ndest: b\nforce: "{{ f }}"\nmode: "{{ m }}"\nowner: "{% if x %}a{% endif %}"\n'
      expect(check('copy', t)).to.deep.equal([])
      expect(check('file', 'path: /x\nstate: "{{ s }}"')).to.deep.equal([])
      expect(check('user', 'name: a\ngroups: "{{ gs }}"\nuid: "{{ id }}"')).to.deep.equal([])
      expect(check('uri', 'url: "{{ u }}"\nheaders: "{{ h }}"\nstatus_code: "{{ c }}"')).to.deep.equal([])
    })

    it('treats vault-encrypted values like templated ones', () => {
      const args = {
        name: 'deploy',
        password: new EncryptedString('$ANSIBLE_VAULT;1.1;AES256\n00'),
        uid: new EncryptedString('x'),
      }
      expect(validateModuleArgs('user', args, { container: args, file: 'x.yml', fallback })).to.deep.equal([])
    })

    it('still reports unknown and missing arguments next to templated values', () => {
      const problems = check('copy', 'src: "{{ s }}"\nfrce: "{{ f }}"\n')
      expect(problems.map((p) => p.key)).to.deep.equal(['dest', 'frce'])
      expect(problems[0]!.message).to.equal('`copy`: missing required argument `dest`')
      expect(problems[1]!.hint).to.equal('did you mean `force`?')
    })

    it('accepts aliases and reports a missing required argument by its canonical name', () => {
      expect(check('file', 'dest: /x\nstate: touch')).to.deep.equal([])
      expect(check('file', 'name: /x\nstate: absent')).to.deep.equal([])
      expect(check('lineinfile', 'dest: /x\nregex: a\nvalue: b')).to.deep.equal([])
      expect(check('apt', 'pkg: nginx')).to.deep.equal([])
      expect(check('slurp', 'path: /etc/hostname')).to.deep.equal([])
      expect(check('blockinfile', 'path: /x\ncontent: a')).to.deep.equal([])
      const [p] = check('file', 'state: directory')
      expect(p!.message).to.equal('`file`: missing required argument `path`')
      expect(p!.hint).to.equal('add `path` (also accepted as `dest` or `name`)')
      expect(p!.loc).to.deep.equal({ file: 'x.yml', line: 1, column: 1 })
    })

    it('rejects an argument given twice through an alias', () => {
      const [p] = check('file', 'path: /x\ndest: /y')
      expect(p!.message).to.equal('`file`: `path` and `dest` are mutually exclusive')
      expect(p!.loc?.line).to.equal(2)
    })

    it('reports a misspelt required argument once, as unknown', () => {
      const problems = check('file', 'pth: /x\nstate: directory')
      expect(problems).to.have.length(1)
      expect(problems[0]!.hint).to.equal('did you mean `path`?')
    })

    it("applies Ansible's conditional requirements", () => {
      const [p] = check('lineinfile', 'path: /x\nregexp: a')
      expect(p!.message).to.equal(
        '`lineinfile`: missing required argument `line` (required when `state` is present)',
      )
      expect(check('lineinfile', 'path: /x\nregexp: a\nstate: absent')).to.deep.equal([])
      expect(check('lineinfile', 'path: /x\nregexp: a\nstate: "{{ s }}"')).to.deep.equal([])
      expect(check('file', 'path: /x\nstate: link')[0]!.message).to.equal(
        '`file`: missing required argument `src` (required when `state` is link or hard)',
      )
    })

    it('requires one of alternatives', () => {
      const [p] = check('copy', 'dest: /x')
      expect(p!.message).to.equal('`copy`: one of `src`, `content` is required')
      expect(p!.hint).to.equal('add one of `src`, `content`')
      expect(check('command', 'argv: [ls, -l]')).to.deep.equal([])
      expect(check('command', 'chdir: /tmp')[0]!.message).to.equal(
        '`command`: one of `cmd`, `argv` is required',
      )
    })

    it('accepts Ansible spellings of booleans, integers and modes', () => {
      expect(check('copy', 'src: a\ndest: b\nforce: "yes"\nbackup: 0\nmode: 0644')).to.deep.equal([])
      expect(check('copy', 'src: a\ndest: b\nmode: u=rw,g=r,o=')).to.deep.equal([])
      expect(check('copy', 'src: a\ndest: b\nmode: preserve')).to.deep.equal([])
      expect(check('wait_for', 'port: "22"\ntimeout: "30"')).to.deep.equal([])
      expect(check('apt', 'upgrade: dist')).to.deep.equal([])
      expect(check('apt', 'upgrade: yes')).to.deep.equal([])
      const [p] = check('copy', 'src: a\ndest: b\nmode: rwxr-xr-x')
      expect(p!.hint).to.match(/^`mode` must be an octal mode such as '0644'/)
    })

    it('talks about the free-form value of meta, not `_raw_params`', () => {
      const [p] = check('meta', '_raw_params: flush')
      expect(p!.message).to.equal("`meta`: invalid value 'flush'")
      expect(p!.key).to.equal(undefined)
      expect(p!.hint).to.match(/^it must be one of flush_handlers, .*; did you mean `flush_handlers`\?$/)
    })

    it('uses the fallback position for arguments with no position of their own', () => {
      const [p, q] = validateModuleArgs(
        'copy',
        { src: 'a', zzz: 'b' },
        { container: undefined, file: 'x.yml', fallback },
      )
      expect(p!.loc).to.deep.equal(fallback)
      expect(q!.loc).to.deep.equal(fallback)
    })

    it('finds positions in the task when the arguments came from a free-form string', () => {
      const task = parseYaml('- name: t\n  command: ls\n  args: { chdirr: /tmp }\n', 'x.yml')[0] as unknown[]
      const container = (task[0] as Record<string, unknown>).args
      const [p] = validateModuleArgs(
        'command',
        { cmd: 'ls', chdirr: '/tmp' },
        { container, file: 'x.yml', fallback },
      )
      expect(p!.loc).to.deep.equal({ file: 'x.yml', line: 3, column: 11 })
      expect(p!.hint).to.equal('did you mean `chdir`?')
    })

    it('accepts fully qualified names and reports unknown modules', () => {
      expect(check('ansible.builtin.copy', 'content: x\ndest: /y')).to.deep.equal([])
      const [p] = check('cpoy', 'a: 1')
      expect(p).to.include({ code: 'MODULE_UNKNOWN', key: 'cpoy', hint: 'did you mean `copy`?' })
    })

    it('compiles each validator once and reuses it', () => {
      const t0 = process.hrtime.bigint()
      for (let i = 0; i < 200; i++) check('copy', 'src: a\ndest: b')
      const ms = Number(process.hrtime.bigint() - t0) / 1e6
      expect(ms).to.be.lessThan(1000)
    })
  })
})
