import { expect } from 'chai'
import { failureMessage, parseStat, statScript } from '../../../../engine/connection/remote-fs.js'
import { statDict } from '../../../../engine/modules/stat.js'
import { ModuleFailure } from '../../../../engine/modules/types.js'

// Outputs of statScript captured from GNU coreutils 9.1
const regular = [
  '81a4 1000 1000 6 1700000001 1700000002 1700000003 393222 2049 1 alice staff',
  'acc:rw',
  'sum:3f786850e387550fdab836ed7e6dc881de23001b  -',
  '',
].join('\n')
const symlink = [
  'a1ff 0 0 11 1700000001 1700000002 1700000003 12 2049 1 root root',
  'acc:rwx',
  'lnk:../etc/hosts',
  'real:/etc/hosts',
  '',
].join('\n')

describe('remote stat fact', () => {
  it('parses a regular file', () => {
    const st = parseStat('/home/alice/f', regular)
    expect(st).to.deep.include({
      exists: true,
      type: 'file',
      mode: 0o644,
      size: 6,
      uid: 1000,
      gid: 1000,
      owner: 'alice',
      group: 'staff',
      mtime: 1700000002,
      inode: 393222,
      nlink: 1,
      readable: true,
      writeable: true,
      executable: false,
      checksum: '3f786850e387550fdab836ed7e6dc881de23001b',
    })
  })
  it('parses a symlink with its target and resolved path', () => {
    const st = parseStat('/etc/l', symlink)
    expect(st).to.deep.include({
      type: 'link',
      mode: 0o777,
      lnkTarget: '../etc/hosts',
      lnkSource: '/etc/hosts',
    })
  })
  it('parses directories, setuid bits and unknown owners', () => {
    const st = parseStat('/d', '41ed 0 0 4096 1 2 3 4 5 2 root root\nacc:rwx\n')
    expect(st).to.deep.include({ type: 'directory', mode: 0o755 })
    const suid = parseStat('/bin/su', '89ed 0 0 1 1 2 3 4 5 1 UNKNOWN UNKNOWN\nacc:rx\n')
    expect(suid).to.deep.include({ type: 'file', mode: 0o4755, owner: 'UNKNOWN', writeable: false })
  })
  it('parses a missing path', () =>
    expect(parseStat('/nope', 'missing\n')).to.deep.equal({ exists: false, path: '/nope' }))
  it('accepts the section marker line', () =>
    expect(parseStat('/d', '@@stat\nmissing\n')).to.deep.equal({ exists: false, path: '/d' }))
  it('rejects garbage with a clear failure', () =>
    expect(() => parseStat('/x', 'stat: oops\n')).to.throw(ModuleFailure, 'cannot parse stat output for /x'))

  it("statDict is Ansible's stat dictionary", () => {
    const d = statDict(parseStat('/home/alice/f', regular))
    expect(d).to.deep.include({
      exists: true,
      path: '/home/alice/f',
      mode: '0644',
      isreg: true,
      isdir: false,
      islnk: false,
      pw_name: 'alice',
      gr_name: 'staff',
      rusr: true,
      wusr: true,
      xusr: false,
      roth: true,
      woth: false,
      checksum: '3f786850e387550fdab836ed7e6dc881de23001b',
    })
    expect(d).not.to.have.property('lnk_source')
    expect(statDict(parseStat('/etc/l', symlink))).to.deep.include({ islnk: true, lnk_source: '/etc/hosts' })
    expect(statDict({ exists: false, path: '/n' })).to.deep.equal({ exists: false })
  })

  it('statScript quotes the path and checksums regular files only', () => {
    const s = statScript("/tmp/it's here", { checksum: 'sha256' })
    expect(s).to.include(`'/tmp/it'\\''s here'`)
    expect(s).to.include('sha256sum <')
    expect(s).to.include('[ ! -L')
    expect(statScript('/x', { follow: true })).to.include('stat -L -c')
  })

  it('failureMessage makes one line from stderr', () => {
    expect(failureMessage('mv: cannot move: Permission denied\n', 'writing', '/etc/x')).to.equal(
      'permission denied writing /etc/x',
    )
    expect(failureMessage('cat: /x: Input/output error\n', 'reading', '/x')).to.equal(
      'failed reading /x: cat: /x: Input/output error',
    )
  })
})
