/**
 * unarchive: tar (gz/xz/bz2/zst) and zip archives, unpacked on the host with tar/unzip. The archive
 * comes from the controller (fed on stdin into a temp file), the host (remote_src) or a URL
 * (downloaded on the host). Idempotence: `creates`, else for tar `tar --diff` against dest (as
 * Ansible does; owner differences ignored, mode differences ignored when `mode` is set); for zip,
 * a simplification: unchanged when every entry already exists under dest.
 */
import { readFileSync } from 'node:fs'
import { shq, shWords } from '../connection/quote.js'
import { flag } from './mode.js'
import { optString, run, sections, strList } from './system/common.js'
import { downloadConfig, downloaderOf, downloadScript, PROBE_DOWNLOADER, requestOf } from './system/http.js'
import { ModuleFailure, type Module, type ModuleContext } from './types.js'

export type ArchiveKind = { zip: true } | { zip: false; flag: string }

export function archiveKind(name: string): ArchiveKind {
  const n = name.toLowerCase().replace(/[?#].*$/, '')
  if (n.endsWith('.zip')) return { zip: true }
  if (/\.(tar\.gz|tgz)$/.test(n)) return { zip: false, flag: '-z' }
  if (/\.(tar\.xz|txz)$/.test(n)) return { zip: false, flag: '-J' }
  if (/\.(tar\.bz2|tbz2?)$/.test(n)) return { zip: false, flag: '-j' }
  if (/\.(tar\.zst|tzst)$/.test(n)) return { zip: false, flag: '--zstd' }
  return { zip: false, flag: '' } // GNU tar detects the compression of a file
}

/** Lines of `tar --diff` output that mean dest differs from the archive. */
export function tarDiffChanges(out: string, modeGiven: boolean): string[] {
  return out
    .split('\n')
    .map((l) => l.trim())
    .filter(
      (l) =>
        l &&
        !/: (Uid|Gid) differs$/.test(l) &&
        !(modeGiven && /: Mode differs$/.test(l)) &&
        // --strip-components turns the top directory into an empty name
        !/^tar: : Warning: Cannot stat/.test(l),
    )
}

/** `--strip-components=N` / `--strip-components N` in extra_opts. */
export function stripCount(opts: string[]): number {
  for (const [i, o] of opts.entries()) {
    const m = /^--strip-components(?:=(\d+))?$/.exec(o)
    if (m) return Number(m[1] ?? opts[i + 1] ?? 0)
  }
  return 0
}

interface Source {
  kind: ArchiveKind
  /** Shell that sets $a to the archive on the host */
  setup: string
  stdin?: string | Buffer | undefined
  src: string
}

async function sourceOf(ctx: ModuleContext, args: Record<string, unknown>): Promise<Source> {
  const src = String(args.src)
  const tmp = `a=$(mktemp) || exit 81\ntrap 'rm -f "$a"' EXIT`
  if (/^[a-z]+:\/\//i.test(src)) {
    const tool = downloaderOf((await run(ctx, PROBE_DOWNLOADER)).stdout)
    const req = requestOf(args, src, Number(args.timeout ?? 10))
    return {
      kind: archiveKind(src),
      src,
      setup: `${tmp}\n{\n${downloadScript(tool, req, 'a')}\n} >/dev/null`,
      stdin: downloadConfig(tool, req),
    }
  }
  if (flag(args.remote_src) || args.copy === false)
    return {
      kind: archiveKind(src),
      src,
      setup: `a=${shq(src)}; [ -f "$a" ] || { echo "Source '$a' does not exist" >&2; exit 74; }`,
    }
  let data: Buffer
  try {
    data = readFileSync(ctx.findSource(src, 'files'))
  } catch {
    throw new ModuleFailure(`Could not find or access '${src}' on the controller`)
  }
  return { kind: archiveKind(src), src, setup: `${tmp}\ncat > "$a" || exit 82`, stdin: data }
}

function listCommand(s: Source, extra: string[]): string {
  const list = s.kind.zip ? 'unzip -Z1 "$a"' : `tar ${s.kind.flag} -tf "$a"`
  const n = stripCount(extra)
  return n
    ? `${list} | awk -F/ -v n=${n} '{s=""; for(i=n+1;i<=NF;i++) s=s (s==""?"":"/") $i; if (s!="") print s}'`
    : list
}

export function extractCommand(s: Source, extra: string[]): string {
  return s.kind.zip
    ? `unzip -o -q ${shWords(extra)} "$a" -d "$dest"`
    : `tar ${s.kind.flag} -xf "$a" -C "$dest" ${shWords(extra)}`.trimEnd()
}

function prelude(dest: string, s: Source, creates?: string): string {
  return [
    `dest=${shq(dest)}`,
    `[ -d "$dest" ] || { echo "dest '$dest' must be an existing dir" >&2; exit 73; }`,
    creates ? `if [ -e ${shq(creates)} ]; then echo @@skip; exit 0; fi` : ':',
    s.setup,
  ].join('\n')
}

function failure(rc: number, stderr: string, src: string): ModuleFailure {
  const last = stderr.trim().split('\n').pop() ?? ''
  return new ModuleFailure(rc === 73 || rc === 74 ? last : `Failed to unpack ${src}: ${last} (rc=${rc})`, {
    rc,
    stderr,
  })
}

export const unarchiveModule: Module = {
  name: 'unarchive',
  async check(args, ctx) {
    const dest = String(args.dest)
    const extra = strList(args.extra_opts)
    const s = await sourceOf(ctx, args)
    const compare = s.kind.zip
      ? `unzip -Z1 "$a" > /dev/null || exit 95; ${listCommand(s, extra)} | while IFS= read -r f; do [ -e "$dest/$f" ] || echo "$f: missing"; done`
      : `tar ${s.kind.flag} -df "$a" -C "$dest" ${shWords(extra)} 2>&1; [ $? -lt 2 ] || exit 95`
    const res = await run(
      ctx,
      `${prelude(dest, s, optString(args.creates))}\necho @@diff\n${compare}`,
      s.stdin,
    )
    if (res.rc !== 0) throw failure(res.rc, res.stderr || res.stdout, s.src)
    const sec = sections(res.stdout)
    const handler = s.kind.zip ? 'ZipArchive' : 'TgzArchive'
    const result = { dest, src: s.src, handler }
    if (sec.has('skip'))
      return { changed: false, result: { ...result, msg: `skipped, since ${String(args.creates)} exists` } }
    const diffs = tarDiffChanges(sec.get('diff') ?? '', args.mode !== undefined && args.mode !== null)
    const diff = diffs.length
      ? [{ path: dest, before: diffs.map((l) => `${l}\n`).join(''), after: `(unpacked from ${s.src})\n` }]
      : undefined
    return { changed: diffs.length > 0, result, diff: ctx.diffMode ? diff : undefined }
  },
  async apply(plan, args, ctx) {
    const dest = String(args.dest)
    const extra = strList(args.extra_opts)
    const s = await sourceOf(ctx, args)
    const owner = optString(args.owner)
    const group = optString(args.group)
    const mode =
      args.mode === undefined || args.mode === null
        ? undefined
        : typeof args.mode === 'number'
          ? args.mode.toString(8)
          : String(args.mode)
    const attrs: string[] = []
    if (owner || group)
      attrs.push(
        `xargs -d '\\n' chown -h ${shq(owner ? `${owner}${group ? `:${group}` : ''}` : `:${group}`)} --`,
      )
    if (mode) attrs.push(`xargs -d '\\n' chmod ${shq(mode)} --`)
    const cmd = extractCommand(s, extra)
    const script = [
      prelude(dest, s),
      `${cmd} || exit 96`,
      ...attrs.map((x) => `${listCommand(s, extra)} | (cd "$dest" && ${x}) || exit 97`),
    ].join('\n')
    const res = await run(ctx, script, s.stdin)
    if (res.rc !== 0) throw failure(res.rc, res.stderr, s.src)
    const extract_results = {
      cmd: cmd.replace('"$a"', shq(s.src)).replace('"$dest"', shq(dest)),
      rc: 0,
      out: res.stdout,
      err: res.stderr,
    }
    return { ...plan.result, changed: true, extract_results }
  },
}
