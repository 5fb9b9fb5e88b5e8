#!/usr/bin/env node
/**
 * The `tsplay` executable. It starts the CLI from one bundled file (`npm run build` makes it with
 * scripts/bundle.mjs) and V8's code cache for it, which is made at build time too: resolving,
 * reading and compiling ~150 ES modules and three libraries on every run cost more CPU than a
 * 50-host play's SSH handshakes. Without the bundle, when `tsc` ran after it, or with
 * TSPLAY_NO_BUNDLE=1, it loads the ES modules of dist/ instead.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Script, constants } from 'node:vm'

interface Cli {
  runCli(argv?: string[]): Promise<void>
}

const BUNDLE = join(__dirname, 'tsplay.bundle.cjs')
const CODE_CACHE = join(__dirname, 'tsplay.bundle.v8cache')

function readOrUndefined(path: string, encoding?: 'utf8'): string | Buffer | undefined {
  try {
    return readFileSync(path, encoding)
  } catch {
    return undefined
  }
}

/** `tsc` alone rewrites main.js but not the bundle: then the bundle is stale and not used. */
function bundleIsCurrent(): boolean {
  try {
    return statSync(BUNDLE).mtimeMs >= statSync(join(__dirname, 'main.js')).mtimeMs
  } catch {
    return false
  }
}

function writeCodeCache(script: Script): void {
  try {
    writeFileSync(CODE_CACHE, script.createCachedData())
  } catch (err) {
    // a read-only install keeps working without a cache; say why the build got none
    process.stderr.write(`tsplay: cannot write ${CODE_CACHE}: ${(err as Error).message}\n`)
  }
}

function fromBundle(): Cli | undefined {
  if (!bundleIsCurrent()) return undefined
  const source = readOrUndefined(BUNDLE, 'utf8') as string | undefined
  if (source === undefined) return undefined
  // a rejected cache (another Node version) only costs the compile it would have saved
  const cachedData = readOrUndefined(CODE_CACHE) as Buffer | undefined
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source.replace(/^#!/, '//')}\n})`
  const script = new Script(wrapped, {
    filename: BUNDLE,
    ...(cachedData ? { cachedData } : {}),
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  })
  const mod = { exports: {} as Cli }
  ;(script.runInThisContext() as (...a: unknown[]) => void)(
    mod.exports,
    createRequire(BUNDLE),
    mod,
    BUNDLE,
    __dirname,
  )
  // shown by `tsplay --version`
  const cache = !cachedData ? 'none' : script.cachedDataRejected ? 'rejected' : 'used'
  ;(globalThis as Record<symbol, unknown>)[Symbol.for('tsplay.startup')] =
    `${BUNDLE} (V8 code cache: ${cache})`
  // the build runs a warm-up play with this set, so that the cache holds the functions it compiled
  if (process.env['TSPLAY_WRITE_CODE_CACHE']) process.once('exit', () => writeCodeCache(script))
  return mod.exports
}

async function start(): Promise<void> {
  const cli =
    (process.env['TSPLAY_NO_BUNDLE'] ? undefined : fromBundle()) ??
    ((await import(pathToFileURL(join(__dirname, 'main.js')).href)) as Cli)
  await cli.runCli()
}

void start()
