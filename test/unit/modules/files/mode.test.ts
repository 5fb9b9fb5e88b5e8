import { expect } from 'chai'
import type { RemoteStat } from '../../../../engine/connection/remote-fs.js'
import { attrDiff, attrFix, diffJson, formatMode, parseMode } from '../../../../engine/modules/mode.js'
import { ModuleFailure } from '../../../../engine/modules/types.js'

const st = (over: Partial<RemoteStat> = {}): RemoteStat => ({
  exists: true,
  path: '/x',
  type: 'file',
  mode: 0o644,
  size: 1,
  uid: 0,
  gid: 0,
  owner: 'root',
  group: 'root',
  atime: 0,
  mtime: 0,
  ctime: 0,
  inode: 1,
  dev: 1,
  nlink: 1,
  readable: true,
  writeable: true,
  executable: false,
  ...over,
})

describe('file modes', () => {
  describe('parseMode', () => {
    it('reads octal strings with and without a leading zero', () => {
      expect(parseMode('0644', undefined, false)).to.equal(0o644)
      expect(parseMode('644', undefined, false)).to.equal(0o644)
      expect(parseMode('01777', undefined, true)).to.equal(0o1777)
      expect(parseMode('4755', undefined, false)).to.equal(0o4755)
    })
    it('takes numbers as they are (YAML 1.1 reads 0644 as 420)', () => {
      expect(parseMode(420, undefined, false)).to.equal(0o644)
      expect(parseMode(0o755, 0o600, true)).to.equal(0o755)
    })
    it('applies symbolic = to the named classes only', () => {
      expect(parseMode('u=rw,g=r,o=r', 0o777, false)).to.equal(0o644)
      expect(parseMode('g=', 0o775, false)).to.equal(0o705)
    })
    it('adds and removes bits', () => {
      expect(parseMode('u+x', 0o644, false)).to.equal(0o744)
      expect(parseMode('go-w', 0o666, false)).to.equal(0o644)
      expect(parseMode('a+r', 0o600, false)).to.equal(0o644)
      expect(parseMode('u+x,g-r', 0o644, false)).to.equal(0o704)
    })
    it('X adds execute only for directories or files already executable by someone', () => {
      expect(parseMode('a+X', 0o644, false)).to.equal(0o644)
      expect(parseMode('a+X', 0o644, true)).to.equal(0o755)
      expect(parseMode('a+X', 0o744, false)).to.equal(0o755)
    })
    it('without u/g/o the umask limits r/w/x (like chmod and Ansible)', () => {
      expect(parseMode('+w', 0o444, false)).to.equal(0o644)
      expect(parseMode('=rw', 0o777, false, 0o027)).to.equal(0o640)
    })
    it('supports s, t and copying another class', () => {
      expect(parseMode('u+s', 0o755, false)).to.equal(0o4755)
      expect(parseMode('g+s', 0o755, true)).to.equal(0o2755)
      expect(parseMode('+t', 0o777, true)).to.equal(0o1777)
      expect(parseMode('g=u', 0o640, false)).to.equal(0o660)
      expect(parseMode('o=g', 0o750, false)).to.equal(0o755)
    })
    it('several operators in one clause', () => expect(parseMode('u=rw-x+X', 0o700, true)).to.equal(0o700))
    it('starts a new file from 0666 / a new directory from 0777 minus the umask', () => {
      expect(parseMode('u+x', undefined, false)).to.equal(0o744)
      expect(parseMode('g+w', undefined, true)).to.equal(0o775)
    })
    it('rejects what is not a mode', () => {
      expect(() => parseMode('rwxr-xr-x', 0o644, false)).to.throw(ModuleFailure, 'octal or symbolic')
      expect(() => parseMode('0999', 0o644, false)).to.throw(ModuleFailure)
      expect(() => parseMode(0o17777, 0o644, false)).to.throw(ModuleFailure)
      expect(() => parseMode('z+x', 0o644, false)).to.throw(ModuleFailure)
    })
  })

  it("formatMode prints Ansible's %04o", () => {
    expect(formatMode(0o644)).to.equal('0644')
    expect(formatMode(0o4755)).to.equal('4755')
    expect(formatMode(0)).to.equal('0000')
  })

  describe('attrFix', () => {
    it('is empty when everything already matches (names or numeric ids)', () => {
      expect(attrFix(st(), { mode: '0644', owner: 'root', group: '0' }, false)).to.deep.equal({})
    })
    it('lists only what differs', () => {
      expect(attrFix(st(), { mode: 'u+x', owner: 'root', group: 'adm' }, false)).to.deep.equal({
        mode: 0o744,
        group: 'adm',
      })
    })
    it('sets everything asked for on a file that does not exist yet', () =>
      expect(attrFix(undefined, { mode: '0600', owner: '1000' }, false)).to.deep.equal({
        mode: 0o600,
        owner: '1000',
      }))
    it('never changes the mode of a symlink', () =>
      expect(attrFix(st({ type: 'link', mode: 0o777 }), { mode: '0644' }, false)).to.deep.equal({}))
  })

  it('attrDiff shows before and after of what changes', () => {
    const d = attrDiff('/x', st(), { mode: 0o600, owner: 'www' })
    expect(d).to.deep.equal({
      path: '/x',
      before: '{\n    "mode": "0644",\n    "owner": "root",\n    "path": "/x"\n}\n',
      after: '{\n    "mode": "0600",\n    "owner": "www",\n    "path": "/x"\n}\n',
      pathInHeaders: false,
    })
  })

  it('diffJson prints a mapping as Ansible does in diffs: sorted keys, 4-space indent', () => {
    expect(diffJson({ state: 'absent', path: '/a', n: { b: 1, a: [2] } })).to.equal(
      '{\n    "n": {\n        "a": [\n            2\n        ],\n        "b": 1\n    },\n    "path": "/a",\n    "state": "absent"\n}\n',
    )
  })
})
