/**
 * Scripts that read their input through these snippets let the SSH command shell hand the input
 * over as a shell variable instead of a pipe (ExecOptions.stdinAsVariable): no printf process and
 * no `cat`, two processes less per file written. Over any other transport the variable is unset
 * and the input comes on stdin as usual.
 */

/** The variable holding the input, set by the command shell (command-shell.ts) */
export const STDIN_VAR = '__tsplay_in'

/** Shell that copies the command's input to `target`: from STDIN_VAR when set, else from stdin. */
export function readStdinScript(target: string): string {
  return `if [ "\${${STDIN_VAR}+x}" = x ]; then printf %s "$${STDIN_VAR}" > ${target}; else cat > ${target}; fi`
}

/** Shell that discards the command's input (draining stdin only when it came on stdin). */
export const DISCARD_STDIN = `[ "\${${STDIN_VAR}+x}" = x ] || cat >/dev/null`
