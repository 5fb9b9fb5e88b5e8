/**
 * HTTP on the host with curl (or wget for plain downloads). Every request option, the URL included,
 * goes in a config fed on stdin (`curl -K -`, `wget --config=/dev/stdin`): headers, credentials and
 * bodies never appear on a command line or in -vvv logs.
 */
import { ModuleFailure } from '../types.js'
import { optString } from './common.js'
import { arg, flag } from '../mode.js'

export interface HttpRequest {
  url: string
  method?: string | undefined
  headers?: Record<string, string> | undefined
  username?: string | undefined
  password?: string | undefined
  validateCerts?: boolean | undefined
  /** Seconds without progress before giving up (Ansible's socket timeout) */
  timeout?: number | undefined
  followRedirects?: boolean | undefined
  agent?: string | undefined
  body?: string | undefined
  useProxy?: boolean | undefined
  clientCert?: string | undefined
  clientKey?: string | undefined
  caPath?: string | undefined
  unixSocket?: string | undefined
}

/** A string in curl's config syntax: double quotes with backslash escapes. */
export function curlQuote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`
}

export function curlConfig(r: HttpRequest): string {
  const lines = [`url = ${curlQuote(r.url)}`, 'silent', 'show-error']
  if (r.method && r.method !== 'GET') lines.push(`request = ${curlQuote(r.method)}`)
  if (r.method === 'HEAD') lines.push('head')
  for (const [k, v] of Object.entries(r.headers ?? {})) lines.push(`header = ${curlQuote(`${k}: ${v}`)}`)
  if (r.username !== undefined) lines.push(`user = ${curlQuote(`${r.username}:${r.password ?? ''}`)}`)
  if (r.validateCerts === false) lines.push('insecure')
  if (r.timeout) lines.push(`connect-timeout = ${r.timeout}`, `speed-time = ${r.timeout}`, 'speed-limit = 1')
  if (r.followRedirects) lines.push('location', 'max-redirs = 50')
  lines.push(`user-agent = ${curlQuote(r.agent ?? 'ansible-httpget')}`)
  if (r.body !== undefined) lines.push(`data-binary = ${curlQuote(r.body)}`)
  if (r.useProxy === false) lines.push('noproxy = "*"')
  if (r.clientCert) lines.push(`cert = ${curlQuote(r.clientCert)}`)
  if (r.clientKey) lines.push(`key = ${curlQuote(r.clientKey)}`)
  if (r.caPath) lines.push(`cacert = ${curlQuote(r.caPath)}`)
  if (r.unixSocket) lines.push(`unix-socket = ${curlQuote(r.unixSocket)}`)
  return lines.join('\n') + '\n'
}

/** wgetrc commands for a plain GET download. */
export function wgetConfig(r: HttpRequest): string {
  if (/[\n\r]/.test(Object.values(r.headers ?? {}).join('') + (r.password ?? '')))
    throw new ModuleFailure('header or password values with newlines need curl on the host')
  const lines = [`user_agent = ${r.agent ?? 'ansible-httpget'}`]
  for (const [k, v] of Object.entries(r.headers ?? {})) lines.push(`header = ${k}: ${v}`)
  if (r.username !== undefined)
    lines.push(`user = ${r.username}`, `password = ${r.password ?? ''}`, 'auth_no_challenge = on')
  if (r.validateCerts === false) lines.push('check_certificate = off')
  if (r.timeout) lines.push(`timeout = ${r.timeout}`)
  if (!r.followRedirects) lines.push('max_redirect = 0')
  if (r.useProxy === false) lines.push('use_proxy = off')
  lines.push('tries = 1')
  return lines.join('\n') + '\n'
}

export type Downloader = 'curl' | 'wget'

/** Prints `curl`, `wget` or `none`. */
export const PROBE_DOWNLOADER =
  'if command -v curl >/dev/null; then echo curl; elif command -v wget >/dev/null; then echo wget; else echo none; fi'

export function downloaderOf(out: string): Downloader {
  const t = out.trim().split('\n')[0]
  if (t === 'curl' || t === 'wget') return t
  throw new ModuleFailure('neither curl nor wget is installed on the host')
}

/**
 * Shell that downloads the URL of the stdin config into "$<outVar>" and sets `code` to the HTTP
 * status (000 for non-HTTP URLs); exits 90 (the tool failed, message on stderr) or 91 (HTTP error).
 */
export function downloadScript(tool: Downloader, r: HttpRequest, outVar: string): string {
  const out = `"$${outVar}"`
  const get =
    tool === 'curl'
      ? [`code=$(curl -K - -o ${out} -w '%{http_code}'); rc=$?`, '[ "$rc" = 0 ] || code=000']
      : [
          `IFS= read -r u; c=$(mktemp) || exit 81; cat > "$c"; h=$(mktemp) || exit 81`,
          `wget --config="$c" -q -S -O ${out} -- "$u" 2>"$h"; rc=$?`,
          `code=$(grep -o 'HTTP/[0-9.]* [0-9]*' "$h" | tail -n 1 | sed 's/.* //'); [ -n "$code" ] || code=000`,
          `[ "$rc" = 0 ] || [ "$rc" = 8 ] || cat "$h" >&2; rm -f "$c" "$h"; [ "$rc" != 8 ] || rc=0`,
        ]
  const lines = [...get, 'echo @@code; echo "$code"', '[ "$rc" = 0 ] || exit 90']
  if (/^https?:/i.test(r.url))
    lines.push(`case "$code" in 2??) ;; *) echo "HTTP Error $code" >&2; exit 91;; esac`)
  return lines.join('\n')
}

/** What the download script reads on stdin. */
export function downloadConfig(tool: Downloader, r: HttpRequest): string {
  return tool === 'curl' ? curlConfig(r) : `${r.url}\n${wgetConfig(r)}`
}

/** The request options shared by get_url, uri and apt_key, from the task arguments. */
export function requestOf(args: Record<string, unknown>, url: string, timeoutDefault: number): HttpRequest {
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries((args.headers as Record<string, unknown> | undefined) ?? {}))
    headers[k] = String(v)
  return {
    url,
    headers,
    username: optString(arg(args, 'url_username', 'user')),
    password: optString(arg(args, 'url_password', 'password')),
    validateCerts: flag(args.validate_certs, true),
    timeout: Number(args.timeout ?? timeoutDefault),
    followRedirects: true,
    agent: optString(args.http_agent),
    useProxy: flag(args.use_proxy, true),
    clientCert: optString(args.client_cert),
    clientKey: optString(args.client_key),
    caPath: optString(args.ca_path),
  }
}

/** The last header block of `curl -D` output (after redirects) → Ansible-style lower_case keys. */
export function parseResponseHeaders(raw: string): { status?: number; headers: Record<string, string> } {
  const blocks = raw
    .replace(/\r/g, '')
    .split(/\n\n+/)
    .filter((b) => /^HTTP\//.test(b.trim()))
  const last = blocks.pop() ?? ''
  const [statusLine, ...rest] = last.trim().split('\n')
  const headers: Record<string, string> = {}
  for (const line of rest) {
    const i = line.indexOf(':')
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase().replace(/-/g, '_')] = line.slice(i + 1).trim()
  }
  const m = /^HTTP\/[\d.]+ (\d{3})/.exec(statusLine ?? '')
  return { status: m ? Number(m[1]) : undefined, headers }
}
