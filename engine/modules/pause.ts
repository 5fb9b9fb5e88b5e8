/**
 * `pause`: waits `seconds` or `minutes` on the controller (check mode too, as Ansible). Modules
 * have no terminal, so a prompt is never answered: without a duration it does not wait and says
 * so, like Ansible when stdin is not interactive.
 */
import { toNumber } from './command-run.js'
import { ModuleFailure, type Module, type ModuleContext, type ModuleResult } from './types.js'

export type PauseArgs = { seconds?: number; minutes?: number; prompt?: string; echo?: boolean }

export const NO_PROMPT =
  'Not waiting for response to prompt as stdin is not interactive (tsplay modules cannot read the terminal)'

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ModuleFailure('pause interrupted'))
    const onAbort = () => {
      clearTimeout(timer)
      reject(new ModuleFailure('pause interrupted'))
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

export async function pause(args: PauseArgs, ctx: Pick<ModuleContext, 'signal'>): Promise<ModuleResult> {
  const minutes = args.minutes !== undefined ? toNumber(args.minutes, 'minutes', 0) : undefined
  const seconds = args.seconds !== undefined ? toNumber(args.seconds, 'seconds', 0) : undefined
  const start = Date.now()
  const base = { changed: false, rc: 0, user_input: '', echo: args.echo ?? true }
  if (minutes === undefined && seconds === undefined) {
    return {
      ...base,
      start: new Date(start).toISOString(),
      stop: new Date(start).toISOString(),
      delta: 0,
      stdout: '',
      msg: NO_PROMPT,
    }
  }
  const ms = minutes !== undefined ? minutes * 60_000 : seconds! * 1000
  await sleep(ms, ctx.signal)
  const stop = Date.now()
  const [n, unit] = minutes !== undefined ? [minutes, 'minutes'] : [seconds!, 'seconds']
  return {
    ...base,
    start: new Date(start).toISOString(),
    stop: new Date(stop).toISOString(),
    delta: Math.round((stop - start) / 1000),
    stdout: `Paused for ${n} ${unit}`,
    ...(args.prompt ? { msg: `${args.prompt} (${NO_PROMPT})` } : {}),
  }
}

export const pauseModule: Module<PauseArgs> = {
  name: 'pause',
  async check(args, ctx) {
    return { changed: false, result: await pause(args, ctx) }
  },
  async apply(_plan, args, ctx) {
    return pause(args, ctx)
  },
}
