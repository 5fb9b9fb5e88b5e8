/** known_hosts parsing, hashing and matching; fingerprints as ssh-keygen prints them. */
import { expect } from 'chai'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  checkHostKey,
  fingerprint,
  hashHostName,
  hostFieldMatches,
  hostKeyName,
  keyTypeOf,
  parseKnownHosts,
} from '../../../engine/connection/ssh/known-hosts.js'
import { Semaphore } from '../../../engine/connection/ssh/semaphore.js'

const dir = mkdtempSync(join(tmpdir(), 'tsplay-kh-'))
function key(type: string, name: string): { line: string; blob: Buffer; path: string } {
  const path = join(dir, name)
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', path])
  const line = readFileSync(`${path}.pub`, 'utf8').trim()
  return { line, blob: Buffer.from(line.split(' ')[1]!, 'base64'), path }
}
const ed = key('ed25519', 'ed')
const ec = key('ecdsa', 'ec')
const rsa = key('rsa', 'rsa')
const ed2 = key('ed25519', 'ed2')
const typeAndKey = (k: { line: string }) => k.line.split(' ').slice(0, 2).join(' ')

describe('known_hosts', () => {
  it('fingerprints like ssh-keygen -lf, for ed25519, ecdsa and rsa', () => {
    for (const k of [ed, ec, rsa]) {
      const expected = execFileSync('ssh-keygen', ['-lf', `${k.path}.pub`], { encoding: 'utf8' }).split(
        ' ',
      )[1]
      expect(fingerprint(k.blob)).to.equal(expected)
    }
    expect([ed, ec, rsa].map((k) => keyTypeOf(k.blob))).to.deep.equal([
      'ssh-ed25519',
      'ecdsa-sha2-nistp256',
      'ssh-rsa',
    ])
  })

  it('names hosts on other ports [host]:port', () => {
    expect(hostKeyName('h', 22)).to.equal('h')
    expect(hostKeyName('h', 2222)).to.equal('[h]:2222')
  })

  it('matches comma lists, wildcards, negation, and hashed names (ssh-keygen -H compatible)', () => {
    expect(hostFieldMatches('a,b,[c]:2', '[c]:2')).to.equal(true)
    expect(hostFieldMatches('*.example.com,!bad.example.com', 'x.example.com')).to.equal(true)
    expect(hostFieldMatches('*.example.com,!bad.example.com', 'bad.example.com')).to.equal(false)
    expect(hostFieldMatches('web?', 'web12')).to.equal(false)
    const hashed = hashHostName('[10.0.0.1]:2222')
    expect(hostFieldMatches(hashed, '[10.0.0.1]:2222')).to.equal(true)
    expect(hostFieldMatches(hashed, '10.0.0.1')).to.equal(false)
    // a line hashed by OpenSSH itself
    const file = join(dir, 'kh')
    execFileSync('sh', [
      '-c',
      `echo 'myhost,10.1.1.1 ${typeAndKey(ed)}' > ${file} && ssh-keygen -q -H -f ${file}`,
    ])
    const entries = parseKnownHosts(readFileSync(file, 'utf8'), file)
    expect(entries).to.have.length(2)
    expect(checkHostKey(entries, 'myhost', ed.blob).status).to.equal('ok')
    expect(checkHostKey(entries, '10.1.1.1', ed.blob).status).to.equal('ok')
    expect(checkHostKey(entries, 'other', ed.blob).status).to.equal('unknown')
  })

  it('decides ok / changed (same type, other key, with file:line) / unknown (other types only)', () => {
    const text = `# c\n\n@cert-authority * ${typeAndKey(ed2)}\nh1 ${typeAndKey(ed)}\nh1 ${typeAndKey(rsa)}\nh2 ${typeAndKey(ec)}\n`
    const entries = parseKnownHosts(text, '/kh')
    expect(entries.map((e) => e.line)).to.deep.equal([4, 5, 6])
    expect(checkHostKey(entries, 'h1', ed.blob)).to.deep.equal({ status: 'ok' })
    expect(checkHostKey(entries, 'h1', rsa.blob)).to.deep.equal({ status: 'ok' })
    const changed = checkHostKey(entries, 'h1', ed2.blob)
    expect(changed.status).to.equal('changed')
    expect(changed.status === 'changed' && `${changed.entry.file}:${changed.entry.line}`).to.equal('/kh:4')
    expect(checkHostKey(entries, 'h2', ed.blob).status).to.equal('unknown')
  })
})

describe('Semaphore', () => {
  it('queues above the limit and shrinks without losing waiters', async () => {
    const s = new Semaphore(3)
    let active = 0
    let peak = 0
    const job = () =>
      s.run(async () => {
        peak = Math.max(peak, ++active)
        await new Promise((r) => setTimeout(r, 5))
        active--
      })
    await Promise.all(Array.from({ length: 10 }, job))
    expect(peak).to.equal(3)
    s.shrink(1)
    peak = 0
    await Promise.all(Array.from({ length: 5 }, job))
    expect(peak).to.equal(1)
    expect(s.inUse).to.equal(0)
  })
})
