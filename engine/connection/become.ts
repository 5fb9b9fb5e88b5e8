/**
 * Wrapping a command for `become`. The password goes first on stdin (sudo -S reads one line), so it
 * never appears in a process list; without a password sudo runs non-interactively (-n) and fails
 * fast instead of hanging on a prompt.
 */
import { shq } from './quote.js'
import type { Become } from './types.js'

export const BECOME_PROMPT = '[tsplay-become-password]'

export function wrapBecome(command: string, become: Become): { command: string; stdinPrefix: string } {
  if (become.method === 'su') {
    // su asks for its password on a terminal only; connections that can open one (SSH) answer the
    // prompt there. Without a password this works from root, as PAM's pam_rootok allows.
    return { command: `su ${shq(become.user)} -s /bin/sh -c ${shq(command)}`, stdinPrefix: '' }
  }
  if (become.password) {
    // The password arrives as the first stdin line and is read into a shell variable (printf is a
    // builtin: never in a process list). It is handed to sudo only when sudo asks for one: were it
    // always fed, a NOPASSWD rule or a root login would leave it as the command's own input.
    const user = shq(become.user)
    const inner = `/bin/sh -c ${shq(command)}`
    return {
      command:
        `IFS= read -r __tsplay_pw; if sudo -n -u ${user} true 2>/dev/null; then unset __tsplay_pw; ` +
        `exec sudo -H -n -u ${user} ${inner}; else { printf '%s\\n' "$__tsplay_pw"; unset __tsplay_pw; exec cat; } | ` +
        `sudo -H -S -p ${shq(BECOME_PROMPT)} -u ${user} ${inner}; fi`,
      stdinPrefix: `${become.password}\n`,
    }
  }
  return { command: `sudo -H -n -u ${shq(become.user)} /bin/sh -c ${shq(command)}`, stdinPrefix: '' }
}

/** sudo's prompt is printed on stderr even with -S; it is not the command's output. */
export function stripBecomePrompt(stderr: string): string {
  return stderr.split(BECOME_PROMPT).join('')
}
