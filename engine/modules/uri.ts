/**
 * uri: an HTTP request made ON THE HOST with curl; URL, headers, credentials and body travel in
 * curl's stdin config, never on a command line. As in Ansible, `changed` is false (except when
 * `dest` is written). GET/HEAD only read, so they run in check mode too and report their result;
 * other methods are skipped in check mode.
 */
import { shq } from '../connection/quote.js'
import { flag } from './mode.js'
import { optString, run, sections, strList } from './system/common.js'
import { curlConfig, parseResponseHeaders, requestOf, type HttpRequest } from './system/http.js'
import { ModuleFailure, type Module, type ModuleContext, type ModuleResult } from './types.js'

/** The request body and the Content-Type it implies. */
export function encodeBody(
  body: unknown,
  format: string,
): { body?: string | undefined; type?: string | undefined } {
  if (body === undefined || body === null) return {}
  if (format === 'json')
    return { body: typeof body === 'string' ? body : JSON.stringify(body), type: 'application/json' }
  if (format === 'form-urlencoded') {
    if (typeof body === 'string') return { body, type: 'application/x-www-form-urlencoded' }
    const pairs = Array.isArray(body) ? (body as [unknown, unknown][]) : Object.entries(body as object)
    const p = new URLSearchParams(pairs.map(([k, v]) => [String(k), String(v)] as [string, string]))
    return { body: p.toString(), type: 'application/x-www-form-urlencoded' }
  }
  if (format === 'form-multipart')
    throw new ModuleFailure('uri: body_format=form-multipart is not supported by tsplay')
  return { body: typeof body === 'string' ? body : JSON.stringify(body) }
}

export function uriRequest(args: Record<string, unknown>): HttpRequest {
  const method = String(args.method ?? 'GET').toUpperCase()
  const req = requestOf(args, String(args.url), Number(args.timeout ?? 30))
  const { body, type } = encodeBody(args.body, String(args.body_format ?? 'raw'))
  const headers = { ...req.headers }
  if (type && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
    headers['Content-Type'] = type
  const fr = args.follow_redirects
  const follow =
    fr === true || fr === 'all' || fr === 'yes'
      ? true
      : fr === false || fr === 'none' || fr === 'no'
        ? false
        : ['GET', 'HEAD'].includes(method)
  return {
    ...req,
    method,
    headers,
    body,
    followRedirects: follow,
    unixSocket: optString(args.unix_socket),
    agent: optString(args.http_agent) ?? 'ansible-httpget',
  }
}

/** curl into a temp dir; prints code, effective URL, headers, then the body last (bytes). */
export function uriScript(dest?: string): string {
  const write = dest
    ? [
        `d=${shq(dest)}`,
        `case "$code" in 2??) new=$(sha1sum < "$t/body"); old=; [ -f "$d" ] && old=$(sha1sum < "$d")`,
        `  if [ "$new" != "$old" ]; then n=$(mktemp "$(dirname -- "$d")/.tsplay.XXXXXX") || exit 81; cp "$t/body" "$n" && chmod "$(printf %o $((0666 & ~0$(umask))))" "$n" && mv -f -- "$n" "$d" || { rm -f "$n"; exit 87; }; echo @@written; fi;;`,
        `esac`,
      ]
    : []
  return [
    `t=$(mktemp -d) || exit 81`,
    `trap 'rm -rf "$t"' EXIT`,
    `out=$(curl -K - -o "$t/body" -D "$t/head" -w '%{http_code} %{url_effective}') || exit 90`,
    `code=\${out%% *}`,
    `echo @@code; echo "$out"; echo @@head; cat "$t/head"`,
    ...write,
    `echo @@body; cat "$t/body"`,
  ].join('\n')
}

export async function sendRequest(ctx: ModuleContext, args: Record<string, unknown>): Promise<ModuleResult> {
  if (!/^https?:\/\//i.test(String(args.url)))
    throw new ModuleFailure(`uri: unsupported URL ${String(args.url)}`)
  const req = uriRequest(args)
  const dest = optString(args.dest)
  const t0 = Date.now()
  const res = await run(ctx, uriScript(dest), curlConfig(req))
  const elapsed = Math.round((Date.now() - t0) / 1000)
  if (res.rc === 90)
    throw new ModuleFailure(
      `Status code was -1 and not [200]: Request failed: ${res.stderr.trim().split('\n').pop()}`,
      { status: -1, url: req.url, elapsed },
    )
  if (res.rc !== 0) throw new ModuleFailure(`uri failed (rc=${res.rc}): ${res.stderr.trim()}`, { rc: res.rc })
  const at = res.stdoutBytes.indexOf('\n@@body\n')
  const head = sections(res.stdoutBytes.subarray(0, at).toString('utf8'))
  const bodyBytes = res.stdoutBytes.subarray(at + 8)
  const [code, ...eff] = (head.get('code') ?? '').trim().split(' ')
  const status = Number(code)
  const { headers } = parseResponseHeaders(head.get('head') ?? '')
  const content = bodyBytes.toString('utf8')
  const out: ModuleResult = {
    changed: head.has('written'),
    ...headers,
    status,
    url: eff.join(' ') || req.url,
    redirected: (eff.join(' ') || req.url) !== req.url,
    elapsed,
    msg: `OK (${bodyBytes.length} bytes)`,
  }
  if (dest) out.path = dest
  if (flag(args.return_content)) out.content = content
  if (/json/i.test(headers.content_type ?? '') || (flag(args.return_content) && /^\s*[[{]/.test(content))) {
    try {
      out.json = JSON.parse(content)
    } catch {
      // not JSON after all
    }
  }
  const want =
    args.status_code === undefined || args.status_code === null
      ? [200]
      : strList(args.status_code).map(Number)
  if (!want.includes(status)) {
    const msg = `Status code was ${status} and not [${want.join(', ')}]: HTTP Error ${status}`
    throw new ModuleFailure(msg, { ...out, msg, content, changed: false })
  }
  return out
}

async function guard(ctx: ModuleContext, args: Record<string, unknown>): Promise<string | undefined> {
  const creates = optString(args.creates)
  const removes = optString(args.removes)
  if (!creates && !removes) return undefined
  const r = await run(
    ctx,
    `${creates ? `[ -e ${shq(creates)} ] && echo creates;` : ''} ${removes ? `[ -e ${shq(removes)} ] || echo removes;` : ''} :`,
  )
  if (r.stdout.includes('creates')) return `${creates} exists`
  if (r.stdout.includes('removes')) return `${removes} does not exist`
  return undefined
}

export const uriModule: Module = {
  name: 'uri',
  async check(args, ctx) {
    const skip = await guard(ctx, args)
    if (skip) return { changed: false, result: { msg: `skipped, since ${skip}`, url: args.url } }
    const method = String(args.method ?? 'GET').toUpperCase()
    if (['GET', 'HEAD'].includes(method) && !optString(args.dest)) {
      const { changed, ...result } = await sendRequest(ctx, args)
      return { changed, result }
    }
    return {
      changed: true,
      skipInCheck: `a ${method} request${optString(args.dest) ? ' writing dest' : ''} is not sent in check mode`,
      result: { url: args.url },
    }
  },
  apply: (_plan, args, ctx) => sendRequest(ctx, args),
}
