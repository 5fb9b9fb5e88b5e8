import { expect } from 'chai'
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TsplayError } from '../../../engine/errors.js'
import {
  checkTemplateSyntax,
  renderDeep,
  renderFile,
  renderString,
  templateStats,
  type TemplateOrigin,
} from '../../../engine/template/index.js'
import { EncryptedString } from '../../../engine/yaml/vault-tag.js'

const vars = {
  x: 1,
  name: 'web',
  flag: false,
  nothing: null,
  list: [1, 2],
  obj: { a: { b: 'deep' } },
  port: 8080,
  groups: { web: ['h1', 'h2'], empty: [] },
  hostvars: { h1: { ansible_host: '10.0.0.1' }, h2: { ansible_host: '10.0.0.2', inventory_hostname: 'h2' } },
}
const origin = { file: 'site.yml', line: 12, key: 'msg' }

function renderError(
  template: string,
  v: object = vars,
  o: TemplateOrigin | undefined = origin,
): TsplayError {
  try {
    renderString(template, v, o)
  } catch (err) {
    expect(err).to.be.instanceOf(TsplayError)
    return err as TsplayError
  }
  throw new Error(`expected ${template} to fail`)
}

describe('template rendering', () => {
  describe('single-expression values', () => {
    it('returns a list for a string that is exactly one expression', () => {
      expect(renderString('{{ list }}', vars)).to.deep.equal([1, 2])
    })
    it('returns numbers, booleans, null and objects as themselves', () => {
      expect(renderString('{{ port }}', vars)).to.equal(8080)
      expect(renderString('{{ flag }}', vars)).to.equal(false)
      expect(renderString('{{ nothing }}', vars)).to.equal(null)
      expect(renderString('{{ obj }}', vars)).to.deep.equal({ a: { b: 'deep' } })
    })
    it('allows whitespace inside the braces only: text around the braces makes a string', () => {
      expect(renderString('{{list}}', vars)).to.deep.equal([1, 2])
      expect(renderString('{{   list   }}', vars)).to.deep.equal([1, 2])
      expect(renderString('{{ port }}\n', vars)).to.equal('8080\n')
      expect(renderString(' {{ port }}', vars)).to.equal(' 8080')
    })
    it('returns literals with their type', () => {
      expect(renderString('{{ 42 }}', vars)).to.equal(42)
      expect(renderString('{{ true }}', vars)).to.equal(true)
      expect(renderString("{{ 'text' }}", vars)).to.equal('text')
    })
    it('returns a helper result with its type', () => {
      expect(renderString("{{ split 'a,b' ',' }}", vars)).to.deep.equal(['a', 'b'])
      expect(renderString('{{ length list }}', vars)).to.equal(2)
    })
    it('renders text around an expression as a string and never parses it back', () => {
      expect(renderString('ports: {{ list }}', vars)).to.equal('ports: [1,2]')
      expect(renderString('{{ x }}{{ x }}', vars)).to.equal('11')
      expect(renderString('{{ x }} ', vars)).to.equal('1 ')
      expect(renderString('[{{ x }}]', vars)).to.equal('[1]')
    })
    it('prints null as empty and booleans in lower case inside text', () => {
      expect(renderString('a{{ nothing }}b {{ flag }}', vars)).to.equal('ab false')
    })
  })

  describe('fast path and caching', () => {
    it('returns strings without {{ unchanged', () => {
      const before = templateStats().compiles
      expect(renderString('plain text { not a template }', vars)).to.equal('plain text { not a template }')
      expect(templateStats().compiles).to.equal(before)
    })
    it('compiles a template text once however often it is rendered', () => {
      const text = `cache-probe {{ x }} ${Math.random()}`
      const before = templateStats().compiles
      for (let i = 0; i < 5; i++) renderString(text, { x: i })
      expect(templateStats().compiles).to.equal(before + 1)
    })
    it('does not escape HTML', () => {
      expect(renderString('{{ v }}', { v: '<a href="x">&</a>' })).to.equal('<a href="x">&</a>')
    })
  })

  describe('strict undefined variables', () => {
    it('names the variable, the file, the line and the key', () => {
      const err = renderError('Hello {{ missing_var }}')
      expect(err.code).to.equal('TEMPLATE_UNDEFINED')
      expect(err.message).to.contain('`missing_var` is undefined')
      expect(err.message).to.contain('site.yml:12')
      expect(err.message).to.contain('msg')
    })
    it('names the full dotted path and the line within a multi-line template', () => {
      const err = renderError('line one\nline two {{ obj.a.missing }}')
      expect(err.message).to.contain('`obj.a.missing` is undefined')
      expect(err.message).to.contain('line 2 of the template')
    })
    it('reports the template file and line for file templates', () => {
      const err = renderError('a\nb\n{{ nope }}', vars, { file: 'templates/app.conf.hbs' })
      expect(err.problems[0]!.loc).to.deep.include({ file: 'templates/app.conf.hbs', line: 3 })
    })
    it('is strict inside helper arguments', () => {
      expect(renderError('{{ upper missing }}').message).to.contain('`missing` is undefined')
      expect(renderError('{{#if missing}}a{{/if}}').message).to.contain('`missing` is undefined')
      expect(renderError('{{#each missing}}a{{/each}}').message).to.contain('`missing` is undefined')
    })
    it('treats a variable set to null as defined', () => {
      expect(renderString('[{{ nothing }}]', vars)).to.equal('[]')
      expect(renderString("{{ default nothing 'x' }}", vars)).to.equal(null)
    })
    it('lets default and defined see undefined variables, including missing parents', () => {
      expect(renderString("{{ default missing 'fallback' }}", vars)).to.equal('fallback')
      expect(renderString("{{ default nope.a.b 'fb' }}", vars)).to.equal('fb')
      expect(renderString('{{ defined missing }}', vars)).to.equal(false)
      expect(renderString('{{#if (defined x)}}yes{{/if}}', vars)).to.equal('yes')
    })
    it('reports a helper result with no value', () => {
      expect(renderError("{{ lookup obj 'zzz' }}").message).to.contain('has no value')
    })
    it('suggests @root inside a block when the name is shadowed by the item', () => {
      const err = renderError('{{#each list}}{{ obj.zzz }}{{/each}}')
      expect(err.message).to.contain('`obj.zzz` is undefined')
    })
  })

  describe('syntax errors', () => {
    it('are TEMPLATE_SYNTAX with the line and column inside a template file', () => {
      const err = renderError('ok\nfine {{ x', vars, { file: 'app.j2' })
      expect(err.code).to.equal('TEMPLATE_SYNTAX')
      expect(err.problems[0]!.loc).to.deep.include({ file: 'app.j2', line: 2 })
    })
    it('explain Jinja filters and suggest the helper form', () => {
      const p = checkTemplateSyntax("{{ x | default('y') }}", origin)
      expect(p?.code).to.equal('TEMPLATE_SYNTAX')
      expect(p?.message).to.contain('column 6')
      expect(p?.hint).to.contain("default x 'y'")
      expect(p?.loc).to.deep.include({ file: 'site.yml', line: 12 })
    })
    it('flag Jinja statements at load time', () => {
      const p = checkTemplateSyntax('{% if x %}a{% endif %}', origin)
      expect(p?.message).to.contain('Jinja statement')
      expect(p?.hint).to.contain('{{#if')
    })
    it('name unknown helpers with a suggestion', () => {
      const p = checkTemplateSyntax('{{ lowr name }}', origin)
      expect(p?.message).to.contain('unknown helper `lowr`')
      expect(p?.hint).to.contain('lower')
    })
    it('reject unclosed blocks, partials and unknown block helpers', () => {
      expect(checkTemplateSyntax('{{#if x}}a', origin)?.message).to.contain('`{{#if}}` is never closed')
      expect(checkTemplateSyntax('{{> header}}', origin)?.message).to.contain('partials')
      expect(checkTemplateSyntax('{{#items}}a{{/items}}', origin)?.message).to.contain('not a block helper')
    })
    it('check literal conditions passed to expr', () => {
      expect(checkTemplateSyntax("{{ expr 'x ==' }}", origin)?.message).to.contain('invalid condition')
    })
    it('accept valid templates and plain strings', () => {
      expect(checkTemplateSyntax('{{#each list}}{{ this }}{{/each}}', origin)).to.equal(undefined)
      expect(checkTemplateSyntax('no template here', origin)).to.equal(undefined)
    })
  })

  describe('iteration over groups with hostvars', () => {
    it('supports each over a group with hostvar', () => {
      const t = "{{#each groups.web}}{{ this }}={{ hostvar this 'ansible_host' }};{{/each}}"
      expect(renderString(t, vars)).to.equal('h1=10.0.0.1;h2=10.0.0.2;')
    })
    it('supports hostsOf with the host name and its variables in scope', () => {
      const t = "{{#each (hostsOf 'web')}}{{ inventory_hostname }}:{{ ansible_host }}:{{ port }} {{/each}}"
      expect(renderString(t, vars)).to.equal('h1:10.0.0.1:8080 h2:10.0.0.2:8080 ')
    })
    it('supports the plain Handlebars forms with ../ and lookup', () => {
      const t = "{{#each groups.web}}{{ lookup (lookup ../hostvars this) 'ansible_host' }},{{/each}}"
      expect(renderString(t, vars)).to.equal('10.0.0.1,10.0.0.2,')
      expect(renderString('{{ groups.web.[0] }} {{ hostvars.h1.ansible_host }}', vars)).to.equal(
        'h1 10.0.0.1',
      )
    })
    it('exposes @index, @first and @last', () => {
      const t = '{{#each groups.web}}{{ @index }}{{#if @last}}.{{else}},{{/if}}{{/each}}'
      expect(renderString(t, vars)).to.equal('0,1.')
    })
    it('fails clearly on an unknown host, group or host variable', () => {
      expect(renderError("{{ hostvar 'h9' 'ansible_host' }}").message).to.contain('unknown host `h9`')
      expect(renderError("{{#each (hostsOf 'db')}}{{/each}}").message).to.contain('unknown group `db`')
      expect(renderError("{{ hostvar 'h1' 'zzz' }}").message).to.contain('has no variable `zzz`')
      expect(renderString("{{ hostvar 'h1' 'zzz' 'fb' }}", vars)).to.equal('fb')
    })
  })

  describe('renderDeep', () => {
    it('renders strings in nested objects and arrays, keeping value types', () => {
      const out = renderDeep({ a: '{{ port }}', b: ['x{{ x }}', { c: '{{ list }}' }], n: 3 }, vars)
      expect(out).to.deep.equal({ a: 8080, b: ['x1', { c: [1, 2] }], n: 3 })
    })
    it('returns the same object when nothing needs rendering', () => {
      const args = { a: 'plain', b: [1, 'two'], c: { d: null } }
      expect(renderDeep(args, vars)).to.equal(args)
    })
    it('does not mutate its input', () => {
      const args = { a: '{{ x }}' }
      renderDeep(args, vars)
      expect(args.a).to.equal('{{ x }}')
    })
    it('passes vault values to the caller’s resolver', () => {
      const seen: string[] = []
      const resolveSecret = (s: EncryptedString): string => (seen.push(s.ciphertext), 'plain')
      const out = renderDeep({ password: new EncryptedString('$ANSIBLE_VAULT;x') }, vars, origin, {
        resolveSecret,
      })
      expect(out).to.deep.equal({ password: 'plain' })
      expect(seen).to.deep.equal(['$ANSIBLE_VAULT;x'])
    })
    it('resolves vault values referenced from templates', () => {
      const v = { secret: new EncryptedString('c'), user: { pw: new EncryptedString('d') } }
      const options = { resolveSecret: (s: EncryptedString) => `<${s.ciphertext}>` }
      expect(renderDeep('pw={{ secret }}', v, origin, options)).to.equal('pw=<c>')
      expect(renderDeep('{{ user }}', v, origin, options)).to.deep.equal({ pw: '<d>' })
    })
    it('fails on a vault value when no resolver is given', () => {
      expect(() => renderDeep({ p: new EncryptedString('c') }, vars, origin)).to.throw(TsplayError, /vault/)
      expect(() => renderString('{{ s }}', { s: new EncryptedString('c') }, origin)).to.throw(
        TsplayError,
        /vault/,
      )
    })
  })

  describe('renderFile', () => {
    let dir: string
    before(() => (dir = mkdtempSync(join(tmpdir(), 'tsplay-tpl-'))))
    after(() => rmSync(dir, { recursive: true, force: true }))

    it('renders a file to text, even when it is a single expression', () => {
      const file = join(dir, 'one.conf')
      writeFileSync(file, '{{ port }}\n')
      expect(renderFile(file, vars)).to.equal('8080\n')
    })
    it('compiles a file once until it changes', () => {
      const file = join(dir, 'app.conf')
      writeFileSync(file, 'listen {{ port }}\n')
      const before = templateStats().compiles
      renderFile(file, vars)
      renderFile(file, vars)
      expect(templateStats().compiles).to.equal(before + 1)
      writeFileSync(file, 'listen {{ port }} # changed\n')
      utimesSync(file, new Date(), new Date(Date.now() + 5000))
      expect(renderFile(file, vars)).to.equal('listen 8080 # changed\n')
      expect(templateStats().compiles).to.equal(before + 2)
    })
    it('reports errors at the template file line', () => {
      const file = join(dir, 'bad.conf')
      writeFileSync(file, 'a\nb {{ missing }}\n')
      try {
        renderFile(file, vars)
        expect.fail('should throw')
      } catch (err) {
        expect((err as TsplayError).problems[0]!.loc).to.deep.include({ file, line: 2 })
      }
    })
    it('reports a missing file', () => {
      expect(() => renderFile(join(dir, 'nope'), vars)).to.throw(TsplayError, /cannot read template/)
    })
  })

  describe('security', () => {
    it('never exposes prototype members as variables', () => {
      for (const t of ['{{ constructor }}', '{{ obj.constructor }}', '{{ obj.__proto__ }}']) {
        expect(renderError(t).code).to.equal('TEMPLATE_UNDEFINED')
      }
      expect(renderError('{{ obj.toString }}').code).to.equal('TEMPLATE_UNDEFINED')
      expect(renderError("{{ lookup obj 'constructor' }}").message).to.contain('has no value')
    })
    it('cannot reach the Function constructor', () => {
      const err = renderError('{{ obj.constructor.constructor }}')
      expect(err.code).to.equal('TEMPLATE_UNDEFINED')
    })
    it('does not pollute Object.prototype through combine or to_json', () => {
      const hostile = JSON.parse('{"__proto__": {"polluted": true}}') as object
      const merged = renderString('{{ combine a b }}', { a: {}, b: hostile }) as object
      expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined)
      expect(Object.getPrototypeOf(merged)).to.equal(Object.prototype)
    })
    it('rejects internal helpers written by users', () => {
      expect(checkTemplateSyntax("{{ __var 'x' x }}", origin)?.message).to.contain('unknown helper')
    })
  })
})
