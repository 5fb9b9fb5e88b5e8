/** Every module tsplay can run, by canonical name (see catalog.ts for their arguments). */
import { TsplayError } from '../errors.js'
import { aptModule } from './apt.js'
import { aptKeyModule } from './apt_key.js'
import { aptRepositoryModule } from './apt_repository.js'
import { dnfModule } from './dnf.js'
import { yumModule } from './yum.js'
import { packageModule } from './package.js'
import { serviceModule } from './service.js'
import { systemdModule } from './systemd.js'
import { userModule } from './user.js'
import { groupModule } from './group.js'
import { getUrlModule } from './get_url.js'
import { unarchiveModule } from './unarchive.js'
import { sysctlModule } from './sysctl.js'
import { modprobeModule } from './modprobe.js'
import { mountModule } from './mount.js'
import { hostnameModule } from './hostname.js'
import { rebootModule } from './reboot.js'
import { uriModule } from './uri.js'
import { assertModule } from './assert.js'
import { blockinfileModule } from './blockinfile.js'
import { commandModule } from './command.js'
import { copyModule } from './copy.js'
import { debugModule } from './debug.js'
import { failModule } from './fail.js'
import { fetchModule } from './fetch.js'
import { fileModule } from './file.js'
import { includeVarsModule } from './include_vars.js'
import { lineinfileModule } from './lineinfile.js'
import { pauseModule } from './pause.js'
import { pingModule } from './ping.js'
import { rawModule } from './raw.js'
import { replaceModule } from './replace.js'
import { scriptModule } from './script.js'
import { setFactModule } from './set_fact.js'
import { setupModule } from './setup.js'
import { shellModule } from './shell.js'
import { slurpModule } from './slurp.js'
import { statModule } from './stat.js'
import { templateModule } from './template.js'
import type { Module } from './types.js'
import { validateArgumentSpecModule } from './validate_argument_spec.js'
import { waitForModule } from './wait_for.js'

const all: Module<never>[] = [
  aptModule,
  aptKeyModule,
  aptRepositoryModule,
  dnfModule,
  yumModule,
  packageModule,
  serviceModule,
  systemdModule,
  userModule,
  groupModule,
  getUrlModule,
  unarchiveModule,
  sysctlModule,
  modprobeModule,
  mountModule,
  hostnameModule,
  rebootModule,
  uriModule,
  assertModule,
  blockinfileModule,
  commandModule,
  copyModule,
  debugModule,
  failModule,
  fetchModule,
  fileModule,
  includeVarsModule,
  lineinfileModule,
  pauseModule,
  pingModule,
  rawModule,
  replaceModule,
  scriptModule,
  setFactModule,
  setupModule,
  shellModule,
  slurpModule,
  statModule,
  templateModule,
  validateArgumentSpecModule,
  waitForModule,
]

const registry = new Map<string, Module>(all.map((m) => [m.name, m as unknown as Module]))

export function getModule(name: string): Module {
  const m = registry.get(name)
  if (!m) {
    throw new TsplayError({
      code: 'MODULE_NOT_IMPLEMENTED',
      message: `module \`${name}\` is validated but cannot run in this version`,
      key: name,
      hint: 'use `command`/`shell` for now, or skip the task with `when`/tags',
    })
  }
  return m
}

export function runnableModules(): string[] {
  return [...registry.keys()].sort()
}
