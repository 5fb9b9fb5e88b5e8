/**
 * `vault edit`/`create`: the plaintext copy lives in a private 0700 directory and is overwritten and
 * removed on every way out: normal exit, editor failure, SIGINT/SIGTERM/SIGHUP, or process exit.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TsplayError } from '../errors.js'
import { interrupted } from './prompt.js'

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']

/** `$EDITOR` split as a POSIX shell would (quotes and backslashes), like Ansible's shlex.split. */
export function splitCommand(line: string): string[] {
  const words: string[] = []
  let word: string | undefined
  let quote: string | undefined
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!
    if (quote) {
      if (ch === quote) quote = undefined
      else if (ch === '\\' && quote === '"' && /["\\$`]/.test(line[i + 1] ?? '')) word += line[++i]!
      else word += ch
    } else if (ch === "'" || ch === '"') {
      quote = ch
      word ??= ''
    } else if (ch === '\\') {
      word = (word ?? '') + (line[++i] ?? '')
    } else if (/\s/.test(ch)) {
      if (word !== undefined) words.push(word)
      word = undefined
    } else word = (word ?? '') + ch
  }
  if (word !== undefined) words.push(word)
  return words
}

function shred(dir: string, file: string): void {
  try {
    const size = statSync(file).size
    if (size) writeFileSync(file, Buffer.alloc(size))
  } catch {
    // already gone
  }
  rmSync(dir, { recursive: true, force: true })
}

/**
 * Opens `editor` on a private copy of `plaintext` and returns the saved content. Throws (and saves
 * nothing) if the editor cannot start, exits non-zero, or the process is interrupted (exit 99).
 */
export async function editPrivateCopy(plaintext: Buffer, extension: string, editor: string): Promise<Buffer> {
  let child: ChildProcess | undefined
  let stop: ((err: Error) => void) | undefined
  // Handlers go in before the copy exists, so no signal finds it unguarded.
  const onSignal = (): void => {
    child?.kill('SIGTERM')
    child?.unref()
    stop?.(interrupted())
  }
  for (const s of SIGNALS) process.on(s, onSignal)
  const dir = mkdtempSync(join(tmpdir(), 'tsplay-vault-'))
  const file = join(dir, `vault${extension}`)
  const cleanup = (): void => shred(dir, file)
  process.once('exit', cleanup)
  try {
    writeFileSync(file, plaintext, { mode: 0o600, flag: 'wx' })
    const [command = 'vi', ...args] = splitCommand(editor)
    await new Promise<void>((resolve, reject) => {
      stop = reject
      child = spawn(command, [...args, file], { stdio: 'inherit' })
      child.on('error', (err: NodeJS.ErrnoException) =>
        reject(editorError(`cannot run the editor \`${command}\`: ${err.code ?? err.message}`)),
      )
      child.on('exit', (code, signal) => {
        if (code === 0) resolve()
        else reject(editorError(`the editor \`${command}\` exited with ${signal ?? `code ${code}`}`))
      })
    })
    return readFileSync(file)
  } finally {
    for (const s of SIGNALS) process.off(s, onSignal)
    cleanup()
    process.off('exit', cleanup)
  }
}

function editorError(message: string): TsplayError {
  return new TsplayError({
    code: 'VAULT_EDITOR',
    message: `${message}; the vault file was not changed`,
    hint: 'set EDITOR to a command that waits until you close the file, e.g. `EDITOR="code --wait"`',
  })
}
