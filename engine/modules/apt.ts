/**
 * apt: Debian/Ubuntu packages. check reads the installed state with one `dpkg-query -W` (plus the
 * cache stamp for update_cache, `apt-cache policy` for state=latest and an `apt-get -s` simulation
 * for upgrade/autoremove, which only read); apply runs apt-get non-interactively.
 */
import { shq, shWords } from '../connection/quote.js'
import { arg, flag } from './mode.js'
import {
  fieldsDiff,
  linesDiff,
  optString,
  runStep,
  sections,
  sleep,
  strList,
  safeName,
} from './system/common.js'
import {
  DPKG_FORMAT,
  packageDiffLines,
  parseAptPolicy,
  parseAptSimulation,
  parseAptSpec,
  parseDpkgQuery,
  planPackages,
  type PkgState,
} from './system/packages.js'
import { ModuleFailure, type FileDiff, type Module, type ModuleContext, type ModuleResult } from './types.js'

const STAMP = '/var/lib/apt/periodic/update-success-stamp'
export const APT_ENV = 'DEBIAN_FRONTEND=noninteractive'

export interface AptData {
  update: boolean
  install: string[]
  remove: string[]
  deb?: string | undefined
  upgrade?: string | undefined
  autoremove: boolean
  /** Whether anything but the cache changes (Ansible reports a lone cache update as the change) */
  pkgChanged: boolean
  onlyCache: boolean
}

/** `upgrade:` → the apt-get command, or undefined for no/false. */
function upgradeCommand(v: unknown): string | undefined {
  if (v === undefined || v === null || v === false || v === 'no') return undefined
  if (v === true || v === 'yes' || v === 'safe') return 'upgrade --with-new-pkgs'
  if (v === 'dist' || v === 'full') return 'dist-upgrade'
  throw new ModuleFailure(`unsupported upgrade=${String(v)}`)
}

/** The options every apt-get install/remove/upgrade gets from the task. */
export function aptOptions(args: Record<string, unknown>): string[] {
  const o: string[] = []
  const dpkg = strList(args.dpkg_options ?? 'force-confdef,force-confold')
  for (const d of dpkg) o.push('-o', `Dpkg::Options::=--${d.replace(/^--/, '')}`)
  o.push('-o', `DPkg::Lock::Timeout=${Number(args.lock_timeout ?? 60)}`)
  const rec = arg(args, 'install_recommends', 'install-recommends')
  if (rec !== undefined) o.push('-o', `APT::Install-Recommends=${flag(rec) ? 'yes' : 'no'}`)
  if (flag(arg(args, 'allow_downgrade', 'allow-downgrade', 'allow_downgrades', 'allow-downgrades')))
    o.push('--allow-downgrades')
  if (flag(args.allow_unauthenticated)) o.push('--allow-unauthenticated')
  if (flag(args.allow_change_held_packages)) o.push('--allow-change-held-packages')
  if (flag(args.force))
    o.push('--allow-downgrades', '--allow-remove-essential', '--allow-change-held-packages')
  const rel = optString(arg(args, 'default_release', 'default-release'))
  if (rel) o.push('-t', rel)
  return o
}

export function aptCommand(verb: string, opts: string[], pkgs: string[] = []): string {
  return `${APT_ENV} apt-get -y -q ${verb} ${shWords([...opts, ...pkgs])}`.trim()
}

/** The commands apply runs for a plan, in order (apt-get update is run separately, with retries). */
export function aptCommands(d: AptData, args: Record<string, unknown>): string[] {
  const opts = aptOptions(args)
  const purge = flag(args.purge)
  const auto = flag(args.autoremove)
  const cmds: string[] = []
  if (d.deb) cmds.push(aptCommand('install', opts, [d.deb.includes('/') ? d.deb : `./${d.deb}`]))
  if (d.install.length) {
    const extra = [
      ...(flag(args.only_upgrade) ? ['--only-upgrade'] : []),
      ...(flag(args.fail_on_autoremove) ? ['--no-remove'] : []),
    ]
    cmds.push(aptCommand('install', [...opts, ...extra, ...(auto ? ['--auto-remove'] : [])], d.install))
  }
  if (d.remove.length)
    cmds.push(
      aptCommand(
        'remove',
        [...opts, ...(purge ? ['--purge'] : []), ...(auto ? ['--auto-remove'] : [])],
        d.remove,
      ),
    )
  if (d.upgrade) cmds.push(`${APT_ENV} apt-get -y -q ${d.upgrade} ${shWords(opts)}`)
  if (d.autoremove) cmds.push(aptCommand('autoremove', [...opts, ...(purge ? ['--purge'] : [])]))
  return cmds
}

function queryScript(
  args: Record<string, unknown>,
  names: string[],
  state: string,
  update: boolean,
  upgrade?: string,
): string {
  const s = [
    'command -v apt-get >/dev/null || { echo "apt-get not found: not a Debian host" >&2; exit 127; }',
  ]
  if (update)
    s.push(
      `echo @@now; date +%s; echo @@stamp; stat -c %Y ${STAMP} 2>/dev/null || stat -c %Y /var/lib/apt/lists 2>/dev/null || :`,
    )
  const deb = optString(args.deb)
  if (deb) {
    const d = shq(deb)
    s.push(`echo @@deb; dpkg-deb -f ${d} Package Version || exit 75`)
    s.push(`echo @@debq; dpkg-query -W -f=${shq(DPKG_FORMAT)} "$(dpkg-deb -f ${d} Package)" 2>/dev/null`)
  }
  if (names.length) s.push(`echo @@dpkg; dpkg-query -W -f=${shq(DPKG_FORMAT)} ${shWords(names)} 2>/dev/null`)
  if (names.length && state === 'latest') s.push(`echo @@policy; apt-cache policy ${shWords(names)}`)
  if (upgrade) s.push(`echo @@sim; apt-get -s -q ${upgrade}`)
  else if (flag(args.autoremove) && !names.length)
    s.push(`echo @@sim; apt-get -s -q autoremove${flag(args.purge) ? ' --purge' : ''}`)
  s.push('exit 0')
  return s.join('\n')
}

export const aptModule: Module = {
  name: 'apt',
  async check(args, ctx) {
    const specs = strList(arg(args, 'name', 'pkg', 'package')).map((n) =>
      parseAptSpec(safeName('package', n)),
    )
    let state = String(args.state ?? 'present')
    if (state === 'installed') state = 'present'
    if (state === 'removed') state = 'absent'
    if (!['present', 'absent', 'latest'].includes(state))
      throw new ModuleFailure(`apt: state=${state} is not supported by tsplay`)
    const upgrade = upgradeCommand(args.upgrade)
    const deb = optString(args.deb)
    const update = flag(arg(args, 'update_cache', 'update-cache'))
    const names = specs.map((p) => p.name)
    const res = await runStep(
      ctx,
      queryScript(args, names, state, update, upgrade),
      'reading the package state',
    )
    const sec = sections(res.stdout)
    let cacheStale = update
    const valid = Number(args.cache_valid_time ?? 0)
    if (update && valid > 0) {
      const now = Number(sec.get('now')?.trim())
      const stamp = Number(sec.get('stamp')?.trim() || NaN)
      cacheStale = !(now - stamp <= valid)
    }
    const installed = parseDpkgQuery(sec.get('dpkg') ?? '')
    const policy = parseAptPolicy(sec.get('policy') ?? '')
    const states: PkgState[] = planPackages(specs, installed, state as 'present', {
      purge: flag(args.purge),
      policy,
    })
    const diff: FileDiff[] = []
    let debInstall: string | undefined
    if (deb) {
      const fields = Object.fromEntries(
        (sec.get('deb') ?? '').split('\n').map((l) => [l.split(':')[0], l.slice(l.indexOf(':') + 1).trim()]),
      )
      const have = parseDpkgQuery(sec.get('debq') ?? '').get(String(fields.Package))
      if (have?.status !== 'installed' || have.version !== fields.Version || flag(args.force)) {
        debInstall = deb
        diff.push(
          fieldsDiff(
            `apt ${deb}`,
            { installed: have?.status === 'installed' ? `${have.name} ${have.version}` : 'no' },
            { installed: `${fields.Package} ${fields.Version}` },
          ),
        )
      }
    }
    const sim = parseAptSimulation(sec.get('sim') ?? '')
    const data: AptData = {
      update: cacheStale,
      install: states.filter((s) => s.action === 'install' || s.action === 'upgrade').map((s) => s.spec),
      remove: states.filter((s) => s.action === 'remove').map((s) => s.spec),
      deb: debInstall,
      upgrade: upgrade && sim.length ? upgrade : undefined,
      autoremove: !upgrade && flag(args.autoremove) && !specs.length && sim.length > 0,
      pkgChanged: false,
      onlyCache: !specs.length && !upgrade && !deb && !flag(args.autoremove),
    }
    data.pkgChanged =
      data.install.length + data.remove.length > 0 || !!data.deb || !!data.upgrade || data.autoremove
    const lines = packageDiffLines(states, state)
    if (lines.before.length) diff.unshift(linesDiff('apt packages', lines.before, lines.after))
    if (data.upgrade || data.autoremove)
      diff.push(
        linesDiff(
          `apt-get ${data.upgrade ?? 'autoremove'}`,
          sim.map((n) => `${n} (current)`),
          sim.map((n) => `${n} (changed)`),
        ),
      )
    // a stale cache alone is the change; with packages, Ansible reports only the packages (apply still updates)
    const changed = data.pkgChanged || (data.update && (data.onlyCache || !ctx.checkMode))
    const result = { cache_updated: false, ...(sim.length ? { packages: sim } : {}) }
    return { changed, result, diff: ctx.diffMode && diff.length ? diff : undefined, data }
  },
  async apply(plan, args, ctx) {
    const d = plan.data as AptData
    const out: ModuleResult = { changed: d.pkgChanged, cache_updated: false }
    const stdout: string[] = []
    const stderr: string[] = []
    if (d.update) {
      await updateCache(ctx, args)
      Object.assign(out, { cache_updated: true, cache_update_time: Math.floor(Date.now() / 1000) })
      if (d.onlyCache) out.changed = true
    }
    for (const cmd of aptCommands(d, args)) {
      const r = await runStep(ctx, cmd, 'apt-get')
      stdout.push(r.stdout)
      stderr.push(r.stderr)
    }
    if (stdout.length)
      Object.assign(out, {
        stdout: stdout.join(''),
        stderr: stderr.join(''),
        stdout_lines: stdout.join('').split('\n').filter(Boolean),
      })
    return { ...plan.result, ...out }
  },
}

/** apt-get update, retried with a doubling delay like Ansible's update_cache_retries. */
export async function updateCache(ctx: ModuleContext, args: Record<string, unknown>): Promise<void> {
  const retries = Number(args.update_cache_retries ?? 5)
  const maxDelay = Number(args.update_cache_retry_max_delay ?? 12) * 1000
  for (let i = 0; ; i++) {
    try {
      await runStep(ctx, `${APT_ENV} apt-get update -q`, 'apt-get update')
      return
    } catch (err) {
      if (i + 1 >= Math.max(1, retries)) throw err
      await sleep(Math.min(1000 * 2 ** i, maxDelay), ctx.signal)
    }
  }
}
