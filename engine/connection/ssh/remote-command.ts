/** The command line an SSH exec runs: environment first (sshd refuses most `env` requests), then a timeout. */
import { shq } from '../quote.js'

/** `export K=V;` for each variable (sshd refuses most `env` requests), then the command. */
export function withEnv(command: string, env: Record<string, string> | undefined): string {
  const entries = Object.entries(env ?? {})
  if (!entries.length) return command
  for (const [k] of entries)
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new Error(`invalid variable name ${k}`)
  return `${entries.map(([k, v]) => `export ${k}=${shq(v)};`).join(' ')}\n${command}`
}

/** Runs the command under coreutils `timeout`, inside become so that it may kill the command. */
export function withTimeout(command: string, timeoutMs: number | undefined): string {
  if (!timeoutMs) return command
  const secs = Math.max(0.001, timeoutMs / 1000)
  return `timeout -s KILL ${Number(secs.toFixed(3))} /bin/sh -c ${shq(command)}`
}
