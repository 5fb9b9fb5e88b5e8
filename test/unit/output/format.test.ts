import { expect } from 'chai'
import { renderDiffs, unifiedDiff } from '../../../engine/output/diff.js'
import { pyJson, recapLine, wrap } from '../../../engine/output/format.js'
import { counts, fixture } from './helpers.js'

interface DiffCase {
  name: string
  path: string
  before: string
  after: string
  expected: string
}

describe('unifiedDiff() vs Ansible _get_diff (difflib)', () => {
  const cases = JSON.parse(fixture('diff-cases.json')) as DiffCase[]
  it('has the generated cases', () => expect(cases).to.have.length.greaterThan(6))
  for (const c of cases)
    it(`${c.name}: same text`, () => {
      expect(renderDiffs([{ path: c.path, before: c.before, after: c.after }], false)).to.equal(c.expected)
    })

  it('equal texts give no lines; several files are concatenated', () => {
    expect(unifiedDiff({ path: 'x', before: 'a\n', after: 'a\n' })).to.deep.equal([])
    const two = renderDiffs(
      [
        { path: 'a', before: '1\n', after: '2\n' },
        { path: 'b', before: '', after: 'x\n' },
      ],
      false,
    )
    expect(two).to.equal(
      '--- before: a\n+++ after: a\n@@ -1 +1 @@\n-1\n+2\n\n--- before: b\n+++ after: b\n@@ -0,0 +1 @@\n+x\n\n',
    )
  })
})

describe('pyJson() (Python json.dumps, sort_keys)', () => {
  it('compact: ", " and ": " separators, sorted keys, nested', () => {
    expect(pyJson({ b: [1, 'x', null, true], a: { d: {}, c: [] }, u: undefined })).to.equal(
      '{"a": {"c": [], "d": {}}, "b": [1, "x", null, true]}',
    )
  })
  it('indented by 4 with "," line ends; strings escaped like JSON, non-ASCII kept', () => {
    expect(pyJson({ k: ['é\n"'] }, 4)).to.equal('{\n    "k": [\n        "é\\n\\""\n    ]\n}')
  })
})

describe('recapLine()', () => {
  it('pads the host to 26 and each count to 4, keeping the trailing spaces', () => {
    expect(recapLine('h1', counts({ ok: 4, changed: 2, skipped: 1 }))).to.equal(
      'h1                         : ok=4    changed=2    unreachable=0    failed=0    skipped=1    rescued=0    ignored=0   ',
    )
  })
  it('a host longer than 26 is not cut', () => {
    expect(recapLine('x'.repeat(30), counts({}))).to.match(/^x{30} : ok=0    changed=0 /)
  })
  it('coloured: host red when failed, non-zero counts coloured with their padding', () => {
    const line = recapLine('h1', counts({ ok: 1, failed: 1 }), true)
    expect(
      line.startsWith(`${'\u001b[0;31mh1\u001b[0m'.padEnd(37)} : \u001b[0;32mok=1   \u001b[0m changed=0 `),
    ).to.equal(true)
    expect(line).to.include('\u001b[0;31mfailed=1   \u001b[0m')
  })
})

describe('wrap() vs Python textwrap.wrap(text, 79)', () => {
  const cases = JSON.parse(fixture('wrap-cases.json')) as { text: string; expected: string[] }[]
  it('has the generated cases', () => expect(cases).to.have.length.greaterThan(4))
  for (const [i, c] of cases.entries())
    it(`case ${i + 1}`, () => expect(wrap(c.text)).to.deep.equal(c.expected))
})
