import { expect } from 'chai'
import { TsplayError } from '../../../engine/errors.js'
import { renderString } from '../../../engine/template/index.js'

const vars = {
  x: 1,
  n: 5,
  s: 'Hello World',
  csv: 'a,b,c',
  list: ['a', 'b', 'c'],
  nums: [3, 1, 3],
  empty: '',
  none: null,
  flag: 'yes',
  path: '/etc/nginx/nginx.conf',
  cfg: { name: 'web', ports: [80, 443] },
}

const r = (t: string, v: object = vars): unknown => renderString(t, v, { file: 'helpers.yml', line: 1 })

describe('template helpers', () => {
  describe('default and defined', () => {
    it('default supplies a value for an undefined variable', () =>
      expect(r("{{ default nope 'y' }}")).to.equal('y'))
    it('default keeps a defined value, even an empty one', () =>
      expect(r("{{ default empty 'y' }}")).to.equal(''))
    it('default with true as third argument also replaces falsy values', () => {
      expect(r("{{ default empty 'y' true }}")).to.equal('y')
    })
    it('d is an alias of default', () => expect(r("{{ d nope 'y' }}")).to.equal('y'))
    it('default without a fallback gives an empty string', () =>
      expect(r('a{{ default nope }}b')).to.equal('ab'))
    it('defined tells whether a variable exists', () => {
      expect(r('{{ defined x }}')).to.equal(true)
      expect(r('{{ defined nope.deeper }}')).to.equal(false)
    })
  })

  describe('comparisons and logic', () => {
    it('eq compares structurally', () => expect(r('{{ eq cfg.ports (split "80,443" ",") }}')).to.equal(false))
    it('eq on equal values', () => expect(r("{{ eq s 'Hello World' }}")).to.equal(true))
    it('ne', () => expect(r('{{ ne x 2 }}')).to.equal(true))
    it('lt, gt, le, ge', () => {
      expect(r('{{ lt x 2 }}')).to.equal(true)
      expect(r('{{ gt x 2 }}')).to.equal(false)
      expect(r('{{ le x 1 }}')).to.equal(true)
      expect(r('{{ ge n 6 }}')).to.equal(false)
    })
    it('ordering a string against a number is an error with a hint', () => {
      expect(() => r('{{ lt s 3 }}')).to.throw(TsplayError, /cannot compare a string < an int/)
    })
    it('and returns the first falsy value or the last', () => {
      expect(r('{{ and x n }}')).to.equal(5)
      expect(r('{{ and x empty n }}')).to.equal('')
    })
    it('or returns the first truthy value', () => expect(r("{{ or empty none 'fb' }}")).to.equal('fb'))
    it('not negates Python truthiness', () => {
      expect(r('{{ not empty }}')).to.equal(true)
      expect(r('{{ not list }}')).to.equal(false)
    })
    it('if uses Python truthiness: empty mappings and lists are false, 0 is false', () => {
      expect(r('{{#if (split empty ",")}}t{{else}}f{{/if}}')).to.equal('t')
      expect(renderString('{{#if m}}t{{else}}f{{/if}}', { m: {} })).to.equal('f')
      expect(renderString('{{#unless z}}zero{{/unless}}', { z: 0 })).to.equal('zero')
    })
    it('contains tests list membership and substrings', () => {
      expect(r("{{ contains list 'b' }}")).to.equal(true)
      expect(r("{{ contains s 'World' }}")).to.equal(true)
    })
    it('expr evaluates a condition, with hash arguments as extra variables', () => {
      expect(r("{{ expr 'x == 1 and nope is not defined' }}")).to.equal(true)
      expect(r("{{#each cfg.ports}}{{#if (expr 'p > 100' p=this)}}{{ this }}{{/if}}{{/each}}")).to.equal(
        '443',
      )
    })
  })

  describe('strings', () => {
    it('join', () => expect(r("{{ join list '-' }}")).to.equal('a-b-c'))
    it('join defaults to no separator', () => expect(r('{{ join list }}')).to.equal('abc'))
    it('split', () => expect(r("{{ split csv ',' }}")).to.deep.equal(['a', 'b', 'c']))
    it('split without a separator splits on whitespace', () =>
      expect(r('{{ split s }}')).to.deep.equal(['Hello', 'World']))
    it('lower and upper', () => {
      expect(r('{{ lower s }}')).to.equal('hello world')
      expect(r('{{ upper s }}')).to.equal('HELLO WORLD')
    })
    it('trim and capitalize', () => {
      expect(renderString('[{{ trim v }}]', { v: '  x  ' })).to.equal('[x]')
      expect(renderString('{{ capitalize v }}', { v: 'web' })).to.equal('Web')
    })
    it('replace replaces every occurrence', () =>
      expect(r("{{ replace 'a.b.c' '.' '/' }}")).to.equal('a/b/c'))
    it('regex_replace accepts Python back-references', () => {
      expect(r("{{ regex_replace s '(\\w+) (\\w+)' '\\2 \\1' }}")).to.equal('World Hello')
      expect(r("{{ regex_replace 'a1b22' '[0-9]+' '#' }}")).to.equal('a#b#')
    })
    it('regex_replace takes ignorecase as a keyword argument', () => {
      expect(r("{{ regex_replace s 'hello' 'Bye' ignorecase=true }}")).to.equal('Bye World')
    })
    it('regex_search returns the match or null', () => {
      expect(r("{{ regex_search s 'W\\w+' }}")).to.equal('World')
      expect(r("{{ regex_search s 'zzz' }}")).to.equal(null)
    })
    it('indent indents all lines but the first by default', () => {
      expect(renderString('{{ indent v 2 }}', { v: 'a\nb\n\nc' })).to.equal('a\n  b\n\n  c')
      expect(renderString('{{ indent v 2 true }}', { v: 'a\nb' })).to.equal('  a\n  b')
    })
    it('quote quotes for the shell', () => {
      expect(r('{{ quote s }}')).to.equal("'Hello World'")
      expect(renderString('{{ quote v }}', { v: "it's" })).to.equal(`'it'"'"'s'`)
      expect(renderString('{{ quote v }}', { v: 'safe-word_1.2' })).to.equal('safe-word_1.2')
      expect(renderString('{{ quote v }}', { v: '' })).to.equal("''")
    })
    it('concat joins its arguments as text', () => expect(r("{{ concat 'port-' x }}")).to.equal('port-1'))
    it('a helper given the wrong type names it', () => {
      expect(() => r('{{ lower list }}')).to.throw(TsplayError, /lower expects a string, got a list/)
    })
  })

  describe('data and encodings', () => {
    it('to_json', () => expect(r('{{ to_json cfg }}')).to.equal('{"name":"web","ports":[80,443]}'))
    it('to_json with indentation', () =>
      expect(r('{{ to_json list 1 }}')).to.equal('[\n "a",\n "b",\n "c"\n]'))
    it('to_nice_json', () => expect(r('{{ to_nice_json list }}')).to.contain('\n    "a"'))
    it('from_json', () => expect(r('{{ from_json \'{"a":[1]}\' }}')).to.deep.equal({ a: [1] }))
    it('from_json reports invalid JSON as a template error', () => {
      expect(() => r("{{ from_json '{nope' }}")).to.throw(TsplayError, /from_json/)
    })
    it('to_yaml', () => expect(r('{{ to_yaml cfg }}')).to.equal('name: web\nports:\n  - 80\n  - 443\n'))
    it('to_nice_yaml indents by four', () =>
      expect(r('{{ to_nice_yaml cfg }}')).to.equal('name: web\nports:\n    - 80\n    - 443\n'))
    it('to_yaml quotes YAML 1.1 booleans', () => expect(r('{{ to_yaml flag }}')).to.equal('"yes"\n'))
    it('from_yaml', () => expect(r("{{ from_yaml 'a: yes' }}")).to.deep.equal({ a: true }))
    it('b64encode and b64decode', () => {
      expect(r("{{ b64encode 'héllo' }}")).to.equal('aMOpbGxv')
      expect(r("{{ b64decode 'aMOpbGxv' }}")).to.equal('héllo')
    })
    it('hash is sha256 by default and takes an algorithm', () => {
      expect(r("{{ hash 'abc' }}")).to.equal(
        'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      )
      expect(r("{{ hash 'abc' 'md5' }}")).to.equal('900150983cd24fb0d6963f7d28e17f72')
      expect(() => r("{{ hash 'abc' 'nope' }}")).to.throw(TsplayError, /unknown algorithm/)
    })
    it('combine merges mappings, recursively on request', () => {
      const v = { a: { k: { x: 1 }, y: 1 }, b: { k: { z: 2 } } }
      expect(renderString('{{ combine a b }}', v)).to.deep.equal({ k: { z: 2 }, y: 1 })
      expect(renderString('{{ combine a b recursive=true }}', v)).to.deep.equal({ k: { x: 1, z: 2 }, y: 1 })
    })
    it('unique', () => expect(r('{{ unique nums }}')).to.deep.equal([3, 1]))
  })

  describe('paths, lists and conversions', () => {
    it('basename and dirname', () => {
      expect(r('{{ basename path }}')).to.equal('nginx.conf')
      expect(r('{{ dirname path }}')).to.equal('/etc/nginx')
    })
    it('length of strings, lists and mappings', () => {
      expect(r('{{ length s }}')).to.equal(11)
      expect(r('{{ length list }}')).to.equal(3)
      expect(r('{{ length cfg }}')).to.equal(2)
      expect(r('{{ count list }}')).to.equal(3)
    })
    it('first and last', () => {
      expect(r('{{ first list }}')).to.equal('a')
      expect(r('{{ last list }}')).to.equal('c')
    })
    it('int converts numeric strings and takes a default', () => {
      expect(r("{{ int '42' }}")).to.equal(42)
      expect(r("{{ int '3.9' }}")).to.equal(3)
      expect(r("{{ int 'x' 7 }}")).to.equal(7)
      expect(r("{{ int 'ff' base=16 }}")).to.equal(255)
    })
    it('float and string', () => {
      expect(r("{{ float '2.5' }}")).to.equal(2.5)
      expect(r('{{ string cfg.ports }}')).to.equal('[80,443]')
    })
    it('bool follows Ansible: yes/on/true/1 are true', () => {
      expect(r('{{ bool flag }}')).to.equal(true)
      expect(r("{{ bool 'off' }}")).to.equal(false)
      expect(r("{{ bool 'True' }}")).to.equal(true)
      expect(r('{{ bool 1 }}')).to.equal(true)
    })
    it('keyword arguments must name a parameter', () => {
      expect(() => r('{{ lower s nope=1 }}')).to.throw(TsplayError, /lower has no parameter `nope`/)
    })
  })

  describe('IP address helpers', () => {
    it('network, prefix, netmask and broadcast of a CIDR', () => {
      expect(r("{{ ipaddr '10.1.2.3/24' 'network' }}")).to.equal('10.1.2.0')
      expect(r("{{ ipaddr '10.1.2.3/24' 'prefix' }}")).to.equal(24)
      expect(r("{{ ipaddr '10.1.2.3/20' 'netmask' }}")).to.equal('255.255.240.0')
      expect(r("{{ ipaddr '10.1.2.3/24' 'broadcast' }}")).to.equal('10.1.2.255')
      expect(r("{{ ipaddr '10.1.2.3/24' 'net' }}")).to.equal('10.1.2.0/24')
    })
    it('first and last usable host addresses', () => {
      expect(r("{{ ipaddr '10.233.0.0/18' 'first_usable' }}")).to.equal('10.233.0.1')
      expect(r("{{ ipaddr '10.233.0.0/18' 'last_usable' }}")).to.equal('10.233.63.254')
    })
    it('the address part and the host part of an address', () => {
      expect(r("{{ ipaddr '192.168.1.77/24' 'address' }}")).to.equal('192.168.1.77')
      expect(r("{{ ipaddr '192.168.1.77/24' 'hostpart' }}")).to.equal(77)
      expect(r("{{ ipaddr '192.168.1.77/24' 'size' }}")).to.equal(256)
    })
    it('the n-th address, as ipaddr(n) with a prefix or nthhost without', () => {
      expect(r("{{ ipaddr '10.233.0.0/18' 1 }}")).to.equal('10.233.0.1/18')
      expect(r("{{ nthhost '10.233.0.0/18' 10 }}")).to.equal('10.233.0.10')
      expect(r("{{ nthhost '10.0.0.0/24' -1 }}")).to.equal('10.0.0.255')
      expect(() => r("{{ nthhost '10.0.0.0/30' 9 }}")).to.throw(TsplayError, /outside/)
    })
    it('IPv6 with compressed output', () => {
      expect(r("{{ ipaddr 'fd00:10:233::5/64' 'network' }}")).to.equal('fd00:10:233::')
      expect(r("{{ nthhost 'fd00::/64' 1 }}")).to.equal('fd00::1')
      expect(r("{{ ipaddr '2001:db8::1/32' 'netmask' }}")).to.equal('ffff:ffff::')
      expect(r("{{ ipaddr '::1' 'version' }}")).to.equal(6)
    })
    it('rejects what is not an address', () => {
      expect(() => r("{{ ipaddr '10.0.0.300/24' 'network' }}")).to.throw(TsplayError, /not an IP address/)
      expect(() => r("{{ ipaddr '10.0.0.1/33' 'network' }}")).to.throw(TsplayError, /invalid prefix/)
    })
  })
})
