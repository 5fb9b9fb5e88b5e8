/** `tsplay vault encrypt|decrypt|view|rekey`: whole files, checked completely before anything is written. */
import { isUtf8 } from 'node:buffer'
import { ProblemList, TsplayError } from '../../errors.js'
import { writeFileAtomic, readBytes } from '../../vault/files.js'
import { DEFAULT_VAULT_ID, isVaultText } from '../../vault/format.js'
import type { VaultKeyring } from '../../vault/keyring.js'
import { keyringFromOptions, withVaultOptions } from '../../vault/options.js'
import { stdin } from '../../vault/prompt.js'
import { passwordFromFile, passwordFromPrompt, splitVaultId, type VaultSecret } from '../../vault/sources.js'
import { parseCommandArgs, str, type Parsed } from '../args.js'
import type { Io } from '../io.js'

/** Bytes to stdout: through `io` when they are text, raw otherwise (Io only carries strings). */
export function writeStdout(io: Io, data: Buffer): void {
  const bytesOut = (io as Io & { outBytes?: (data: Buffer) => void }).outBytes
  if (bytesOut) bytesOut(data)
  else if (isUtf8(data)) io.out(data.toString('utf8'))
  else process.stdout.write(data)
}

export function writeTarget(io: Io, target: string, data: Buffer | string): void {
  if (target === '-') writeStdout(io, typeof data === 'string' ? Buffer.from(data) : data)
  else writeFileAtomic(target, data)
}

export async function readInput(file: string): Promise<Buffer> {
  return file === '-' ? stdin.readAll() : readBytes(file)
}

/** Files to work on, and where each result goes (`-` is stdout). */
function targets(sub: string, parsed: Parsed): { files: string[]; output: string | undefined } {
  const files = parsed.positionals.length ? parsed.positionals : ['-']
  const output = str(parsed.values['output'])
  if (output !== undefined && files.length > 1) {
    throw new TsplayError({
      code: 'CLI_USAGE',
      message: `tsplay vault ${sub}: --output takes a single input file, got ${files.length}`,
      hint: 'run the command once per file',
    })
  }
  return { files, output }
}

const where = (file: string): string => (file === '-' ? '<stdin>' : file)

export async function encryptFiles(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs('vault encrypt', argv, withVaultOptions({ output: { type: 'string' } }))
  const { files, output } = targets('encrypt', parsed)
  // Files are checked before any password is asked for; stdin is read after the password line.
  const contents = new Map<string, Buffer>()
  const problems = new ProblemList()
  for (const file of files.filter((f) => f !== '-')) {
    try {
      const data = readBytes(file)
      if (isVaultText(data)) throw alreadyEncrypted(file)
      contents.set(file, data)
    } catch (err) {
      problems.addError(err)
    }
  }
  problems.throwIfAny()
  const keyring = await keyringFromOptions(parsed.values, {
    env: io.env,
    forEncryption: true,
    autoPrompt: true,
  })
  const secret = keyring.encryptionSecret()
  const results = new Map<string, string>()
  for (const file of files) {
    const data = contents.get(file) ?? (await readInput(file))
    results.set(file, keyring.encrypt(data, secret, where(file)))
  }
  for (const [file, vaultText] of results) {
    const target = output ?? file
    writeTarget(io, target, vaultText)
    if (target !== '-') io.err(`encrypted ${target}\n`)
  }
  return 0
}

function alreadyEncrypted(file: string): TsplayError {
  return new TsplayError({
    code: 'VAULT_ALREADY_ENCRYPTED',
    message: 'already vault-encrypted; refusing to encrypt it twice',
    loc: { file, line: 0, column: 0 },
    hint: 'use `tsplay vault rekey` to change its password, or `tsplay vault edit` to change it',
  })
}

/** Decrypts every file in memory first: one bad file means nothing is written. */
async function decryptAll(files: string[], keyring: VaultKeyring): Promise<Map<string, Buffer>> {
  const plaintexts = new Map<string, Buffer>()
  const problems = new ProblemList()
  for (const file of files) {
    try {
      plaintexts.set(file, keyring.decrypt(await readInput(file), where(file)).plaintext)
    } catch (err) {
      problems.addError(err)
    }
  }
  problems.throwIfAny()
  return plaintexts
}

export async function decryptFiles(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs('vault decrypt', argv, withVaultOptions({ output: { type: 'string' } }))
  const { files, output } = targets('decrypt', parsed)
  const keyring = await keyringFromOptions(parsed.values, { env: io.env, autoPrompt: true })
  for (const [file, plaintext] of await decryptAll(files, keyring)) {
    const target = output ?? file
    writeTarget(io, target, plaintext)
    if (target !== '-') io.err(`decrypted ${target}\n`)
  }
  return 0
}

export async function viewFiles(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs('vault view', argv, withVaultOptions())
  if (!parsed.positionals.length) throw missingFile('view')
  const keyring = await keyringFromOptions(parsed.values, { env: io.env, autoPrompt: true })
  for (const plaintext of (await decryptAll(parsed.positionals, keyring)).values()) writeStdout(io, plaintext)
  return 0
}

export function missingFile(sub: string): TsplayError {
  return new TsplayError({
    code: 'CLI_USAGE',
    message: `tsplay vault ${sub}: a FILE is required`,
    hint: `see \`tsplay vault help ${sub}\``,
  })
}

const rekeyOptions = withVaultOptions({
  'new-vault-password-file': { type: 'string' },
  'new-vault-id': { type: 'string' },
})

async function newSecret(values: Parsed['values']): Promise<VaultSecret> {
  const file = str(values['new-vault-password-file'])
  const id = str(values['new-vault-id'])
  // `--new-vault-id prod --new-vault-password-file f` labels the file's password.
  if (file !== undefined)
    return passwordFromFile(file, id !== undefined ? splitVaultId(id)[0] : DEFAULT_VAULT_ID)
  if (id !== undefined) {
    const [label, source] = splitVaultId(id)
    return source === 'prompt'
      ? passwordFromPrompt(label, { forEncryption: true, askVaultPass: false })
      : passwordFromFile(source, label)
  }
  return passwordFromPrompt(DEFAULT_VAULT_ID, { forEncryption: true, askVaultPass: true })
}

export async function rekeyFiles(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs('vault rekey', argv, rekeyOptions)
  if (!parsed.positionals.length) throw missingFile('rekey')
  if (parsed.positionals.includes('-')) {
    throw new TsplayError({
      code: 'CLI_USAGE',
      message: 'tsplay vault rekey: rekeys files in place and cannot read stdin',
      hint: 'use `tsplay vault decrypt --output - FILE | tsplay vault encrypt -` with the two passwords',
    })
  }
  const keyring = await keyringFromOptions(parsed.values, { env: io.env, autoPrompt: true })
  const plaintexts = await decryptAll(parsed.positionals, keyring)
  const secret = await newSecret(parsed.values)
  keyring.secrets.add(secret.password)
  const results = [...plaintexts].map(
    ([file, plaintext]) => [file, keyring.encrypt(plaintext, secret, file)] as const,
  )
  for (const [file, vaultText] of results) {
    writeFileAtomic(file, vaultText)
    io.err(`rekeyed ${file}\n`)
  }
  return 0
}
