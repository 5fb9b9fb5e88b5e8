/**
 * Client authentication in OpenSSH's spirit: public keys (explicit key files, then the agent, then
 * the default ~/.ssh/id_* files), then password and keyboard-interactive with the same password.
 * Encrypted keys are decrypted once per file for the whole run; the passphrase is asked through a
 * callback (a terminal prompt by default) and never stored anywhere else.
 */
import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import ssh2, { type AnyAuthMethod, type AuthHandlerMiddleware, type ParsedKey } from 'ssh2'
import { promptLine } from '../../vault/prompt.js'
import { withCachedSigner } from './key-signer.js'

export type AskPassphrase = (keyFile: string) => Promise<string | undefined>

export class KeyLoadError extends Error {}

export const DEFAULT_IDENTITIES = ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((f) => `${homedir()}/.ssh/${f}`)

function needsPassphrase(err: Error): boolean {
  return /passphrase|encrypted/i.test(err.message)
}

/** The default: a no-echo terminal prompt, or nothing when stdin is not a terminal. */
export const terminalPassphrase: AskPassphrase = async (file) =>
  process.stdin.isTTY ? promptLine(`Enter passphrase for key '${file}': `) : undefined

export class KeyStore {
  private readonly keys = new Map<string, Promise<ParsedKey | undefined>>()
  private prompts: Promise<unknown> = Promise.resolve()

  constructor(private readonly ask: AskPassphrase = terminalPassphrase) {}

  /**
   * The decrypted key, or undefined for a default identity that is missing or cannot be
   * decrypted without a prompt. Explicit keys fail loudly (KeyLoadError).
   */
  load(file: string, explicit: boolean): Promise<ParsedKey | undefined> {
    const id = `${explicit ? 'x' : 'd'}:${file}`
    let key = this.keys.get(id)
    if (!key) {
      key = this.decrypt(file, explicit)
      this.keys.set(id, key)
    }
    return key
  }

  private async decrypt(file: string, explicit: boolean): Promise<ParsedKey | undefined> {
    if (!existsSync(file)) {
      if (explicit) throw new KeyLoadError(`private key file ${file} does not exist`)
      return undefined
    }
    const data = readFileSync(file)
    const plain = ssh2.utils.parseKey(data)
    if (!(plain instanceof Error)) return withCachedSigner(plain)
    if (!needsPassphrase(plain)) {
      if (explicit) throw new KeyLoadError(`cannot read private key ${file}: ${plain.message}`)
      return undefined
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      // one prompt at a time: two keys must not ask on the terminal together
      const asked = this.prompts.then(() => this.ask(file))
      this.prompts = asked.catch(() => undefined)
      const passphrase = await asked
      if (passphrase === undefined) {
        if (!explicit) return undefined
        throw new KeyLoadError(
          `private key ${file} is encrypted and no passphrase is available (stdin is not a terminal); ` +
            'load it into ssh-agent with ssh-add, or run tsplay from a terminal',
        )
      }
      const key = ssh2.utils.parseKey(data, passphrase)
      if (!(key instanceof Error)) return withCachedSigner(key)
    }
    throw new KeyLoadError(`wrong passphrase for private key ${file}`)
  }
}

export interface AuthPlan {
  username: string
  keys: ParsedKey[]
  /** Keys from the default files, tried after the agent */
  defaultKeys: ParsedKey[]
  agent?: string | undefined
  password?: string | undefined
}

/** Which methods were tried, for the one-line failure (`publickey, password`). */
export interface AuthTrace {
  tried: Set<string>
}

export function authHandler(plan: AuthPlan, trace: AuthTrace): AuthHandlerMiddleware {
  const { username, password } = plan
  const methods: { category: string; method: AnyAuthMethod }[] = [
    ...plan.keys.map((key) => ({
      category: 'publickey',
      method: { type: 'publickey', username, key } as const,
    })),
    ...(plan.agent
      ? [{ category: 'publickey', method: { type: 'agent', username, agent: plan.agent } as const }]
      : []),
    ...plan.defaultKeys.map((key) => ({
      category: 'publickey',
      method: { type: 'publickey', username, key } as const,
    })),
  ]
  if (password !== undefined) {
    methods.push({ category: 'password', method: { type: 'password', username, password } })
    methods.push({
      category: 'keyboard-interactive',
      method: {
        type: 'keyboard-interactive',
        username,
        prompt: (_name, _instructions, _lang, prompts, finish) => finish(prompts.map(() => password)),
      },
    })
  }
  let next = 0
  return (authsLeft, _partial, callback) => {
    while (next < methods.length) {
      const m = methods[next++]!
      const serverName = m.method.type === 'agent' ? 'publickey' : m.method.type
      if (authsLeft && !authsLeft.includes(serverName as never)) continue
      trace.tried.add(m.category)
      return callback(m.method)
    }
    callback(false as never)
  }
}
