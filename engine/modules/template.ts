/** template: render a template from the controller, then put it on the host like copy's content. */
import { statSync } from 'node:fs'
import { posix } from 'node:path'
import { applyContent, planContent } from './copy.js'
import { arg } from './mode.js'
import { ModuleFailure, type Module } from './types.js'

export const templateModule: Module = {
  name: 'template',
  async check(args, ctx) {
    const src = arg<string>(args, 'src')
    if (!src) throw new ModuleFailure('src is required')
    const v = arg<string>(args, 'validate')
    if (v !== undefined && !v.includes('%s')) throw new ModuleFailure(`validate must contain %s: ${v}`)
    let path = src
    try {
      path = ctx.findSource(src, 'templates')
      if (!statSync(path).isFile()) throw new Error('not a file')
    } catch {
      throw new ModuleFailure(`could not find src=${src} (looked for ${path})`)
    }
    let text = ctx.renderTemplate(path)
    const nl = arg<string>(args, 'newline_sequence')
    if (nl === '\\r\\n' || nl === '\\r') text = text.replace(/\r?\n/g, nl === '\\r' ? '\r' : '\r\n')
    // like Ansible, a directory dest gets the template's own name (foo.conf.j2)
    const srcName = posix.basename(src)
    return planContent(ctx, args, { data: Buffer.from(text, 'utf8'), srcName, src: path })
  },
  apply: (plan, args, ctx) => applyContent(plan, args, ctx),
}
