/** Tasks tsplay adds itself (fact gathering, role argument checks), with every default in one place. */
import type { SourceLocation } from '../errors.js'
import type { TaskNode } from './types.js'

export function syntheticTask(
  fields: Pick<TaskNode, 'id' | 'name' | 'module' | 'args'> & {
    loc: SourceLocation
    role?: TaskNode['role']
  },
): TaskNode {
  return {
    kind: 'task',
    vars: {},
    when: [],
    tags: ['always'],
    loopStyle: 'list',
    changedWhen: [],
    failedWhen: [],
    until: [],
    notify: [],
    listen: [],
    ...fields,
  }
}
