/** `ansible_connection=local`: commands run on this machine through /bin/sh, like on any host. */
import { spawn } from 'node:child_process'
import { stripBecomePrompt, wrapBecome } from './become.js'
import type { Connection, ExecOptions, ExecResult } from './types.js'

export class LocalConnection implements Connection {
  constructor(readonly host: string) {}

  exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    const wrapped = opts.become ? wrapBecome(command, opts.become) : { command, stdinPrefix: '' }
    return new Promise((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', wrapped.command], {
        env: { ...process.env, ...opts.env },
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true, // own process group: a timeout or Ctrl-C kills the whole command tree
      })
      const out: Buffer[] = []
      const err: Buffer[] = []
      let timedOut = false
      const kill = () => {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL')
        } catch {
          // already gone
        }
      }
      const timer = opts.timeoutMs ? setTimeout(() => ((timedOut = true), kill()), opts.timeoutMs) : undefined
      opts.signal?.addEventListener('abort', kill, { once: true })
      child.stdout.on('data', (d: Buffer) => out.push(d))
      child.stderr.on('data', (d: Buffer) => err.push(d))
      child.on('error', reject)
      child.on('close', (code, signal) => {
        if (timer) clearTimeout(timer)
        opts.signal?.removeEventListener('abort', kill)
        const stdoutBytes = Buffer.concat(out)
        resolve({
          rc: code ?? (signal ? 128 + 9 : 1),
          stdout: stdoutBytes.toString('utf8'),
          stderr: stripBecomePrompt(Buffer.concat(err).toString('utf8')),
          stdoutBytes,
          timedOut,
        })
      })
      child.stdin.on('error', () => undefined) // the command may exit without reading its input
      if (wrapped.stdinPrefix) child.stdin.write(wrapped.stdinPrefix)
      child.stdin.end(opts.stdin ?? '')
    })
  }

  async close(): Promise<void> {}
}
