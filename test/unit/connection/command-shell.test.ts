/**
 * The command shell's protocol against the shells hosts have as /bin/sh: dash (Debian, Ubuntu)
 * and bash (RHEL family), run locally as `SHELL -s` behind a stand-in for an SSH channel. The
 * SSH side is tested against real sshd in test/e2e/ssh-command-shell.test.ts.
 */
import { expect } from 'chai'
import { spawn } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { existsSync } from 'node:fs'
import type { ClientChannel } from 'ssh2'
import { CommandShell, ShellClosedError } from '../../../engine/connection/ssh/command-shell.js'
import { DISCARD_STDIN, readStdinScript, STDIN_VAR } from '../../../engine/connection/stdin-var.js'

/** What CommandShell uses of an ssh2 channel, backed by a local `shell -s` process. */
function localChannel(shell: string): ClientChannel {
  const child = spawn(shell, ['-s'], { stdio: ['pipe', 'pipe', 'pipe'] })
  const ch = Object.assign(new EventEmitter(), {
    stderr: new EventEmitter(),
    write: (d: string | Buffer) => child.stdin.write(d),
    close: () => child.kill('SIGKILL'),
  })
  child.stdout.on('data', (d: Buffer) => ch.emit('data', d))
  child.stderr.on('data', (d: Buffer) => ch.stderr.emit('data', d))
  child.on('close', () => ch.emit('close'))
  return ch as unknown as ClientChannel
}

const MARK = 'a1b2c3'

for (const shell of ['/bin/dash', '/bin/bash']) {
  describe(`command shell protocol with ${shell}`, function () {
    before(function () {
      if (!existsSync(shell)) this.skip()
    })
    let sh: CommandShell
    beforeEach(() => (sh = new CommandShell(Promise.resolve(localChannel(shell)))))
    afterEach(() => sh.close())

    it('returns exact bytes, rc and stderr apart; quotes and newlines survive', async () => {
      const bytes = Buffer.from(Array.from({ length: 255 }, (_, i) => i + 1))
      const r = await sh.run(`cat; printf "it's" >&2; exit 4`, bytes, MARK)
      expect(r.rc).to.equal(4)
      expect(r.stdout.equals(bytes)).to.equal(true)
      expect(r.stderr.toString()).to.equal("it's")
      const n = await sh.run("printf 'a\\n\\n'", undefined, MARK)
      expect(n.stdout.toString()).to.equal('a\n\n')
    })

    it('hands stdin over as a variable on request, exactly, and only to that command', async () => {
      const bytes = Buffer.from(Array.from({ length: 255 }, (_, i) => i + 1))
      // through a file: /dev/stdout cannot be opened on the socket Node gives a child as stdout
      const mode = `f=$(mktemp); trap 'cat "$f"; rm -f "$f"' EXIT; [ "\${${STDIN_VAR}+x}" = x ] && printf V; `
      const asVar = await sh.run(`${mode}${readStdinScript('"$f"')}`, bytes, MARK, true)
      expect(asVar.stdout.subarray(0, 1).toString()).to.equal('V')
      expect(asVar.stdout.subarray(1).equals(bytes)).to.equal(true)
      const empty = await sh.run(`${mode}${readStdinScript('"$f"')}`, Buffer.alloc(0), MARK, true)
      expect(empty.stdout.toString()).to.equal('V')
      const piped = await sh.run(`${mode}${readStdinScript('"$f"')}`, bytes, MARK)
      expect(piped.stdout.equals(bytes)).to.equal(true)
      expect(
        (await sh.run(`${mode}${DISCARD_STDIN}; echo done`, bytes, MARK, true)).stdout.toString(),
      ).to.equal('Vdone\n')
    })

    it('keeps commands apart and gives each the marker in its environment', async () => {
      await sh.run('cd /; umask 077; X=1; set -- a; trap "echo bye" EXIT; exit 0', undefined, MARK)
      const r = await sh.run(
        // cat opens environ after its exec (a redirect would read the forked shell's)
        'echo "[$X$#$__tsplay_m]"; umask; cat /proc/self/environ | tr "\\0" "\\n" | grep ^TSPLAY_EXEC=',
        undefined,
        MARK,
      )
      expect(r.stdout.toString()).to.equal(`[0]\n0022\nTSPLAY_EXEC=${MARK}\n`)
    })

    it('runs a file script in the shell itself (no fork) and puts back what it may change', async () => {
      const fn = (body: string) => `LC_ALL=C; export LC_ALL\n__tsplay_f() {\n${body}\n}\n__tsplay_f`
      const none = Buffer.alloc(0)
      const state = 'umask; case $- in *C*) echo C;; *) echo noC;; esac; echo "[${LC_ALL-unset}]"'
      const before = (await sh.run(state, undefined, MARK)).stdout.toString()
      const shellPid = (await sh.run('echo $$', undefined, MARK)).stdout.toString()
      // a program the script starts is the loop shell's own child, not a subshell's
      const parent = (inShell: boolean) => sh.run(fn("sh -c 'echo $PPID'; true"), none, MARK, false, inShell)
      expect((await parent(true)).stdout.toString()).to.equal(shellPid)
      expect((await parent(false)).stdout.toString()).to.not.equal(shellPid)
      const body = 'umask 077; set -C; x=$(echo in); [ "$x" = in ] || return 9; return 3'
      expect((await sh.run(fn(body), none, MARK, false, true)).rc).to.equal(3)
      expect((await sh.run(state, undefined, MARK)).stdout.toString()).to.equal(before)
      const data = await sh.run(fn(`printf %s "$${STDIN_VAR}"`), Buffer.from("a'b\n"), MARK, false, true)
      expect(data.stdout.toString()).to.equal("a'b\n")
      expect((await sh.run(`echo "[\${${STDIN_VAR}-unset}]"`, undefined, MARK)).stdout.toString()).to.equal(
        '[unset]\n',
      )
    })

    it('keeps the shell after a failing command, a syntax error or a killed child', async () => {
      expect((await sh.run('false', undefined, MARK)).rc).to.equal(1)
      expect((await sh.run('if then fi', undefined, MARK)).rc).to.not.equal(0)
      expect((await sh.run('sh -c "kill -KILL \\$\\$"', undefined, MARK)).rc).to.equal(137)
      expect((await sh.run('echo still', undefined, MARK)).stdout.toString()).to.equal('still\n')
    })

    it('rejects the running command when the shell dies, as a command that may have run', async () => {
      await sh.run('true', undefined, MARK)
      const err = await sh.run('kill -KILL $$; sleep 1', undefined, MARK).catch((e: unknown) => e)
      expect(err).to.be.instanceOf(ShellClosedError)
      expect((err as ShellClosedError).ran).to.equal(true)
      expect(sh.usable).to.equal(false)
    })
  })
}
