/** Editing files in place: lineinfile, blockinfile, replace. */
import type { ModuleSpec } from '../catalog.js'
import { anyRequired, bool, enumOf, fileAttrs, mod, str, text, whenArg, whenArgOrDefault } from './common.js'

const pathAliases = ['dest', 'destfile', 'name']

export const editModules: ModuleSpec[] = [
  mod('lineinfile', {
    description: 'Ensure a line is in a file (or not), optionally replacing the line a regexp matches.',
    props: {
      path: str,
      regexp: str,
      search_string: str,
      line: text,
      state: enumOf('present', 'absent'),
      backrefs: bool,
      insertafter: str,
      insertbefore: str,
      create: bool,
      backup: bool,
      firstmatch: bool,
      validate: str,
      ...fileAttrs,
    },
    aliases: { path: pathAliases, regexp: ['regex'], line: ['value'] },
    required: ['path'],
    exclusive: [
      ['insertbefore', 'insertafter'],
      ['regexp', 'search_string'],
      ['regex', 'search_string'],
      ['backrefs', 'search_string'],
    ],
    conditions: [
      { if: whenArgOrDefault('state', 'present'), then: anyRequired(['line', 'value']) },
      {
        if: whenArg('state', 'absent'),
        then: anyRequired(['line', 'value', 'regexp', 'regex', 'search_string']),
      },
      { if: whenArg('backrefs', true), then: anyRequired(['regexp', 'regex']) },
    ],
  }),
  mod('blockinfile', {
    description: 'Insert, update or remove a block of lines between marker lines.',
    props: {
      path: str,
      block: str,
      marker: str,
      marker_begin: str,
      marker_end: str,
      insertafter: str,
      insertbefore: str,
      state: enumOf('present', 'absent'),
      create: bool,
      backup: bool,
      validate: str,
      append_newline: bool,
      prepend_newline: bool,
      ...fileAttrs,
    },
    aliases: { path: pathAliases, block: ['content'] },
    required: ['path'],
    exclusive: [['insertbefore', 'insertafter']],
  }),
  mod('replace', {
    description: 'Replace every match of a regexp in a file.',
    props: {
      path: str,
      regexp: str,
      replace: str,
      after: str,
      before: str,
      backup: bool,
      validate: str,
      encoding: str,
      ...fileAttrs,
    },
    aliases: { path: pathAliases },
    required: ['path', 'regexp'],
  }),
]
