/** lineinfile: ensure a line is present (or absent), optionally replacing what a regexp matches. */
import { editModule } from './text-edit-module.js'
import { lineInFile } from './text-edit.js'
import { arg, flag } from './mode.js'

const opt = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v))

export const lineinfileModule = editModule({
  name: 'lineinfile',
  contentLabel: true,
  missingMsg: (path) => `Destination ${path} does not exist !`,
  create: (args) => flag(args.create),
  absentOk: (args) => (args.state === 'absent' ? 'file not present' : undefined),
  edit: (content, args) =>
    lineInFile(content ?? '', {
      state: args.state === 'absent' ? 'absent' : 'present',
      line: opt(arg(args, 'line', 'value')),
      regexp: opt(arg(args, 'regexp', 'regex')),
      search_string: opt(args.search_string),
      insertafter: opt(args.insertafter),
      insertbefore: opt(args.insertbefore),
      backrefs: flag(args.backrefs),
      firstmatch: flag(args.firstmatch),
    }),
})
