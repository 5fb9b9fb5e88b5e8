/** The one shell-quoting helper: every value that reaches a shell command line passes through it. */
export function shq(value: string | number): string {
  const s = String(value)
  if (s !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s
  return `'${s.replace(/'/g, `'\\''`)}'`
}

/** `sh`-quoted words joined by spaces. */
export function shWords(words: (string | number)[]): string {
  return words.map(shq).join(' ')
}
