/**
 * apt_key, the keyring way: the key (url: downloaded on the host, data: stdin, file: on the host,
 * keyserver+id) is dearmored with gpg into `keyring`, written only when its sha256 differs. With
 * `id`, a keyring already holding that key is left alone without downloading. Deviations: the
 * keyring file is replaced rather than imported into, and without `keyring` the key goes to
 * /etc/apt/trusted.gpg.d/tsplay-<id or hash>.gpg (apt-key is gone from current distributions).
 */
import { createHash } from 'node:crypto'
import { shq } from '../connection/quote.js'
import { linesDiff, optString, run, runStep, sections } from './system/common.js'
import { downloadConfig, downloaderOf, downloadScript, PROBE_DOWNLOADER, requestOf } from './system/http.js'
import { ModuleFailure, type Module, type ModuleContext } from './types.js'

export function keyringPath(args: Record<string, unknown>): string {
  const kr = optString(args.keyring)
  if (kr) return kr
  const id = optString(args.id)?.replace(/^0x/i, '')
  const tag =
    id ??
    createHash('sha256')
      .update(String(args.url ?? args.file ?? args.data ?? ''))
      .digest('hex')
      .slice(0, 12)
  return `/etc/apt/trusted.gpg.d/tsplay-${tag}.gpg`
}

/** `gpg --with-colons --list-keys` → whether a key id (short, long or fingerprint) is there. */
export function keyringHas(colons: string, id: string): boolean {
  const want = id.replace(/^0x/i, '').replace(/\s/g, '').toUpperCase()
  return colons.split('\n').some((l) => {
    const f = l.split(':')
    const v = (f[0] === 'fpr' ? f[9] : f[0] === 'pub' || f[0] === 'sub' ? f[4] : '')?.toUpperCase()
    return !!v && v.endsWith(want)
  })
}

const GPG = 'gpg --batch --no-tty --no-default-keyring'

/** Sets up $h/key (dearmored key) and prints `@@sums` new/old sha256; apply then installs it. */
async function keyScript(ctx: ModuleContext, args: Record<string, unknown>, kr: string, install: boolean) {
  const lines = [
    `h=$(mktemp -d) || exit 81`,
    `trap 'rm -rf "$h"' EXIT`,
    `export GNUPGHOME="$h"`,
    `kr=${shq(kr)}`,
  ]
  let stdin: string | undefined
  const url = optString(args.url)
  if (url) {
    const tool = downloaderOf((await run(ctx, PROBE_DOWNLOADER)).stdout)
    const req = requestOf(args, url, 10)
    lines.push(`in="$h/in"`, `{\n${downloadScript(tool, req, 'in')}\n} >/dev/null`)
    stdin = downloadConfig(tool, req)
  } else if (optString(args.data)) {
    lines.push(`cat > "$h/in"`)
    stdin = String(args.data)
  } else if (optString(args.file)) lines.push(`cp -- ${shq(String(args.file))} "$h/in" || exit 74`)
  else if (optString(args.keyserver) && optString(args.id)) {
    const id = shq(String(args.id))
    lines.push(
      `gpg --batch --keyserver ${shq(String(args.keyserver))} --recv-keys ${id} >&2 && gpg --batch --export ${id} > "$h/in" || exit 93`,
    )
  } else
    throw new ModuleFailure('apt_key: one of url, data, file or keyserver+id is required with state=present')
  lines.push(
    `if grep -q 'BEGIN PGP' "$h/in"; then gpg --batch --dearmor < "$h/in" > "$h/key" || exit 93; else cp "$h/in" "$h/key"; fi`,
    `[ -s "$h/key" ] || { echo 'no key data' >&2; exit 93; }`,
    `new=$(sha256sum < "$h/key" | cut -d' ' -f1); old=; [ ! -f "$kr" ] || old=$(sha256sum < "$kr" | cut -d' ' -f1)`,
    `echo @@sums; echo "$new $old"`,
  )
  if (install)
    lines.push(
      `if [ "$new" != "$old" ]; then mkdir -p -- "$(dirname -- "$kr")" && n=$(mktemp "$(dirname -- "$kr")/.tsplay.XXXXXX") && cp "$h/key" "$n" && chmod 644 "$n" && mv -f -- "$n" "$kr" || exit 87; fi`,
    )
  return runStep(ctx, lines.join('\n'), install ? `installing the key into ${kr}` : 'fetching the key', stdin)
}

interface KeyData {
  keyring: string
  action: 'install' | 'remove' | 'none'
}

export const aptKeyModule: Module = {
  name: 'apt_key',
  async check(args, ctx) {
    const kr = keyringPath(args)
    const id = optString(args.id)
    const state = String(args.state ?? 'present')
    const listed = await run(
      ctx,
      `[ -f ${shq(kr)} ] || exit 0; h=$(mktemp -d); GNUPGHOME="$h" ${GPG} --keyring ${shq(kr.includes('/') ? kr : `./${kr}`)} --with-colons --list-keys 2>/dev/null; echo @@exists; rm -rf "$h"`,
    )
    const exists = listed.stdout.includes('@@exists')
    const has = exists && (!id || keyringHas(listed.stdout, id))
    const result = { id, keyring: kr, state }
    let action: KeyData['action'] = 'none'
    if (state === 'absent') action = has ? 'remove' : 'none'
    else if (!(id && has)) {
      const [nw, old] = (sections((await keyScript(ctx, args, kr, false)).stdout).get('sums') ?? '')
        .trim()
        .split(' ')
      if (nw !== old) action = 'install'
    }
    const diff =
      action === 'none'
        ? undefined
        : [linesDiff(kr, exists ? ['(keyring)'] : [], action === 'remove' ? [] : ['(new key)'])]
    return {
      changed: action !== 'none',
      result,
      diff: ctx.diffMode ? diff : undefined,
      data: { keyring: kr, action } satisfies KeyData,
    }
  },
  async apply(plan, args, ctx) {
    const d = plan.data as KeyData
    if (d.action === 'remove') await runStep(ctx, `rm -f -- ${shq(d.keyring)}`, `removing ${d.keyring}`)
    else await keyScript(ctx, args, d.keyring, true)
    return { ...plan.result, changed: true }
  },
}
