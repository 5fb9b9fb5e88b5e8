/** Which of tsplay's file scripts may run in the SSH command shell itself (mayRunInShell). */
import { expect } from 'chai'
import { mayRunInShell } from '../../../engine/connection/remote-run.js'

describe('scripts that may run in the command shell itself', () => {
  it('allows scripts that only return, set their own variables, umask and noclobber', () => {
    for (const ok of [
      'c=; [ -f /a ] || return 90; return 0',
      'umask 077; set -C; true > "$t" || { set +C; return 81; }; set +C',
      'set --; [ -d /x ] || set -- "$@" /x; mkdir -m 750 -- "$@"',
      `printf %s "$__tsplay_in" > "$t"`,
      "stat -c '%f' -- '/srv/exit code/cd'",
    ])
      expect(mayRunInShell(ok), ok).to.equal(true)
  })

  it('refuses anything that could end the shell or change it for later commands', () => {
    for (const bad of [
      'exit 1',
      '[ -e /a ] || exit',
      'x=$(stat /a) || exit $?',
      'exec cat /a',
      "trap 'rm -f $t' EXIT",
      'cd /tmp && ls',
      'export A=1',
      'unset X',
      'IFS=:; set -- $x',
      'PATH=/bin; ls',
      'set -e; false',
      'set +u',
      'set -o pipefail',
      '. /etc/profile',
      'eval "$x"',
      'ulimit -n 10',
      '__tsplay_m=x',
      '__t() { :; }',
    ])
      expect(mayRunInShell(bad), bad).to.equal(false)
  })
})
