import { expect } from 'chai'
import { execFileSync } from 'node:child_process'
import {
  commandLine,
  expandWord,
  splitWords,
  WordSplitError,
} from '../../../../engine/modules/shell-words.js'

/** What /bin/sh makes of a command line: one argument per line. */
function shArgs(line: string, env: Record<string, string> = {}): string[] {
  const out = execFileSync('/bin/sh', ['-c', `printf '%s\\n' ${line}`], {
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: '/home/tester', ...env },
    encoding: 'utf8',
  })
  return out.replace(/\n$/, '').split('\n')
}

describe('command word splitting (shlex.split)', () => {
  it('splits on blanks and honours single and double quotes', () => {
    expect(splitWords(`echo  'a b'   "c d" e`)).to.deep.equal(['echo', 'a b', 'c d', 'e'])
    expect(splitWords(`a'b c'd`)).to.deep.equal(['ab cd'])
  })

  it('keeps shell syntax as plain words: pipes, globs, redirections, comments', () => {
    expect(splitWords('cat /etc/*.conf | wc -l > out # x')).to.deep.equal([
      'cat',
      '/etc/*.conf',
      '|',
      'wc',
      '-l',
      '>',
      'out',
      '#',
      'x',
    ])
  })

  it('handles backslashes as POSIX shlex does', () => {
    expect(splitWords('a\\ b')).to.deep.equal(['a b'])
    expect(splitWords(`"a\\"b" "c\\d" 'e\\f'`)).to.deep.equal(['a"b', 'c\\d', 'e\\f'])
  })

  it('keeps empty quoted words and drops surrounding blanks', () => {
    expect(splitWords(`  printf '' x  `)).to.deep.equal(['printf', '', 'x'])
    expect(splitWords('   ')).to.deep.equal([])
  })

  it('rejects an unclosed quote and a trailing backslash', () => {
    expect(() => splitWords(`echo 'oops`)).to.throw(WordSplitError, 'No closing quotation')
    expect(() => splitWords('echo \\')).to.throw(WordSplitError, 'No escaped character')
  })
})

describe('argument expansion on the host (expand_argument_vars)', () => {
  it('expands $VAR and ${VAR} that are set, and leaves unset ones as written', () => {
    expect(shArgs(expandWord('$GREETING/x'), { GREETING: 'hi there' })).to.deep.equal(['hi there/x'])
    expect(shArgs(expandWord('pre${GREETING}post'), { GREETING: 'a' })).to.deep.equal(['preapost'])
    expect(shArgs(expandWord('$UNSET_ONE ${UNSET_TWO}'))).to.deep.equal(['$UNSET_ONE ${UNSET_TWO}'])
  })

  it('expands a leading ~ but nothing else of shell syntax', () => {
    expect(shArgs(expandWord('~/dir with space'))).to.deep.equal(['/home/tester/dir with space'])
    expect(shArgs(expandWord('*'))).to.deep.equal(['*'])
    expect(shArgs(expandWord('$(id) `id` a;b'))).to.deep.equal(['$(id) `id` a;b'])
    expect(shArgs(expandWord('x~'))).to.deep.equal(['x~'])
  })

  it('quotes every word without expansion when asked', () => {
    const line = commandLine(['$HOME', '~', "it's"], false)
    expect(shArgs(line)).to.deep.equal(['$HOME', '~', "it's"])
  })

  it('gives an empty word for an empty argument', () => {
    expect(expandWord('')).to.equal("''")
    expect(shArgs(`${expandWord('')} x`)).to.deep.equal(['', 'x'])
  })
})
