/**
 * `--tags` / `--skip-tags` exactly as Ansible decides them, with the special tags `always`, `never`,
 * `tagged`, `untagged` and `all`. A task with no tags counts as tagged `untagged`.
 */
export interface TagFilter {
  only: string[]
  skip: string[]
}

export const ALL_TAGS: TagFilter = { only: ['all'], skip: [] }

export function shouldRun(taskTags: Iterable<string>, filter: TagFilter): boolean {
  const own = new Set(taskTags)
  const tags = own.size ? own : new Set(['untagged'])
  const only = new Set(filter.only.length ? filter.only : ['all'])
  const skip = new Set(filter.skip)
  const isUntagged = tags.size === 1 && tags.has('untagged')
  const meets = (set: Set<string>) => [...tags].some((t) => set.has(t))
  let run: boolean
  if (tags.has('always')) run = true
  else if (only.has('all') && !tags.has('never')) run = true
  else if (meets(only)) run = true
  else run = only.has('tagged') && !isUntagged && !tags.has('never')
  if (run && skip.size) {
    if (skip.has('all')) run = tags.has('always') && !skip.has('always')
    else if (meets(skip)) run = false
    else if (skip.has('tagged') && !isUntagged) run = false
  }
  return run
}
