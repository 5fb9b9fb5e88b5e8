/**
 * fetch: copy a file from the host to the controller. A relative `dest` is under ctx.artifactsDir;
 * without `flat` the file lands in `<dest>/<host>/<src path>` as with Ansible.
 */
import { mkdir, readFile as readLocal, rename, writeFile } from 'node:fs/promises'
import { isAbsolute, join, posix, resolve } from 'node:path'
import { checksumOf, readFile, statPath } from '../connection/remote-fs.js'
import { flag } from './mode.js'
import { ModuleFailure, type Module, type ModuleContext } from './types.js'

interface FetchData {
  src: string
  dest: string
  remoteChecksum: string
}

export function fetchDest(
  ctx: Pick<ModuleContext, 'artifactsDir' | 'host'>,
  src: string,
  dest: string,
  flat: boolean,
): string {
  const base = isAbsolute(dest) ? dest : resolve(ctx.artifactsDir, dest)
  if (flat) return dest.endsWith('/') ? join(base, posix.basename(src)) : base
  return join(base, ctx.host, src.replace(/^\/+/, ''))
}

async function localChecksum(path: string): Promise<string | undefined> {
  try {
    return checksumOf(await readLocal(path))
  } catch {
    return undefined
  }
}

export const fetchModule: Module = {
  name: 'fetch',
  async check(args, ctx) {
    const src = String(args.src)
    const dest = fetchDest(ctx, src, String(args.dest), flag(args.flat))
    const st = await statPath(ctx, src, { follow: true, checksum: 'sha1' })
    if (!st.exists || st.type === 'directory' || !st.checksum) {
      const msg = !st.exists
        ? 'the remote file does not exist, not transferring, ignored'
        : st.type === 'directory'
          ? 'remote file is a directory, fetch cannot work on directories'
          : 'unable to calculate the checksum of the remote file'
      if (flag(args.fail_on_missing, true)) throw new ModuleFailure(`${msg}: ${src}`, { file: src })
      return { changed: false, result: { msg, file: src } }
    }
    const local = await localChecksum(dest)
    const result = { dest, file: src, checksum: st.checksum, remote_checksum: st.checksum }
    const data: FetchData = { src, dest, remoteChecksum: st.checksum }
    return { changed: local !== st.checksum, result, data }
  },
  async apply(plan, args, ctx) {
    const d = plan.data as FetchData | undefined
    if (!d || !plan.changed) return { changed: false, ...plan.result }
    const content = await readFile(ctx, d.src)
    if (!content) throw new ModuleFailure(`the remote file does not exist, not transferring: ${d.src}`)
    const sum = checksumOf(content)
    if (flag(args.validate_checksum, true) && sum !== d.remoteChecksum) {
      throw new ModuleFailure(`checksum mismatch fetching ${d.src}: the file changed during the transfer`)
    }
    try {
      await mkdir(posix.dirname(d.dest), { recursive: true })
      const tmp = `${d.dest}.tsplay-${process.pid}`
      await writeFile(tmp, content)
      await rename(tmp, d.dest)
    } catch (err) {
      throw new ModuleFailure(`cannot write ${d.dest} on the controller: ${(err as Error).message}`)
    }
    return { changed: true, ...plan.result, checksum: sum }
  },
}
