/** Templates (Handlebars) and conditions (a Jinja expression subset). See docs/templates.md. */
export {
  checkTemplateSyntax,
  compile,
  renderDeep,
  renderFile,
  renderString,
  run,
  type RenderOptions,
} from './render.js'
export { templateStats, type CompiledTemplate } from './compile.js'
export {
  checkExpression,
  evalCondition,
  evaluate,
  parseExpression,
  type EvalOptions,
  type Expression,
} from './expr.js'
export type { TemplateOrigin } from './origin.js'
export { toBool, truthy, type SecretResolver } from './values.js'
