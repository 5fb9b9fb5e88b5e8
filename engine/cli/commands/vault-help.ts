/** Help texts of `tsplay vault` and its sub-commands. */
import { vaultOptionsHelp } from '../../vault/options.js'

export const subcommandHelp: Record<string, string> = {
  encrypt: `Usage: tsplay vault encrypt [options] FILE...

Encrypts files in place (atomically, keeping their mode). FILE \`-\` reads stdin and writes stdout.
Refuses files that are already encrypted.

Options:
  --output FILE   write to FILE instead (\`-\` for stdout); only with one input

Examples:
  tsplay vault encrypt --vault-password-file ~/.tsplay/prod.password vault/prod.yml
  tsplay vault encrypt --vault-id prod@prompt group_vars/prod/vault.yml
  cat secrets.yml | tsplay vault encrypt --vault-password-file pw - > secrets.vault
`,
  decrypt: `Usage: tsplay vault decrypt [options] FILE...

Decrypts files in place (this writes plaintext to disk: prefer \`view\` or \`edit\`). Nothing is
written unless every file decrypts.

Options:
  --output FILE   write to FILE instead (\`-\` for stdout); only with one input

Examples:
  tsplay vault decrypt --vault-password-file pw --output - vault/prod.yml | grep registry
  tsplay vault decrypt --vault-id dev@dev.password --vault-id prod@prompt group_vars/*/vault.yml
`,
  view: `Usage: tsplay vault view [options] FILE...

Prints the plaintext of vault files on stdout; nothing is written to disk.

Example:
  tsplay vault view --vault-password-file pw vault/prod.yml
`,
  edit: `Usage: tsplay vault edit [options] FILE

Opens $EDITOR (default \`vi\`) on a decrypted copy in a private temporary directory, re-encrypts
with the same vault id only if the content changed, and always removes the copy (also on Ctrl-C).
An editor that exits non-zero (e.g. vim's \`:cq\`) discards the changes.

Example:
  EDITOR=nano tsplay vault edit --vault-password-file pw vault/prod.yml
`,
  create: `Usage: tsplay vault create [options] FILE

Opens $EDITOR on an empty private copy and encrypts what you save into FILE (mode 0600).
Refuses if FILE exists.

Example:
  tsplay vault create --vault-id prod@prompt vault/prod.yml
`,
  rekey: `Usage: tsplay vault rekey [options] FILE...

Re-encrypts files with a new password (asked for unless given). Nothing is written unless every
file decrypts with the current password.

Options:
  --new-vault-password-file FILE  the new password
  --new-vault-id LABEL@SOURCE     the new password with a vault id (SOURCE: file, script or prompt)

Examples:
  tsplay vault rekey --vault-password-file old.password --new-vault-password-file new.password vault/*.yml
  tsplay vault rekey --vault-id prod@old.password --new-vault-id prod@prompt vault/prod.yml
`,
  'encrypt-string': `Usage: tsplay vault encrypt-string [options] [VALUE...]

Encrypts a value and prints a \`NAME: !vault |\` block to paste into a vars file. The value comes
from the arguments, from stdin (\`-\`, --stdin-name, or no VALUE with a non-terminal stdin; the
bytes are kept as they are, including a final newline), or from a hidden prompt. Values given as
arguments are visible to other users in \`ps\`: prefer stdin or the prompt.

Options:
  -n, --name NAME       variable name of each VALUE, in order (repeatable)
  --stdin-name NAME     read the value from stdin and name it NAME
  -p, --prompt          ask for the name and the value
  --show-input          echo the value typed at the prompt
  --output FILE         write the block to FILE instead of stdout

Examples:
  printf %s "$REGISTRY_PASSWORD" | tsplay vault encrypt-string --vault-password-file pw --stdin-name registry_password
  tsplay vault encrypt-string --vault-id prod@prompt --name grafana_admin_password
`,
}

export const vaultHelp = `Usage: tsplay vault <sub-command> [options] [FILE...]

Creates, reads and changes Ansible vault files and values (\`$ANSIBLE_VAULT;1.1;AES256\` and
\`1.2\` with a vault id), byte-compatible with ansible-vault.

Sub-commands:
  encrypt FILE...        encrypt files in place (or --output)
  decrypt FILE...        decrypt files in place (or --output -)
  view FILE...           print the plaintext
  edit FILE              edit in $EDITOR, re-encrypt if changed
  create FILE            create a new vault file in $EDITOR
  rekey FILE...          change the password or vault id
  encrypt-string [VALUE] print a \`NAME: !vault |\` block

${vaultOptionsHelp}
Exit codes: 0 ok, 5 wrong password, modified or invalid file, usage error, 99 interrupted.

Examples:
  tsplay vault create --vault-password-file vault/demo.password vault/example.yml
  tsplay vault view --vault-id prod@prompt vault/prod.yml
  tsplay vault encrypt-string --vault-password-file pw --name db_password
  tsplay vault help encrypt      (details and examples of one sub-command)
`

export function helpFor(sub: string | undefined): string {
  const detail = sub !== undefined ? subcommandHelp[sub] : undefined
  return detail ? `${detail}\n${vaultOptionsHelp}` : vaultHelp
}
