/** slurp: a file's content from the host, base64-encoded. */
import { readWithStat } from '../connection/remote-fs.js'
import { arg } from './mode.js'
import { ModuleFailure, type Module } from './types.js'

export const slurpModule: Module = {
  name: 'slurp',
  async check(args, ctx) {
    const src = arg<string>(args, 'src', 'path')
    if (!src) throw new ModuleFailure('src is required')
    const { stat, content } = await readWithStat(ctx, src)
    if (!stat.exists) throw new ModuleFailure(`file not found: ${src}`)
    if (stat.type === 'directory') throw new ModuleFailure(`source is a directory and must be a file: ${src}`)
    const data = content ?? Buffer.alloc(0)
    return { changed: false, result: { content: data.toString('base64'), encoding: 'base64', source: src } }
  },
  async apply(plan) {
    return { changed: false, ...plan.result }
  },
}
