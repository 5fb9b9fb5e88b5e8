/** A module context on a real LocalConnection in a temp directory, and an executor-like runner. */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { isAbsolute, join } from 'node:path'
import { LocalConnection } from '../../../../engine/connection/local.js'
import type { Module, ModuleContext, ModuleResult, Plan } from '../../../../engine/modules/types.js'
import { renderFile } from '../../../../engine/template/index.js'

export function makeTmp(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'tsplay-files-'))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Controller sources live in `<root>/files` and `<root>/templates`; fetch writes under `<root>/artifacts`. */
export function makeCtx(root: string, over: Partial<ModuleContext> = {}): ModuleContext {
  const vars = over.vars ?? {}
  return {
    host: 'web1',
    conn: new LocalConnection('web1'),
    checkMode: false,
    diffMode: true,
    vars,
    findSource: (src, kind) => (isAbsolute(src) ? src : join(root, kind, src)),
    renderTemplate: (path) => renderFile(path, vars),
    artifactsDir: join(root, 'artifacts'),
    ...over,
  }
}

/** What the executor does: check, then apply unless in check mode or nothing changes. */
export async function runModule<A extends Record<string, unknown>>(
  mod: Module<A>,
  args: A,
  ctx: ModuleContext,
): Promise<{ plan: Plan; result: ModuleResult }> {
  const plan = await mod.check(args, ctx)
  if (ctx.checkMode || !plan.changed) return { plan, result: { changed: plan.changed, ...plan.result } }
  return { plan, result: await mod.apply(plan, args, ctx) }
}

/** Runs a module and returns the ModuleFailure it throws (or fails the test). */
export async function failureOf(p: Promise<unknown>): Promise<Error> {
  try {
    await p
  } catch (err) {
    return err as Error
  }
  throw new Error('expected a failure')
}

/** Leftover temp files of writeFileAtomic in a directory */
export function tempLeftovers(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.startsWith('.tsplay.'))
}

/**
 * Mocha hooks for a fresh temporary directory per test (umask 022), with `sub` directories in it;
 * `set` receives each new directory.
 */
export function useTempDir(set: (dir: string) => void, ...sub: string[]): void {
  let cleanup = (): void => undefined
  before(() => process.umask(0o022))
  beforeEach(() => {
    const tmp = makeTmp()
    cleanup = tmp.cleanup
    for (const s of sub) mkdirSync(join(tmp.dir, s))
    set(tmp.dir)
  })
  afterEach(() => cleanup())
}
