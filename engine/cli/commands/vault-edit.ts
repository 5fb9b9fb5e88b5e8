/** `tsplay vault edit|create`: plaintext only ever in the editor's private temporary copy. */
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname, extname } from 'node:path'
import { TsplayError } from '../../errors.js'
import { editPrivateCopy } from '../../vault/editor.js'
import { writeFileAtomic, readBytes } from '../../vault/files.js'
import { keyringFromOptions, withVaultOptions } from '../../vault/options.js'
import { parseCommandArgs } from '../args.js'
import type { Io } from '../io.js'
import { missingFile } from './vault-files.js'

function singleFile(sub: string, positionals: string[]): string {
  if (positionals.length !== 1 || positionals[0] === '-') {
    if (!positionals.length) throw missingFile(sub)
    throw new TsplayError({
      code: 'CLI_USAGE',
      message: `tsplay vault ${sub}: takes exactly one FILE (not stdin), got ${positionals.join(' ')}`,
      hint: `run \`tsplay vault ${sub}\` once per file`,
    })
  }
  return positionals[0]!
}

/** Never lose an edit: keep it, encrypted, next to a file that changed meanwhile. */
function saveAside(file: string, vaultText: string, what: string): never {
  const aside = `${file}.tsplay-edit`
  writeFileAtomic(aside, vaultText)
  throw new TsplayError({
    code: 'VAULT_CHANGED_WHILE_EDITING',
    message: `${what}; your version was saved, encrypted, as ${aside}`,
    loc: { file, line: 0, column: 0 },
    hint: `compare the two with \`tsplay vault view\`, then move the one to keep over ${file}`,
  })
}

const editor = (io: Io): string => io.env['EDITOR'] || 'vi'

export async function editFile(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs('vault edit', argv, withVaultOptions())
  const file = singleFile('edit', parsed.positionals)
  const keyring = await keyringFromOptions(parsed.values, { env: io.env, autoPrompt: true })
  const original = readBytes(file)
  const { plaintext, secret, headerLabel } = keyring.decrypt(original, file)
  const edited = await editPrivateCopy(plaintext, extname(file), editor(io))
  if (edited.equals(plaintext)) {
    io.err(`${file} unchanged\n`)
    return 0
  }
  // Keep the file's vault id (its header label), with the password that opened it.
  const vaultText = keyring.encrypt(edited, { ...secret, label: headerLabel ?? secret.label }, file)
  if (!readFileSync(file).equals(original))
    saveAside(file, vaultText, 'changed on disk while you were editing it')
  writeFileAtomic(file, vaultText)
  io.err(`saved ${file}\n`)
  return 0
}

export async function createFile(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs('vault create', argv, withVaultOptions())
  const file = singleFile('create', parsed.positionals)
  if (existsSync(file)) {
    throw new TsplayError({
      code: 'VAULT_EXISTS',
      message: 'already exists; refusing to overwrite it',
      loc: { file, line: 0, column: 0 },
      hint: `use \`tsplay vault edit ${file}\` to change it`,
    })
  }
  const keyring = await keyringFromOptions(parsed.values, {
    env: io.env,
    forEncryption: true,
    autoPrompt: true,
  })
  const secret = keyring.encryptionSecret()
  const content = await editPrivateCopy(Buffer.alloc(0), extname(file), editor(io))
  const vaultText = keyring.encrypt(content, secret, file)
  mkdirSync(dirname(file), { recursive: true })
  if (existsSync(file)) saveAside(file, vaultText, 'was created by someone else while you were editing')
  writeFileAtomic(file, vaultText)
  io.err(`created ${file}\n`)
  return 0
}
