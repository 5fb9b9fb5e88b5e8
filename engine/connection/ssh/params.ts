/**
 * Connection parameters for one host, from Ansible's variable names, ssh-style arguments and the
 * user's ~/.ssh/config. Pure apart from reading the config file. Precedence is OpenSSH's "first
 * value wins" over these layers: ansible_* vars > CLI flags > ansible_ssh_common_args >
 * ansible_ssh_extra_args > ssh config > defaults (IdentityFile accumulates in that order).
 */
import { existsSync } from 'node:fs'
import { homedir, userInfo } from 'node:os'
import SSHConfig from 'ssh-config'
import { splitWords } from '../../modules/shell-words.js'
import { readSshConfig } from './ssh-config-file.js'

export type StrictHostKeyChecking = 'yes' | 'no' | 'accept-new'

export interface JumpHop {
  host: string
  user?: string | undefined
  port?: number | undefined
}

export interface SshParams {
  /** Inventory name */
  host: string
  /** Address to connect to */
  hostname: string
  port: number
  user: string
  /** Explicit identities, in the order tried; empty means OpenSSH's defaults (~/.ssh/id_*) */
  identityFiles: string[]
  password?: string | undefined
  knownHostsFiles: string[]
  globalKnownHostsFiles: string[]
  strictHostKeyChecking: StrictHostKeyChecking
  proxyJump: JumpHop[]
  /** `/bin/sh -c` command whose stdin/stdout carry the connection (tokens expanded) */
  proxyCommand?: string | undefined
  connectTimeoutSec: number
  serverAliveIntervalSec: number
  serverAliveCountMax: number
  forwardAgent: boolean
  /** Channels open at once on the connection */
  maxSessions: number
  /** Commands over one persistent shell (var `tsplay_command_shell`, default true) */
  commandShell: boolean
  /** ssh options that were given but that tsplay does not implement, for a warning */
  ignored: string[]
}

export interface SshCliOptions {
  privateKey?: string | undefined
  user?: string | undefined
  sshConfigFile?: string | undefined
  timeoutSec?: number | undefined
  /** --ssh-common-args / --ssh-extra-args: used where the host has no ansible_ssh_*_args */
  commonArgs?: string | undefined
  extraArgs?: string | undefined
  /** -k (--ask-pass): the login password where the host has none */
  password?: string | undefined
}

/** One layer of options: lowercase ssh option names → value (first wins inside a layer too). */
type Layer = Map<string, string[]>

const SUPPORTED = new Set([
  'hostname',
  'port',
  'user',
  'identityfile',
  'proxyjump',
  'proxycommand',
  'stricthostkeychecking',
  'userknownhostsfile',
  'globalknownhostsfile',
  'connecttimeout',
  'serveraliveinterval',
  'serveralivecountmax',
  'forwardagent',
  'maxsessions',
])
/** Harmless options that would only produce noise as "ignored" */
const QUIET = new Set([
  'host',
  'controlmaster',
  'controlpath',
  'controlpersist',
  'identitiesonly',
  'loglevel',
])

export class SshArgsError extends Error {}

function add(layer: Layer, key: string, value: string): void {
  const k = key.toLowerCase()
  layer.set(k, [...(layer.get(k) ?? []), value])
}

/** `-o K=V`, `-oK=V`, `-o 'K V'`, `-o K V`, `-J`, `-i`, `-p`, `-l`; other flags are skipped. */
export function parseSshArgs(line: string): Layer {
  const layer: Layer = new Map()
  const words = splitWords(line)
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!
    const m = /^-([oJiplF])(.*)$/.exec(w)
    if (!m) continue
    const flag = m[1]!
    const arg = m[2] || words[++i]
    if (arg === undefined) throw new SshArgsError(`option ${w} needs a value`)
    if (flag === 'o') {
      const kv = /^\s*([A-Za-z]+)\s*(?:=\s*|\s+)(.*)$/.exec(arg)
      if (kv) add(layer, kv[1]!, kv[2]!.trim())
      else if (/^[A-Za-z]+$/.test(arg) && words[i + 1] !== undefined) add(layer, arg, words[++i]!)
      else throw new SshArgsError(`cannot read ssh option -o ${arg}`)
    } else {
      const name = { J: 'proxyjump', i: 'identityfile', p: 'port', l: 'user', F: 'configfile' }[flag]!
      add(layer, name, arg)
    }
  }
  return layer
}

/** `user@host:port,host2` (also `ssh://user@host:port`); `none` means no jump. */
export function parseJump(spec: string): JumpHop[] {
  if (spec.trim().toLowerCase() === 'none') return []
  return spec.split(',').map((raw) => {
    const s = raw.trim().replace(/^ssh:\/\//, '')
    const at = s.lastIndexOf('@')
    const user = at >= 0 ? s.slice(0, at) : undefined
    let rest = at >= 0 ? s.slice(at + 1) : s
    let port: number | undefined
    const bracket = /^\[(.+)\](?::(\d+))?$/.exec(rest)
    const colon = /^([^:]+):(\d+)$/.exec(rest)
    if (bracket) [rest, port] = [bracket[1]!, bracket[2] ? Number(bracket[2]) : undefined]
    else if (colon) [rest, port] = [colon[1]!, Number(colon[2])]
    if (!rest) throw new SshArgsError(`bad ProxyJump host \`${raw}\``)
    return { host: rest, user, port }
  })
}

function expandPath(p: string, tokens: Record<string, string>): string {
  const withTokens = p.replace(/%([%dhpru])/g, (_, t: string) => (t === '%' ? '%' : (tokens[t] ?? '')))
  return withTokens.replace(/^~(?=\/|$)/, homedir())
}

/** OpenSSH's `%h %p %r %n %u %d %%` tokens. */
function expandTokens(s: string, tokens: Record<string, string>): string {
  return s.replace(/%([%dhnpru])/g, (_, t: string) => (t === '%' ? '%' : (tokens[t] ?? '')))
}

function configLayer(file: string, name: string): Layer {
  const layer: Layer = new Map()
  if (!existsSync(file)) return layer
  const computed = SSHConfig.parse(readSshConfig(file)).compute(name, {
    ignoreCase: true,
    matchExec: false,
  })
  for (const [k, v] of Object.entries(computed)) {
    for (const one of Array.isArray(v) ? v : [v]) add(layer, k, one)
  }
  return layer
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string' && v !== '') return v
  if (typeof v === 'number') return String(v)
  return undefined
}

function num(key: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback
  const n = Number(v)
  if (!Number.isFinite(n) || n < 0) throw new SshArgsError(`${key} must be a number, got \`${v}\``)
  return n
}

function yesNo(v: string | undefined): boolean {
  return v !== undefined && /^(yes|true|1)$/i.test(v)
}

function strict(v: string | undefined): StrictHostKeyChecking {
  const s = (v ?? 'yes').toLowerCase()
  if (s === 'no' || s === 'off' || s === 'false') return 'no'
  if (s === 'accept-new') return 'accept-new'
  // `ask` needs a terminal dialogue tsplay does not have: it behaves like `yes`
  return 'yes'
}

export function sshParamsFor(
  host: string,
  vars: Record<string, unknown>,
  cli: SshCliOptions = {},
): SshParams {
  const fromVars: Layer = new Map()
  const put = (layer: Layer, key: string, v: string | undefined) => v !== undefined && add(layer, key, v)
  const alias = str(vars['ansible_host']) ?? str(vars['ansible_ssh_host']) ?? host
  put(fromVars, 'port', str(vars['ansible_port']) ?? str(vars['ansible_ssh_port']))
  put(fromVars, 'user', str(vars['ansible_user']) ?? str(vars['ansible_ssh_user']))
  put(
    fromVars,
    'identityfile',
    str(vars['ansible_ssh_private_key_file']) ?? str(vars['ansible_private_key_file']),
  )
  const fromCli: Layer = new Map()
  put(fromCli, 'user', cli.user)
  put(fromCli, 'identityfile', cli.privateKey)
  put(fromCli, 'connecttimeout', cli.timeoutSec !== undefined ? String(cli.timeoutSec) : undefined)
  const common = parseSshArgs(str(vars['ansible_ssh_common_args']) ?? cli.commonArgs ?? '')
  const extra = parseSshArgs(str(vars['ansible_ssh_extra_args']) ?? cli.extraArgs ?? '')
  const configFile = common.get('configfile')?.[0] ?? cli.sshConfigFile ?? `${homedir()}/.ssh/config`
  const fromConfig = configLayer(expandPath(configFile, {}), alias)
  const layers = [fromVars, fromCli, common, extra, fromConfig]
  const first = (k: string): string | undefined => {
    for (const l of layers) if (l.get(k)?.length) return l.get(k)![0]
    return undefined
  }
  const all = (k: string): string[] => layers.flatMap((l) => l.get(k) ?? [])

  const hostname = first('hostname')?.replace(/%h/g, alias) ?? alias
  const port = num('Port', first('port'), 22)
  const user = first('user') ?? userInfo().username
  const tokens = { d: homedir(), h: hostname, p: String(port), r: user, u: userInfo().username }
  const files = (k: string, def: string[]) => {
    const v = first(k)
    return (v ? v.split(/\s+/) : def).filter((f) => f && f !== 'none').map((f) => expandPath(f, tokens))
  }
  // ProxyJump and ProxyCommand compete: the one given first (by these layers) wins, as in OpenSSH
  const proxyLayer = layers.find((l) => l.get('proxyjump')?.length || l.get('proxycommand')?.length)
  const jump = proxyLayer?.get('proxyjump')?.[0]
  const command = jump ? undefined : proxyLayer?.get('proxycommand')?.[0]
  const ignored = new Set<string>()
  for (const l of layers.slice(2)) {
    for (const k of l.keys()) if (!SUPPORTED.has(k) && !QUIET.has(k) && k !== 'configfile') ignored.add(k)
  }
  return {
    host,
    hostname,
    port,
    user,
    identityFiles: [...new Set(all('identityfile').map((f) => expandPath(f, tokens)))],
    password:
      str(vars['ansible_password']) ??
      str(vars['ansible_ssh_pass']) ??
      str(vars['ansible_ssh_password']) ??
      cli.password,
    knownHostsFiles: files('userknownhostsfile', ['~/.ssh/known_hosts', '~/.ssh/known_hosts2']),
    globalKnownHostsFiles: files('globalknownhostsfile', ['/etc/ssh/ssh_known_hosts']),
    strictHostKeyChecking: strict(first('stricthostkeychecking')),
    proxyJump: jump ? parseJump(jump) : [],
    proxyCommand:
      command && command.toLowerCase() !== 'none'
        ? expandTokens(command, { ...tokens, n: alias })
        : undefined,
    connectTimeoutSec: num('ConnectTimeout', first('connecttimeout'), 10),
    serverAliveIntervalSec: num('ServerAliveInterval', first('serveraliveinterval'), 15),
    serverAliveCountMax: num('ServerAliveCountMax', first('serveralivecountmax'), 3),
    forwardAgent: yesNo(first('forwardagent')),
    maxSessions: Math.max(1, num('MaxSessions', first('maxsessions'), 10)),
    commandShell: !/^(false|no|off|0)$/i.test(String(vars['tsplay_command_shell'] ?? true)),
    ignored: [...ignored],
  }
}
