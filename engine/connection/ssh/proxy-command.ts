/**
 * ProxyCommand, as OpenSSH runs it: `/bin/sh -c COMMAND` on the controller, whose stdin and stdout
 * carry the SSH connection (`ssh -W %h:%p bastion`, `nc`, a cloud CLI...). The process lives as long
 * as the connection; what it prints on stderr explains a failure.
 */
import { spawn } from 'node:child_process'
import { Duplex } from 'node:stream'

export interface ProxyProcess {
  sock: Duplex
  /**
   * Why the connection through it failed: its exit status and last stderr line when it has ended
   * (waiting a moment for that); undefined while it still carries the connection
   */
  failure(): Promise<string | undefined>
  kill(): void
}

export function startProxyCommand(command: string): ProxyProcess {
  const child = spawn('/bin/sh', ['-c', command], { stdio: ['pipe', 'pipe', 'pipe'] })
  let stderr = ''
  let ended: string | undefined
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-2000)))
  child.on('error', (err) => (ended = err.message))
  child.on('exit', (code, signal) => (ended = signal ? `killed by ${signal}` : `exit status ${code}`))
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()))
  let eof = false
  child.stdout.on('end', () => (eof = true))
  // the proxy's pipes fail with EPIPE once it is gone: the handshake reports that, not a crash
  child.stdin.on('error', () => undefined)
  const sock = Duplex.from({ readable: child.stdout, writable: child.stdin })
  sock.on('close', () => child.kill())
  return {
    sock,
    async failure() {
      // a proxy that is going away gets a second to say why; one that still runs a moment
      const grace = eof || ended ? 1000 : 250
      await Promise.race([closed, new Promise((r) => setTimeout(r, grace).unref())])
      if (!ended) return undefined // it still carries the connection: the failure is elsewhere
      const line = stderr.trim().split('\n').pop()?.trim()
      return `ProxyCommand \`${command}\` ended (${ended})${line ? `: ${line}` : ''}`
    },
    kill: () => void child.kill(),
  }
}
