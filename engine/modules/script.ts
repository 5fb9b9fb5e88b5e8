/**
 * `script`: a controller file copied to the host and run there with its arguments, in one round
 * trip. The content travels on stdin into a 0600 file (umask 077) inside a `mktemp -d` (0700)
 * directory, is made executable for its owner, runs, and the directory is removed.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { shq } from '../connection/quote.js'
import { optStr, planGuarded, runGuardedCommand } from './command-run.js'
import { commandWords, guardsOf } from './command.js'
import { commandLine } from './shell-words.js'
import { ModuleFailure, type Module, type ModuleContext } from './types.js'

export type ScriptArgs = {
  cmd?: string
  chdir?: string
  creates?: string
  removes?: string
  executable?: string
  decrypt?: boolean
}

function parse(args: ScriptArgs): { src: string; argv: string[] } {
  const [src, ...argv] = commandWords({ cmd: args.cmd })
  if (!src) throw new ModuleFailure('no script given')
  return { src, argv }
}

function readScript(src: string, ctx: ModuleContext): Buffer {
  const path = ctx.findSource(src, 'files')
  try {
    return readFileSync(path)
  } catch (err) {
    throw new ModuleFailure(
      `could not read the script ${path}: ${(err as NodeJS.ErrnoException).code ?? err}`,
    )
  }
}

/** The shell text after the guards: write stdin to the temp file, run it, clean up, keep its rc. */
export function scriptRunner(o: {
  prefix: string
  name: string
  argv: string[]
  executable?: string
}): string {
  const file = `"$d"/${shq(o.name)}`
  const run = o.executable ? `${shq(o.executable)} ${file}` : file
  const args = o.argv.length ? ` ${commandLine(o.argv, true)}` : ''
  return [
    'umask 077',
    `d=$(mktemp -d "\${TMPDIR:-/tmp}"/${o.prefix}.XXXXXX) || exit 1`,
    `cat > ${file} || { rm -rf "$d"; exit 1; }`,
    o.executable ? '' : `chmod u+x ${file}`,
    `${run}${args}`,
    'rc=$?',
    'rm -rf "$d"',
    'exit $rc',
  ]
    .filter(Boolean)
    .join('\n')
}

export const scriptModule: Module<ScriptArgs> = {
  name: 'script',
  async check(args, ctx) {
    const { src, argv } = parse(args)
    readScript(src, ctx) // a missing script fails in check mode too
    const { creates, removes } = guardsOf(args)
    return planGuarded({ creates, removes }, ctx, [src, ...argv].join(' '))
  },
  async apply(_plan, args, ctx) {
    const { src, argv } = parse(args)
    const content = readScript(src, ctx)
    const prefix = `tsplay-script-${randomBytes(6).toString('hex')}`
    const name = basename(src).replace(/[^A-Za-z0-9._-]/g, '_') || 'script'
    const executable = optStr(args.executable)
    return runGuardedCommand(ctx, {
      guards: guardsOf(args),
      chdirFirst: false, // Ansible tests creates/removes where the task runs, then cds for the script
      tail: scriptRunner({ prefix, name, argv, ...(executable ? { executable } : {}) }),
      cmd: [src, ...argv].join(' '),
      stdin: content,
      // a killed script cannot remove its directory itself
      cleanup: `rm -rf "\${TMPDIR:-/tmp}"/${prefix}.*`,
    })
  },
}
