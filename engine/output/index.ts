/** Output: run events and the renderers that show them. */
export * from './events.js'
export { renderDiffs, unifiedDiff } from './diff.js'
export { banner, pyJson, recapLine } from './format.js'
export {
  formatEvent,
  formatters,
  LineState,
  type Chunk,
  type HostResultEvent,
  type LineOptions,
} from './lines.js'
export { exitCodeFor, retryHosts, writeRetryFile, type RecapEvent } from './recap.js'
export * from './renderer.js'
