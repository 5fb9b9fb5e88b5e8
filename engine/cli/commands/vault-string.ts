/** `tsplay vault encrypt-string`: `NAME: !vault |` blocks formatted as ansible-vault prints them. */
import { TsplayError } from '../../errors.js'
import { keyringFromOptions, withVaultOptions } from '../../vault/options.js'
import { promptLine, stdin } from '../../vault/prompt.js'
import { parseCommandArgs, str, stringList } from '../args.js'
import type { Io } from '../io.js'
import { writeTarget } from './vault-files.js'

const INDENT = ' '.repeat(10)

/** Ansible's format_ciphertext_yaml: header line, then the vault text indented 10 spaces. */
export function formatVaultBlock(vaultText: string, name?: string): string {
  const lines = vaultText.split('\n').filter((line) => line !== '')
  return [`${name ? `${name}: ` : ''}!vault |`, ...lines.map((line) => INDENT + line)].join('\n')
}

interface Plain {
  value: Buffer
  name: string | undefined
  from: string
}

const options = withVaultOptions({
  name: { type: 'string', short: 'n', multiple: true },
  'stdin-name': { type: 'string' },
  prompt: { type: 'boolean', short: 'p' },
  'show-input': { type: 'boolean' },
  output: { type: 'string' },
})

function emptyValue(from: string): TsplayError {
  return new TsplayError({
    code: 'VAULT_EMPTY_VALUE',
    message: `the value from ${from} is empty; nothing was encrypted`,
    hint: 'give a non-empty value',
  })
}

export async function encryptString(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs('vault encrypt-string', argv, options)
  const args = parsed.positionals.filter((a) => a !== '-')
  const names = stringList(parsed.values['name'])
  const stdinName = str(parsed.values['stdin-name'])
  const askPrompt = parsed.values['prompt'] === true
  const fromStdin =
    parsed.positionals.includes('-') ||
    stdinName !== undefined ||
    (!args.length && !askPrompt && !process.stdin.isTTY)
  if (askPrompt && fromStdin) {
    throw new TsplayError({
      code: 'CLI_USAGE',
      message: 'tsplay vault encrypt-string: --prompt cannot be combined with reading stdin',
      hint: 'use one of --prompt, --stdin-name or `-`',
    })
  }
  const keyring = await keyringFromOptions(parsed.values, {
    env: io.env,
    forEncryption: true,
    autoPrompt: true,
  })
  const secret = keyring.encryptionSecret()
  const plains: Plain[] = []
  if (askPrompt || (!fromStdin && !args.length)) {
    // Interactive: the name from --name, else asked (only with --prompt, as ansible-vault does).
    const name =
      (args.length ? undefined : names[0]) ??
      (askPrompt
        ? (await promptLine('Variable name (enter for no name): ', { echo: true })) || undefined
        : undefined)
    const value = await promptLine('String to encrypt (hidden): ', {
      echo: parsed.values['show-input'] === true,
    })
    if (!value) throw emptyValue('the prompt')
    plains.push({ value: Buffer.from(value), name, from: 'the prompt' })
  }
  if (fromStdin) {
    const value = await stdin.readAll()
    if (!value.length) throw emptyValue('stdin')
    if (value[value.length - 1] === 0x0a) {
      io.err(
        'note: the value read from stdin ends with a newline, which is encrypted too (use printf %s to avoid it)\n',
      )
    }
    plains.push({ value, name: stdinName ?? (args.length ? undefined : names[0]), from: 'stdin' })
  }
  args.forEach((arg, i) => {
    if (!arg) throw emptyValue('the command line')
    plains.push({ value: Buffer.from(arg), name: names[i], from: 'the command line' })
  })
  const blocks = plains.map((p, i) => {
    if (plains.length > 1)
      io.err(`# the encrypted value #${i + 1}${p.name ? ` (${p.name})` : ''}, from ${p.from}\n`)
    return formatVaultBlock(keyring.encrypt(p.value, secret, p.from), p.name)
  })
  writeTarget(io, str(parsed.values['output']) ?? '-', `${blocks.join('\n')}\n`)
  return 0
}
