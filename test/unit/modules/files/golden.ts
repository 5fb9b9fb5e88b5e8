/**
 * Golden cases produced by running Ansible 2.14's own lineinfile, blockinfile and replace modules
 * (python3 -m ansible.modules.<name>) on each `content` with `args`; regenerate rather than edit.
 */
export interface GoldenCase {
  name: string
  content: string
  args: Record<string, unknown>
  expected: string
  changed: boolean
  msg: string
}

// prettier-ignore
export const lineinfileGolden: GoldenCase[] = [
  {"name": "regexp replaces the matching line", "content": "a\nx=0\nb\n", "args": {"regexp": "^x=", "line": "x=1"}, "expected": "a\nx=1\nb\n", "changed": true, "msg": "line replaced"},
  {"name": "regexp replaces the last of several matches", "content": "x=0\nx=2\n", "args": {"regexp": "^x=", "line": "x=1"}, "expected": "x=0\nx=1\n", "changed": true, "msg": "line replaced"},
  {"name": "firstmatch replaces the first match", "content": "x=0\nx=2\n", "args": {"regexp": "^x=", "line": "x=1", "firstmatch": true}, "expected": "x=1\nx=2\n", "changed": true, "msg": "line replaced"},
  {"name": "no regexp match appends at EOF", "content": "a\nb\n", "args": {"regexp": "^x=", "line": "x=1"}, "expected": "a\nb\nx=1\n", "changed": true, "msg": "line added"},
  {"name": "append to a file without final newline", "content": "a\nb", "args": {"line": "c"}, "expected": "a\nb\nc\n", "changed": true, "msg": "line added"},
  {"name": "exact last line without newline counts as replaced", "content": "a\nc", "args": {"line": "c"}, "expected": "a\nc\n", "changed": true, "msg": "line replaced"},
  {"name": "exact line present is unchanged", "content": "a\nc\nd\n", "args": {"line": "c"}, "expected": "a\nc\nd\n", "changed": false, "msg": ""},
  {"name": "insertafter a regexp", "content": "a\nb\nc\n", "args": {"line": "X", "insertafter": "^b"}, "expected": "a\nb\nX\nc\n", "changed": true, "msg": "line added"},
  {"name": "insertafter uses the last match", "content": "b\nb\nc\n", "args": {"line": "X", "insertafter": "^b"}, "expected": "b\nb\nX\nc\n", "changed": true, "msg": "line added"},
  {"name": "insertafter firstmatch uses the first match", "content": "b\nb\nc\n", "args": {"line": "X", "insertafter": "^b", "firstmatch": true}, "expected": "b\nX\nb\nc\n", "changed": true, "msg": "line added"},
  {"name": "insertafter the last line", "content": "a\nb\n", "args": {"line": "X", "insertafter": "^b"}, "expected": "a\nb\nX\n", "changed": true, "msg": "line added"},
  {"name": "insertbefore a regexp", "content": "a\nb\nc\n", "args": {"line": "X", "insertbefore": "^c"}, "expected": "a\nb\nX\nc\n", "changed": true, "msg": "line added"},
  {"name": "insertbefore the first line", "content": "a\nb\n", "args": {"line": "X", "insertbefore": "^a"}, "expected": "X\na\nb\n", "changed": true, "msg": "line added"},
  {"name": "insertbefore BOF", "content": "a\nb\n", "args": {"line": "X", "insertbefore": "BOF"}, "expected": "X\na\nb\n", "changed": true, "msg": "line added"},
  {"name": "insertafter BOF", "content": "a\nb\n", "args": {"line": "X", "insertafter": "BOF"}, "expected": "X\na\nb\n", "changed": true, "msg": "line added"},
  {"name": "insertbefore without a match appends", "content": "a\nb\n", "args": {"line": "X", "insertbefore": "^zzz"}, "expected": "a\nb\nX\n", "changed": true, "msg": "line added"},
  {"name": "regexp without match falls back to insertbefore", "content": "a\nb\n", "args": {"line": "X", "regexp": "^x", "insertbefore": "^b"}, "expected": "a\nX\nb\n", "changed": true, "msg": "line added"},
  {"name": "backrefs swap groups", "content": "foo=bar\n", "args": {"regexp": "^(\\w+)=(\\w+)$", "line": "\\2=\\1", "backrefs": true}, "expected": "bar=foo\n", "changed": true, "msg": "line replaced"},
  {"name": "backrefs without match leaves the file alone", "content": "a\n", "args": {"regexp": "^(\\w+)=(\\w+)$", "line": "\\2=\\1", "backrefs": true}, "expected": "a\n", "changed": false, "msg": ""},
  {"name": "backrefs with a named group", "content": "port=80\n", "args": {"regexp": "^(?P<k>\\w+)=", "line": "\\g<k>: 8080", "backrefs": true}, "expected": "port: 8080\n", "changed": true, "msg": "line replaced"},
  {"name": "search_string replaces a literal match", "content": "a\nfoo.bar=1\n", "args": {"search_string": "foo.bar", "line": "baz"}, "expected": "a\nbaz\n", "changed": true, "msg": "line replaced"},
  {"name": "search_string is not a regexp", "content": "a\nfooXbar=1\n", "args": {"search_string": "foo.bar", "line": "baz"}, "expected": "a\nfooXbar=1\nbaz\n", "changed": true, "msg": "line added"},
  {"name": "absent by regexp removes all matches", "content": "a\n#x\n#y\nb\n", "args": {"regexp": "^#", "state": "absent"}, "expected": "a\nb\n", "changed": true, "msg": "2 line(s) removed"},
  {"name": "absent by line", "content": "a\nb\na\n", "args": {"line": "a", "state": "absent"}, "expected": "b\n", "changed": true, "msg": "2 line(s) removed"},
  {"name": "absent by search_string", "content": "a=1\nb=2\n", "args": {"search_string": "=2", "state": "absent"}, "expected": "a=1\n", "changed": true, "msg": "1 line(s) removed"},
  {"name": "absent with nothing to remove", "content": "a\n", "args": {"line": "zz", "state": "absent"}, "expected": "a\n", "changed": false, "msg": ""},
  {"name": "line into an empty file", "content": "", "args": {"line": "x"}, "expected": "x\n", "changed": true, "msg": "line added"},
  {"name": "regexp on a CRLF file", "content": "a\r\nb\r\n", "args": {"regexp": "^b", "line": "B"}, "expected": "a\r\nB\n", "changed": true, "msg": "line replaced"},
  {"name": "regexp with $ anchor", "content": "key = v\nother\n", "args": {"regexp": "^key\\s*=.*$", "line": "key = w"}, "expected": "key = w\nother\n", "changed": true, "msg": "line replaced"},
  {"name": "matching line already right is unchanged", "content": "key = w\n", "args": {"regexp": "^key\\s*=", "line": "key = w"}, "expected": "key = w\n", "changed": false, "msg": ""},
  {"name": "insertafter EOF with a regexp that does not match", "content": "a\n", "args": {"regexp": "^z", "line": "z=1", "insertafter": "EOF"}, "expected": "a\nz=1\n", "changed": true, "msg": "line added"},
]

// prettier-ignore
export const blockinfileGolden: GoldenCase[] = [
  {"name": "new block at EOF", "content": "a\nb\n", "args": {"block": "x\ny"}, "expected": "a\nb\n# BEGIN ANSIBLE MANAGED BLOCK\nx\ny\n# END ANSIBLE MANAGED BLOCK\n", "changed": true, "msg": "Block inserted"},
  {"name": "existing block is replaced", "content": "a\n# BEGIN ANSIBLE MANAGED BLOCK\nold\n# END ANSIBLE MANAGED BLOCK\nb\n", "args": {"block": "new1\nnew2"}, "expected": "a\n# BEGIN ANSIBLE MANAGED BLOCK\nnew1\nnew2\n# END ANSIBLE MANAGED BLOCK\nb\n", "changed": true, "msg": "Block inserted"},
  {"name": "same block is unchanged", "content": "a\n# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\n", "args": {"block": "x"}, "expected": "a\n# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\n", "changed": false, "msg": ""},
  {"name": "state absent removes the block", "content": "a\n# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\nb\n", "args": {"state": "absent"}, "expected": "a\nb\n", "changed": true, "msg": "Block removed"},
  {"name": "empty block removes the block", "content": "a\n# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\nb\n", "args": {"block": ""}, "expected": "a\nb\n", "changed": true, "msg": "Block removed"},
  {"name": "insertbefore BOF", "content": "a\nb\n", "args": {"block": "x", "insertbefore": "BOF"}, "expected": "# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\na\nb\n", "changed": true, "msg": "Block inserted"},
  {"name": "insertafter a regexp", "content": "a\nb\nc\n", "args": {"block": "x", "insertafter": "^a"}, "expected": "a\n# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\nb\nc\n", "changed": true, "msg": "Block inserted"},
  {"name": "insertbefore a regexp", "content": "a\nb\nc\n", "args": {"block": "x", "insertbefore": "^c"}, "expected": "a\nb\n# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\nc\n", "changed": true, "msg": "Block inserted"},
  {"name": "insertafter a regexp without match goes to EOF", "content": "a\n", "args": {"block": "x", "insertafter": "^zz"}, "expected": "a\n# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\n", "changed": true, "msg": "Block inserted"},
  {"name": "custom marker", "content": "<p>\n", "args": {"block": "x", "marker": "<!-- {mark} -->", "marker_begin": "start", "marker_end": "stop"}, "expected": "<p>\n<!-- start -->\nx\n<!-- stop -->\n", "changed": true, "msg": "Block inserted"},
  {"name": "file without final newline", "content": "a", "args": {"block": "x"}, "expected": "a\n# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\n", "changed": true, "msg": "Block inserted"},
  {"name": "existing block is updated in place even with insertbefore", "content": "a\n# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\nb\n", "args": {"block": "y", "insertbefore": "BOF"}, "expected": "a\n# BEGIN ANSIBLE MANAGED BLOCK\ny\n# END ANSIBLE MANAGED BLOCK\nb\n", "changed": true, "msg": "Block inserted"},
  {"name": "multiline insertafter", "content": "a\nb\nc\n", "args": {"block": "x", "insertafter": "(?m)^b\\n"}, "expected": "a\nb\nc\n# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\n", "changed": true, "msg": "Block inserted"},
]

// prettier-ignore
export const replaceGolden: GoldenCase[] = [
  {"name": "all matches are replaced", "content": "foo bar foo\n", "args": {"regexp": "foo", "replace": "baz"}, "expected": "baz bar baz\n", "changed": true, "msg": "2 replacements made"},
  {"name": "numbered groups", "content": "joe@host\n", "args": {"regexp": "(\\w+)@(\\w+)", "replace": "\\2 at \\1"}, "expected": "host at joe\n", "changed": true, "msg": "1 replacements made"},
  {"name": "named groups", "content": "joe@host\n", "args": {"regexp": "(?P<u>\\w+)@", "replace": "\\g<u> AT "}, "expected": "joe AT host\n", "changed": true, "msg": "1 replacements made"},
  {"name": "^ is multiline", "content": "a\nb\n", "args": {"regexp": "^", "replace": "# "}, "expected": "# a\n# b\n# ", "changed": true, "msg": "3 replacements made"},
  {"name": "after limits the section", "content": "[a]\nx=1\n[b]\nx=1\n", "args": {"regexp": "x=1", "replace": "x=2", "after": "\\[b\\]"}, "expected": "[a]\nx=1\n[b]\nx=2\n", "changed": true, "msg": "1 replacements made"},
  {"name": "before limits the section", "content": "[a]\nx=1\n[b]\nx=1\n", "args": {"regexp": "x=1", "replace": "x=2", "before": "\\[b\\]"}, "expected": "[a]\nx=2\n[b]\nx=1\n", "changed": true, "msg": "1 replacements made"},
  {"name": "after and before", "content": "x\n<s>\nx\n</s>\nx\n", "args": {"regexp": "x", "replace": "y", "after": "<s>", "before": "</s>"}, "expected": "x\n<s>\ny\n</s>\nx\n", "changed": true, "msg": "1 replacements made"},
  {"name": "no match is unchanged", "content": "abc\n", "args": {"regexp": "zzz", "replace": "y"}, "expected": "abc\n", "changed": false, "msg": ""},
  {"name": "after that does not match", "content": "abc\n", "args": {"regexp": "a", "replace": "y", "after": "nope"}, "expected": "abc\n", "changed": false, "msg": "Pattern for before/after params did not match the given file: nope(?P<subsection>.*)"},
  {"name": "escape sequences in replace", "content": "a;b\n", "args": {"regexp": ";", "replace": "\\n"}, "expected": "a\nb\n", "changed": true, "msg": "1 replacements made"},
  {"name": "empty matches", "content": "abxd", "args": {"regexp": "x*", "replace": "-"}, "expected": "-a-b--d-", "changed": true, "msg": "5 replacements made"},
  {"name": "trailing whitespace", "content": "a  \nb\t\n", "args": {"regexp": "\\s+$", "replace": ""}, "expected": "a\nb", "changed": true, "msg": "2 replacements made"},
  {"name": "replacement equal to the match is unchanged", "content": "aaa\n", "args": {"regexp": "a", "replace": "a"}, "expected": "aaa\n", "changed": false, "msg": ""},
  {"name": "dollar signs are literal", "content": "price\n", "args": {"regexp": "price", "replace": "$1 $$"}, "expected": "$1 $$\n", "changed": true, "msg": "1 replacements made"},
]
