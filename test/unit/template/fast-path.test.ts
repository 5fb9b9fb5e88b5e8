import { expect } from 'chai'
import { compileTemplate } from '../../../engine/template/compile.js'
import { run } from '../../../engine/template/render.js'
import { EncryptedString } from '../../../engine/yaml/vault-tag.js'

const vars = {
  root: '/opt/x',
  n: 3,
  yes: true,
  list: [1, 'a'],
  map: { stdout: 'out', nested: { deep: 'd' }, nothing: null },
  empty: '',
  nul: null,
  vaulted: new EncryptedString('$ANSIBLE_VAULT;1.1;AES256\n00'),
}

/** What Handlebars renders: the same compiled template without its fast path */
function slow(text: string, asText = false): unknown {
  return run({ ...compileTemplate(text), fast: undefined }, vars, undefined, undefined, asText)
}

function outcome(f: () => unknown): unknown {
  try {
    return { value: f() }
  } catch (err) {
    return { error: (err as Error).message }
  }
}

describe('template fast path', () => {
  it('takes text with plain variable references, and leaves helpers and blocks to Handlebars', () => {
    for (const t of ['{{ root }}/etc', '{{ n }}', 'a {{ map.nested.deep }} b {{ root }}', '{{~ root ~}} x'])
      expect(compileTemplate(t).fast, t).to.be.a('function')
    for (const t of [
      '{{ upper root }}',
      '{{#if yes}}y{{/if}}',
      '{{ list.[0] }}',
      '{{ @index }}',
      '{{ this }}',
    ])
      expect(compileTemplate(t).fast, t).to.equal(undefined)
  })

  it('renders exactly what Handlebars renders, values, text and errors alike', () => {
    const cases = [
      '{{ root }}/etc',
      '{{ n }}',
      '{{ yes }}',
      '{{ list }}',
      'list={{ list }}',
      '{{ map }}',
      '{{ map.stdout }}',
      '{{ map.nested.deep }}!',
      '{{ empty }}',
      'x{{ nul }}y',
      '{{ nul }}',
      '{{ map.nothing }}',
      '{{ root.length }}',
      '{{ missing }}',
      'a {{ map.missing }}',
      '{{ map.stdout.nope }}',
      '{{ n.toFixed }}',
      '{{ map.constructor }}',
      '{{ vaulted }}',
      '{{~ root ~}}  tail',
    ]
    for (const t of cases) {
      const compiled = compileTemplate(t)
      for (const asText of [false, true]) {
        const expected = outcome(() => slow(t, asText))
        expect(
          outcome(() => run(compiled, vars, undefined, undefined, asText)),
          `${t} asText=${asText}`,
        ).to.deep.equal(expected)
      }
    }
  })
})
