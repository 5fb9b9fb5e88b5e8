/**
 * Where vault passwords come from, following ansible-vault: a plain file (whitespace-trimmed), an
 * executable (its stdout; a `*-client` script also gets `--vault-id LABEL`), or a prompt.
 */
import { spawn } from 'node:child_process'
import { readFileSync, statSync } from 'node:fs'
import { basename, extname, resolve } from 'node:path'
import { TsplayError } from '../errors.js'
import { DEFAULT_VAULT_ID, isVaultText } from './format.js'
import { promptLine } from './prompt.js'

export interface VaultSecret {
  /** The vault id: `default` unless given with `--vault-id label@source` */
  label: string
  password: Buffer
  /** Where the password came from, for messages (never the password itself) */
  source: string
}

function sourceError(code: string, message: string, hint: string): TsplayError {
  return new TsplayError({ code, message, hint })
}

function nonEmpty(password: Buffer, source: string): Buffer {
  if (!password.length) {
    throw sourceError(
      'VAULT_PASSWORD_EMPTY',
      `the vault password from ${source} is empty`,
      'put the password on the first line of the file, or print it from the script',
    )
  }
  return password
}

/** Ansible's rule: `name-client` or `name-client.ext` is a client script. */
export function isClientScript(path: string): boolean {
  const name = basename(path)
  return name.slice(0, name.length - extname(name).length).endsWith('-client')
}

function runScript(path: string, args: string[], label: string): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    // stdin and stderr stay with the user so that the script can prompt and report.
    const child = spawn(path, args, { stdio: ['inherit', 'pipe', 'inherit'] })
    const chunks: Buffer[] = []
    child.stdout.on('data', (c: Buffer) => chunks.push(c))
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(
        sourceError(
          'VAULT_PASSWORD_SCRIPT',
          `cannot run the vault password script ${path}: ${err.code ?? err.message}`,
          'if it is not a script, remove its executable bit (chmod -x)',
        ),
      ),
    )
    child.on('close', (code, signal) => {
      if (code === 0) return resolvePromise(Buffer.concat(chunks))
      const unknownId = code === 2 && args.length > 0
      reject(
        sourceError(
          'VAULT_PASSWORD_SCRIPT',
          unknownId
            ? `the vault password client script ${path} has no secret for vault id \`${label}\``
            : `the vault password script ${path} failed (${signal ?? `exit code ${code}`})`,
          'run the script by hand to see why; it must print the password on stdout and exit 0',
        ),
      )
    })
  })
}

/** A password file or script; `label` is passed to client scripts. */
export async function passwordFromFile(file: string, label: string): Promise<VaultSecret> {
  const path = resolve(file)
  let mode: number
  try {
    const st = statSync(path)
    if (!st.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' })
    mode = st.mode
  } catch (err) {
    throw sourceError(
      'VAULT_PASSWORD_FILE',
      `cannot read the vault password file ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
      'check the path given to --vault-password-file, --vault-id or TSPLAY_VAULT_PASSWORD_FILE',
    )
  }
  if (mode & 0o111) {
    const args = isClientScript(path) ? ['--vault-id', label] : []
    const out = await runScript(path, args, label)
    const password = nonEmpty(Buffer.from(out.toString('utf8').replace(/^[\r\n]+|[\r\n]+$/g, '')), path)
    return { label, password, source: `script ${file}` }
  }
  const text = readFileSync(path, 'utf8')
  if (isVaultText(text)) {
    throw sourceError(
      'VAULT_PASSWORD_FILE',
      `the vault password file ${file} is itself vault-encrypted`,
      'tsplay does not decrypt password files; use a plain file or a script',
    )
  }
  return { label, password: nonEmpty(Buffer.from(text.trim()), file), source: `file ${file}` }
}

export interface PromptOptions {
  /** Asking for a password that will encrypt: confirm it on a terminal */
  forEncryption: boolean
  /** `--ask-vault-pass` keeps Ansible's old prompt wording, which tools match on */
  askVaultPass: boolean
}

export async function passwordFromPrompt(label: string, opts: PromptOptions): Promise<VaultSecret> {
  const prompts = opts.askVaultPass
    ? opts.forEncryption
      ? ['New Vault password: ', 'Confirm New Vault password: ']
      : ['Vault password: ']
    : opts.forEncryption
      ? [`New vault password (${label}): `, `Confirm new vault password (${label}): `]
      : [`Vault password (${label}): `]
  // Without a terminal, one line is the password: there is nobody to confirm it.
  const answers: string[] = []
  for (const prompt of process.stdin.isTTY ? prompts : prompts.slice(0, 1)) {
    answers.push((await promptLine(prompt)).trim())
  }
  if (answers.some((a) => a !== answers[0])) {
    throw sourceError('VAULT_PASSWORD_MISMATCH', 'the passwords do not match', 'type the same password twice')
  }
  return { label, password: nonEmpty(Buffer.from(answers[0]!), 'the prompt'), source: 'the prompt' }
}

/** `label@source` → [label, source]; no `@` means the default id. */
export function splitVaultId(spec: string): [string, string] {
  const at = spec.indexOf('@')
  const [label, source] = at < 0 ? ['', spec] : [spec.slice(0, at), spec.slice(at + 1)]
  if (label.includes(';') || /\s/.test(label)) {
    throw sourceError(
      'VAULT_ID_INVALID',
      `\`${label}\` is not a valid vault id: it must not contain \`;\` or spaces`,
      'use --vault-id label@source, e.g. --vault-id prod@vault/prod.password',
    )
  }
  if (!source) {
    throw sourceError(
      'VAULT_ID_INVALID',
      `--vault-id \`${spec}\` has no source`,
      'use label@file or label@prompt',
    )
  }
  return [label || DEFAULT_VAULT_ID, source]
}
