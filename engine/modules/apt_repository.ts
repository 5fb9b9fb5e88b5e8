/**
 * apt_repository: a one-line source in sources.list.d/FILENAME.list (FILENAME from the URL, like
 * Ansible's). All .list files are searched first: an enabled copy anywhere means no change, a
 * commented copy is enabled. An absolute `filename` is a path (as os.path.join makes it in Ansible).
 * Not supported: `ppa:` shortcuts and deb822 `.sources` files.
 */
import { posix } from 'node:path'
import { writeFileAtomic } from '../connection/remote-fs.js'
import { shq } from '../connection/quote.js'
import { updateCache } from './apt.js'
import { arg, flag, parseMode } from './mode.js'
import { linesDiff, optString, runStep } from './system/common.js'
import { planSources, suggestFilename, type SourceFile, type SourcesPlan } from './system/apt-sources.js'
import { ModuleFailure, type Module } from './types.js'

export const SOURCES_DIR = '/etc/apt/sources.list.d'

export function targetFile(repo: string, filename?: string): string {
  const name = filename ? `${filename.replace(/\.list$/, '')}.list` : suggestFilename(repo)
  return posix.isAbsolute(name) ? name : posix.join(SOURCES_DIR, name)
}

/** `path<TAB>base64` per existing file: exact contents in one round trip. */
export function readSourcesScript(target: string): string {
  return `for f in /etc/apt/sources.list ${SOURCES_DIR}/*.list ${shq(target)}; do [ -f "$f" ] || continue; printf '%s\\t' "$f"; base64 -w0 < "$f" || exit 71; echo; done`
}

export function parseSourcesOutput(out: string): SourceFile[] {
  const seen = new Set<string>()
  const files: SourceFile[] = []
  for (const line of out.split('\n')) {
    const i = line.lastIndexOf('\t')
    if (i < 0) continue
    const path = line.slice(0, i)
    if (seen.has(path)) continue
    seen.add(path)
    files.push({ path, content: Buffer.from(line.slice(i + 1), 'base64').toString('utf8') })
  }
  return files
}

export const aptRepositoryModule: Module = {
  name: 'apt_repository',
  async check(args, ctx) {
    const repo = String(args.repo ?? '').trim()
    if (repo.startsWith('ppa:'))
      throw new ModuleFailure(
        'apt_repository: ppa: repositories are not supported by tsplay; give the deb line',
      )
    const state = String(args.state ?? 'present') as 'present' | 'absent'
    const target = targetFile(repo, optString(args.filename))
    const res = await runStep(ctx, readSourcesScript(target), 'reading apt sources')
    let plan: SourcesPlan
    try {
      plan = planSources(parseSourcesOutput(res.stdout), repo, state, target)
    } catch (err) {
      throw new ModuleFailure(`Invalid repository string: ${repo}`, { msg: (err as Error).message })
    }
    const result = { repo, state, sources_added: plan.added, sources_removed: plan.removed }
    const diff = plan.changes.map((c) => linesDiff(c.path, c.before, c.after))
    return {
      changed: plan.changes.length > 0,
      result,
      diff: ctx.diffMode && diff.length ? diff : undefined,
      data: plan,
    }
  },
  async apply(plan, args, ctx) {
    const d = plan.data as SourcesPlan
    for (const c of d.changes) {
      if (c.remove) await runStep(ctx, `rm -f -- ${shq(c.path)}`, `removing ${c.path}`)
      else {
        const mode =
          args.mode !== undefined || c.created
            ? parseMode((args.mode as string) ?? '0644', undefined, false)
            : undefined
        await writeFileAtomic(ctx, c.path, c.content, { mode, report: false })
      }
    }
    const out = { changed: true, ...plan.result, cache_updated: false }
    if (flag(arg(args, 'update_cache', 'update-cache'), true)) {
      await updateCache(ctx, args)
      out.cache_updated = true
    }
    return out
  },
}
