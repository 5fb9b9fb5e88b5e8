/** Ansible-compatible inventories: loading, variables, host patterns and ansible-inventory output. */
export type { Inventory, InventoryGroup, InventoryHost, VarLayer, Vars } from './model.js'
export { loadInventory, type LoadOptions } from './load.js'
export {
  groupNamesOf,
  groupsMap,
  groupVars,
  hostsOfGroup,
  hostVarLayers,
  hostVars,
  mergeLayers,
} from './vars.js'
export { selectHosts, splitHostPattern, type SelectOptions } from './patterns.js'
export {
  printableGroupVars,
  printableHostVars,
  toAnsibleList,
  toAnsibleYamlList,
  toGraph,
  toJson,
  toYaml,
  type ListOptions,
} from './render.js'
export { expandHostPattern, parseAddress } from './ranges.js'
export { iniValue } from './typing.js'
