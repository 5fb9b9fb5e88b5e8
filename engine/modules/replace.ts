/** replace: replace every match of a (Python) regexp in a file, optionally between `after` and `before`. */
import { editModule } from './text-edit-module.js'
import { replaceText } from './text-edit.js'

const opt = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v))

export const replaceModule = editModule({
  name: 'replace',
  missingMsg: (path) => `Path ${path} does not exist !`,
  create: () => false,
  edit: (content, args) => {
    const { count: _count, ...res } = replaceText(content ?? '', {
      regexp: String(args.regexp),
      replace: opt(args.replace),
      after: opt(args.after),
      before: opt(args.before),
    })
    return res
  },
})
