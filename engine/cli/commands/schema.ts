import { playbookJsonSchema } from '../../playbook/schema/index.js'
import { parseCommandArgs } from '../args.js'
import type { Command } from '../io.js'

export const schemaCommand: Command = {
  name: 'schema',
  summary: 'print the playbook JSON Schema, for editors with a YAML language server',
  help: `Usage: tsplay schema

Prints the JSON Schema of tsplay playbooks (plays, tasks, every module and its arguments). Point
your editor's YAML language server at it to get completion and inline errors; see
docs/editor.md.

Examples:
  tsplay schema > .vscode/tsplay.schema.json
`,
  async run(argv, io) {
    parseCommandArgs('schema', argv, {})
    io.out(JSON.stringify(playbookJsonSchema, null, 2) + '\n')
    return 0
  },
}
