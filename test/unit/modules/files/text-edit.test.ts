import { expect } from 'chai'
import { ModuleFailure } from '../../../../engine/modules/types.js'
import {
  blockInFile,
  lineInFile,
  pyExpand,
  pyToJs,
  readLines,
  replaceText,
  type BlockInFileArgs,
  type LineInFileArgs,
  type ReplaceArgs,
} from '../../../../engine/modules/text-edit.js'
import { blockinfileGolden, lineinfileGolden, replaceGolden } from './golden.js'

describe('text edits (pure)', () => {
  describe('lineinfile, against Ansible 2.14 goldens', () => {
    for (const c of lineinfileGolden) {
      it(c.name, () => {
        const r = lineInFile(c.content, c.args as LineInFileArgs)
        expect(r.content).to.equal(c.expected)
        expect(r.changed).to.equal(c.changed)
        expect(r.msg).to.equal(c.msg)
      })
    }
  })

  describe('blockinfile, against Ansible 2.14 goldens', () => {
    for (const c of blockinfileGolden) {
      it(c.name, () => {
        const r = blockInFile(c.content, c.args as BlockInFileArgs)
        expect(r.content).to.equal(c.expected)
        expect(r.changed).to.equal(c.changed)
        expect(r.msg).to.equal(c.msg)
      })
    }
  })

  describe('replace, against Ansible 2.14 goldens', () => {
    for (const c of replaceGolden) {
      it(c.name, () => {
        const r = replaceText(c.content, c.args as unknown as ReplaceArgs)
        expect(r.content).to.equal(c.expected)
        expect(r.changed).to.equal(c.changed)
        expect(r.msg).to.equal(c.msg)
      })
    }
  })

  describe('lineinfile details', () => {
    it('is idempotent: applying twice changes nothing the second time', () => {
      const once = lineInFile('a\n', { line: 'b', insertafter: '^a' })
      const twice = lineInFile(once.content, { line: 'b', insertafter: '^a' })
      expect(once.changed).to.equal(true)
      expect(twice.changed).to.equal(false)
    })
    it('reports how many lines state=absent removed', () =>
      expect(lineInFile('x\ny\nx\n', { state: 'absent', line: 'x' }).found).to.equal(2))
    it('requires line with state=present', () =>
      expect(() => lineInFile('', { regexp: 'a' })).to.throw(ModuleFailure, 'line is required'))
    it('requires regexp with backrefs', () =>
      expect(() => lineInFile('', { line: 'a', backrefs: true })).to.throw(
        ModuleFailure,
        'regexp is required',
      ))
    it('requires something to match with state=absent', () =>
      expect(() => lineInFile('', { state: 'absent' })).to.throw(ModuleFailure, 'one of line'))
    it('reports an invalid regexp as a ModuleFailure', () =>
      expect(() => lineInFile('a\n', { line: 'x', regexp: '(' })).to.throw(
        ModuleFailure,
        'invalid regular expression',
      ))
  })

  describe('blockinfile details', () => {
    it('creates content for a missing file', () => {
      const r = blockInFile(undefined, { block: 'x' })
      expect(r).to.deep.equal({
        content: '# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\n',
        changed: true,
        msg: 'File created',
      })
    })
    it('prepend_newline and append_newline add blank lines around a new block', () => {
      const r = blockInFile('a\nb\n', {
        block: 'x',
        insertafter: '^a',
        prepend_newline: true,
        append_newline: true,
      })
      expect(r.content).to.equal('a\n\n# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\n\nb\n')
    })
    it('a block whose end marker comes first is still replaced', () => {
      const r = blockInFile('# END ANSIBLE MANAGED BLOCK\n# BEGIN ANSIBLE MANAGED BLOCK\n', { block: 'y' })
      expect(r.content).to.equal('# BEGIN ANSIBLE MANAGED BLOCK\ny\n# END ANSIBLE MANAGED BLOCK\n')
    })
  })

  describe('Python regular expressions', () => {
    it('converts named groups and named backreferences', () => {
      const re = pyToJs('(?P<w>a+)-(?P=w)')
      expect(re.exec('aa-aa')?.groups?.w).to.equal('aa')
      expect(re.test('aa-a')).to.equal(true)
      expect(re.test('a-b')).to.equal(false)
    })
    it('turns leading inline flags into JS flags', () => {
      const re = pyToJs('(?i)^abc$')
      expect(re.flags).to.equal('i')
      expect(re.test('ABC')).to.equal(true)
    })
    it('converts \\A and \\Z but not an escaped backslash before A', () => {
      expect(pyToJs('\\Aab\\Z', 'm').test('ab')).to.equal(true)
      expect(pyToJs('\\Ab', 'm').test('a\nb')).to.equal(false)
      expect(pyToJs('\\\\A').test('\\A')).to.equal(true)
    })
    it('expands \\1, \\g<1>, \\g<name>, \\g<0> and escapes', () => {
      const m = /(?<k>\w+)=(\w+)/.exec('a=b')!
      expect(pyExpand('\\2\\g<1>|\\g<k>|\\g<0>\\t\\n', m)).to.equal('ba|a|a=b\t\n')
    })
    it('an unmatched group expands to an empty string', () =>
      expect(pyExpand('[\\2]', /(a)|(b)/.exec('a')!)).to.equal('[]'))
    it('a reference to a missing group fails', () =>
      expect(() => pyExpand('\\3', /(a)/.exec('a')!)).to.throw(ModuleFailure, 'invalid group reference 3'))
  })

  it('readLines keeps line endings like Python readlines()', () =>
    expect(readLines('a\r\nb\n\nc')).to.deep.equal(['a\r\n', 'b\n', '\n', 'c']))
})
