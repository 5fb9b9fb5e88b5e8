/**
 * Ctrl-C during a run: the first one stops new work and lets running commands finish for a grace
 * period, then kills them; a second one kills at once. The recap so far is printed; exit code 99.
 */
import { ExitCode } from '../../errors.js'
import type { Io } from '../io.js'

const GRACE_MS = 5000

interface Closable {
  close(): void
}

export async function interruptible(
  io: Io,
  renderer: Closable,
  work: (stop: AbortSignal, kill: AbortSignal) => Promise<number>,
): Promise<number> {
  const stop = new AbortController()
  const kill = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const onSignal = () => {
    if (stop.signal.aborted) return kill.abort()
    stop.abort()
    io.err(
      `\n[WARNING]: interrupted: no new tasks start; running commands get ${GRACE_MS / 1000} s to finish (Ctrl-C again to kill them)\n`,
    )
    timer = setTimeout(() => kill.abort(), GRACE_MS)
    timer.unref()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  try {
    const code = await work(stop.signal, kill.signal)
    return stop.signal.aborted ? ExitCode.interrupted : code
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    if (timer) clearTimeout(timer)
    renderer.close()
  }
}
