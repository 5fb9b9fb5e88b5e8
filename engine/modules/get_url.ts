/**
 * get_url: downloads ON THE HOST (curl, else wget) into a temp file beside dest, verifies the
 * checksum there, then renames it over dest. As in Ansible, an existing dest is not downloaded
 * again unless force=yes or its checksum differs from `checksum:`; a download identical to dest
 * leaves it untouched (changed only by mode/owner/group).
 */
import { posix } from 'node:path'
import {
  attrScript,
  failureMessage,
  parseStat,
  run,
  statScript,
  type RemoteStat,
  type StatResult,
} from '../connection/remote-fs.js'
import { shq } from '../connection/quote.js'
import { attrDiff, attrFix, flag, hasFix, parseMode, wantAttrs, type AttrFix } from './mode.js'
import { parseChecksumArg, findInChecksumList, urlFilename } from './system/checksum.js'
import { optString, sections } from './system/common.js'
import {
  downloadConfig,
  downloadScript,
  downloaderOf,
  PROBE_DOWNLOADER,
  requestOf,
  type Downloader,
  type HttpRequest,
} from './system/http.js'
import { ModuleFailure, type Module, type ModuleContext, type ModuleResult } from './types.js'
import type { ChecksumAlgo } from '../connection/remote-fs.js'

interface GetUrlData {
  dest: string
  tool: Downloader
  download: boolean
  expected?: string | undefined
  algo?: ChecksumAlgo | undefined
  fix: AttrFix
  stat: StatResult
}

/** The downloader, dest and its parent: one round trip. */
async function probe(ctx: ModuleContext, dest: string, algo?: ChecksumAlgo) {
  const script = `echo @@tool; ${PROBE_DOWNLOADER}\n${statScript(dest, { follow: true, checksum: algo })}\n${statScript(posix.dirname(dest), { follow: true })}`
  const res = await run(ctx, script)
  const parts = res.stdout.split(/^@@stat\n/m)
  if (res.rc !== 0 || parts.length !== 3)
    throw new ModuleFailure(failureMessage(res.stderr, 'reading the status of', dest))
  return {
    tool: downloaderOf(sections(parts[0]!).get('tool') ?? ''),
    st: parseStat(dest, parts[1]!),
    parent: parseStat(posix.dirname(dest), parts[2]!),
  }
}

/** Failure of a download script, by its exit code. */
export function downloadFailure(rc: number, stderr: string, url: string, code?: string): ModuleFailure {
  const last = stderr.trim().split('\n').pop() ?? ''
  if (rc === 91)
    return new ModuleFailure(`Request failed: ${last} (${url})`, { status_code: Number(code), url })
  if (rc === 90)
    return new ModuleFailure(`Request failed: ${last || 'download error'} (${url})`, { status_code: -1, url })
  return new ModuleFailure(failureMessage(stderr, 'downloading', url), { rc })
}

/** Downloads a checksum list on the host and returns its text (read-only: a temp file, removed). */
export async function fetchText(ctx: ModuleContext, tool: Downloader, req: HttpRequest): Promise<string> {
  const script = `t=$(mktemp) || exit 81\ntrap 'rm -f "$t"' EXIT\n${downloadScript(tool, req, 't')}\necho @@body; cat "$t"`
  const res = await run(ctx, script, downloadConfig(tool, req))
  const sec = sections(res.stdout)
  if (res.rc !== 0) throw downloadFailure(res.rc, res.stderr, req.url, sec.get('code')?.trim())
  return sec.get('body') ?? ''
}

function modeScript(d: GetUrlData, args: Record<string, unknown>): string {
  if (args.mode !== undefined && args.mode !== null)
    return `chmod ${parseMode(args.mode as string, d.stat.exists ? d.stat.mode : undefined, false).toString(8)} "$t" || exit 83`
  return `if [ -e "$dest" ]; then chmod "$(stat -L -c %a -- "$dest")" "$t"; else chmod "$(printf %o $((0666 & ~0$(umask))))" "$t"; fi || exit 83`
}

export function downloadApplyScript(d: GetUrlData, args: Record<string, unknown>, req: HttpRequest): string {
  const want = wantAttrs(args)
  const own = want.owner
    ? `chown ${shq(want.owner)}${want.group ? `:${shq(want.group)}` : ''} "$t" || exit 84`
    : want.group
      ? `chgrp ${shq(want.group)} "$t" || exit 84`
      : ':'
  const tmpDir = optString(args.tmp_dest)
  return [
    `dest=${shq(d.dest)}`,
    `t=$(mktemp ${tmpDir ? `${shq(tmpDir)}/.tsplay.XXXXXX` : '"$(dirname -- "$dest")/.tsplay.XXXXXX"'}) || exit 81`,
    `trap 'rm -f "$t"' EXIT`,
    downloadScript(d.tool, req, 't'),
    d.expected
      ? `sum=$(${d.algo}sum < "$t" | cut -d' ' -f1); echo @@sum; echo "$sum"; [ "$sum" = ${shq(d.expected)} ] || exit 92`
      : ':',
    `new=$(sha1sum < "$t" | cut -d' ' -f1); old=; [ -f "$dest" ] && old=$(sha1sum < "$dest" | cut -d' ' -f1)`,
    `echo @@sha1; echo "$new"; echo @@size; wc -c < "$t"`,
    `if [ "$new" = "$old" ]; then echo @@same; exit 0; fi`,
    modeScript(d, args),
    own,
    flag(args.backup)
      ? `if [ -e "$dest" ]; then b="$dest.$$.$(date +%Y-%m-%d@%H:%M:%S)~"; cp -p -- "$dest" "$b" || exit 86; echo @@backup; printf '%s\\n' "$b"; fi`
      : ':',
    `mv -f -- "$t" "$dest" || exit 87`,
  ].join('\n')
}

export const getUrlModule: Module = {
  name: 'get_url',
  async check(args, ctx) {
    const url = String(args.url)
    let dest = String(args.dest)
    const spec = optString(args.checksum) ? parseChecksumArg(String(args.checksum)) : undefined
    let { tool, st, parent } = await probe(ctx, dest, spec?.algo)
    if (st.exists && st.type === 'directory') {
      dest = posix.join(dest, urlFilename(url))
      ;({ tool, st, parent } = await probe(ctx, dest, spec?.algo))
    }
    if (!parent.exists)
      throw new ModuleFailure(`Destination ${posix.dirname(dest)} does not exist`, { dest, url })
    let expected = spec && 'value' in spec ? spec.value : undefined
    if (spec && 'url' in spec) {
      const list = await fetchText(ctx, tool, {
        ...requestOf(args, spec.url, Number(args.timeout ?? 10)),
        headers: {},
      })
      expected = findInChecksumList(list, urlFilename(url), spec.algo)
    }
    const keep =
      st.exists && !flag(args.force) && (!expected || (st.type === 'file' && st.checksum === expected))
    const fix = attrFix(st.exists ? st : undefined, wantAttrs(args), false)
    const data: GetUrlData = { dest, tool, download: !keep, expected, algo: spec?.algo, fix, stat: st }
    const result = {
      url,
      dest,
      ...(keep ? { msg: 'file already exists' } : {}),
      ...(expected ? { checksum: `${spec!.algo}:${expected}` } : {}),
    }
    const diff = keep
      ? hasFix(fix) && st.exists
        ? [attrDiff(dest, st as RemoteStat, fix)]
        : []
      : [
          {
            path: dest,
            before: st.exists ? `(existing file, ${st.exists && 'size' in st ? st.size : 0} bytes)\n` : '',
            after: `(downloaded from ${url})\n`,
          },
        ]
    return {
      changed: !keep || hasFix(fix),
      result,
      diff: ctx.diffMode && diff.length ? diff : undefined,
      data,
    }
  },
  async apply(plan, args, ctx) {
    const d = plan.data as GetUrlData
    const out: ModuleResult = { changed: false, ...plan.result }
    if (d.download) {
      const req = requestOf(args, String(args.url), Number(args.timeout ?? 10))
      const t0 = Date.now()
      const res = await run(ctx, downloadApplyScript(d, args, req), downloadConfig(d.tool, req))
      const sec = sections(res.stdout)
      const code = sec.get('code')?.trim()
      if (res.rc === 92)
        throw new ModuleFailure(
          `The checksum for ${d.dest} did not match ${d.expected}; it was ${sec.get('sum')?.trim()}.`,
          { dest: d.dest, url: req.url },
        )
      if (res.rc !== 0) throw downloadFailure(res.rc, res.stderr, req.url, code)
      const sha1 = sec.get('sha1')?.trim()
      const size = Number(sec.get('size')?.trim())
      Object.assign(out, {
        status_code: Number(code) || 200,
        checksum_src: sha1,
        checksum_dest: sha1,
        size,
        msg: `OK (${size} bytes)`,
        elapsed: Math.round((Date.now() - t0) / 1000),
      })
      if (sec.has('backup')) out.backup_file = sec.get('backup')?.split('\n')[0]
      out.changed = !sec.has('same')
      if (!sec.has('same')) return out
    }
    if (hasFix(d.fix)) {
      const r = await run(ctx, attrScript([d.dest], d.fix))
      if (r.rc !== 0)
        throw new ModuleFailure(failureMessage(r.stderr, 'changing attributes of', d.dest), { rc: r.rc })
      out.changed = true
    }
    return out
  },
}
