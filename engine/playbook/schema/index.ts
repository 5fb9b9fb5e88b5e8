/** Schemas of the playbook language and their validators; see each file for details. */
export { playbookJsonSchema } from './editor.js'
export { playKeywords, taskKeywords } from './keywords.js'
export { validatePlay, validateTaskKeywords, validateVarsFile, validateYamlInventory } from './validators.js'
export { validateArgumentSpecs, validateRoleMeta } from './roles.js'
export { checkRoleArguments, convertArgument, type RoleArgumentsWhere } from './role-args.js'
export { isDeferred } from './problems.js'
