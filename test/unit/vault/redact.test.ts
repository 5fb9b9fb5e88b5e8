import { expect } from 'chai'
import { MASK, SecretSet } from '../../../engine/vault/redact.js'

describe('vault redaction', () => {
  it('masks every occurrence, longest secret first', () => {
    const s = new SecretSet()
    s.add('pass')
    s.add('password123')
    expect(s.redact('a password123 b pass c')).to.equal(`a ${MASK} b ${MASK} c`)
  })

  it('ignores secrets shorter than 4 characters so short values do not wipe output', () => {
    const s = new SecretSet()
    s.add('ab')
    s.add('yes')
    expect(s.size).to.equal(0)
    expect(s.redact('a yes b')).to.equal('a yes b')
  })

  it('masks trimmed and JSON-escaped forms and special characters', () => {
    const s = new SecretSet()
    s.add('line one\n"quoted" (x)*\n')
    expect(s.redact('{"v":"line one\\n\\"quoted\\" (x)*\\n"}')).to.equal(`{"v":"${MASK}"}`)
    expect(s.redact('got: line one\n"quoted" (x)*')).to.equal(`got: ${MASK}`)
  })

  it('adds every string of parsed data, skips binary buffers', () => {
    const s = new SecretSet()
    s.addValues({ a: 'first-secret', b: ['second-secret', 12, null], c: { d: 'third-secret' } })
    s.add(Buffer.from([0xff, 0xfe, 0x00, 0x41]))
    expect(s.size).to.equal(3)
    expect(s.redact('first-secret second-secret third-secret')).to.equal(`${MASK} ${MASK} ${MASK}`)
  })
})
