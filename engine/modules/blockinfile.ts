/** blockinfile: insert, update or remove a block of lines between marker lines. */
import { editModule } from './text-edit-module.js'
import { blockInFile } from './text-edit.js'
import { arg, flag } from './mode.js'

const opt = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v))

export const blockinfileModule = editModule({
  name: 'blockinfile',
  contentLabel: true,
  missingMsg: (path) => `Path ${path} does not exist !`,
  create: (args) => flag(args.create),
  absentOk: (args, path) => (args.state === 'absent' ? `File ${path} not present` : undefined),
  edit: (content, args) =>
    blockInFile(content, {
      state: args.state === 'absent' ? 'absent' : 'present',
      block: opt(arg(args, 'block', 'content')),
      marker: opt(args.marker),
      marker_begin: opt(args.marker_begin),
      marker_end: opt(args.marker_end),
      insertafter: opt(args.insertafter),
      insertbefore: opt(args.insertbefore),
      append_newline: flag(args.append_newline),
      prepend_newline: flag(args.prepend_newline),
    }),
})
