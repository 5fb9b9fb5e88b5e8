/** stat: facts about a path, in Ansible's `stat` dictionary. Never changes anything. */
import { statPath, type ChecksumAlgo, type StatResult } from '../connection/remote-fs.js'
import { arg, flag, formatMode } from './mode.js'
import { ModuleFailure, type Module } from './types.js'

/** Ansible's stat dictionary for a stat result. */
export function statDict(st: StatResult): Record<string, unknown> {
  if (!st.exists) return { exists: false }
  const m = st.mode
  const d: Record<string, unknown> = {
    exists: true,
    path: st.path,
    mode: formatMode(m),
    isdir: st.type === 'directory',
    ischr: st.type === 'chr',
    isblk: st.type === 'blk',
    isreg: st.type === 'file',
    isfifo: st.type === 'fifo',
    islnk: st.type === 'link',
    issock: st.type === 'socket',
    uid: st.uid,
    gid: st.gid,
    size: st.size,
    inode: st.inode,
    dev: st.dev,
    nlink: st.nlink,
    atime: st.atime,
    mtime: st.mtime,
    ctime: st.ctime,
    wusr: !!(m & 0o200),
    rusr: !!(m & 0o400),
    xusr: !!(m & 0o100),
    wgrp: !!(m & 0o020),
    rgrp: !!(m & 0o040),
    xgrp: !!(m & 0o010),
    woth: !!(m & 0o002),
    roth: !!(m & 0o004),
    xoth: !!(m & 0o001),
    isuid: !!(m & 0o4000),
    isgid: !!(m & 0o2000),
    pw_name: st.owner,
    gr_name: st.group,
    readable: st.readable,
    writeable: st.writeable,
    executable: st.executable,
  }
  if (st.type === 'link') {
    d.lnk_source = st.lnkSource
    d.lnk_target = st.lnkTarget
  }
  if (st.checksum !== undefined) d.checksum = st.checksum
  return d
}

export const statModule: Module = {
  name: 'stat',
  async check(args, ctx) {
    const path = arg<string>(args, 'path', 'dest', 'name')
    if (!path) throw new ModuleFailure('path is required')
    const algo = arg<ChecksumAlgo>(args, 'checksum_algorithm', 'checksum', 'checksum_algo') ?? 'sha1'
    const st = await statPath(ctx, path, {
      follow: flag(args.follow),
      checksum: flag(args.get_checksum, true) ? algo : undefined,
    })
    return { changed: false, result: { stat: statDict(st) } }
  },
  async apply(plan) {
    return { changed: false, ...plan.result }
  },
}
