/**
 * Renderers turn run events into what the user sees: `plain` (Ansible's default callback text, for
 * CI and pipes), `tty` (the same, coloured, with a spinner while a task runs) and `json` (NDJSON).
 */
import type { Ora } from 'ora'
import type { Io } from '../cli/io.js'
import type { RunEvent } from './events.js'
import { type Chunk, type LineOptions, LineState, formatEvent } from './lines.js'

export interface Renderer {
  handle(e: RunEvent): void
  /** Stops anything still drawing (the spinner); safe to call more than once */
  close(): void
}

export type RendererKind = 'auto' | 'plain' | 'tty' | 'json'

export interface RendererOptions {
  verbosity: number
  /** Overrides the environment (NO_COLOR, FORCE_COLOR) and terminal detection */
  color?: boolean | undefined
}

/** Set and not `''`, `0` or `false` */
function envFlag(v: string | undefined): boolean {
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false'
}

/** FORCE_COLOR wins (as in chalk and Ansible), then NO_COLOR, then "is it a terminal" */
export function colorEnabled(io: Pick<Io, 'isTTY' | 'env'>): boolean {
  if (envFlag(io.env['FORCE_COLOR']) || envFlag(io.env['ANSIBLE_FORCE_COLOR'])) return true
  if ((io.env['NO_COLOR'] ?? '') !== '' || envFlag(io.env['ANSIBLE_NOCOLOR'])) return false
  return io.isTTY && io.env['TERM'] !== 'dumb'
}

/** `auto` is the spinner renderer only on an interactive terminal outside CI */
export function resolveKind(
  kind: RendererKind,
  io: Pick<Io, 'isTTY' | 'env'>,
): Exclude<RendererKind, 'auto'> {
  if (kind !== 'auto') return kind
  return io.isTTY && !envFlag(io.env['CI']) && io.env['TERM'] !== 'dumb' ? 'tty' : 'plain'
}

// ora loads only for terminals (~70 ms of start-up otherwise): see loadSpinner
let ora: typeof import('ora').default | undefined

/** Loads the spinner; TtyRenderer draws none until it is loaded (its lines print all the same). */
export async function loadSpinner(): Promise<void> {
  ora ??= (await import('ora')).default
}

export function createRenderer(kind: RendererKind, io: Io, opts: RendererOptions): Renderer {
  const resolved = resolveKind(kind, io)
  if (resolved === 'json') return new JsonRenderer(io)
  const lineOpts: LineOptions = {
    verbosity: opts.verbosity,
    color: opts.color ?? colorEnabled(io),
  }
  return resolved === 'tty' ? new TtyRenderer(io, lineOpts) : new PlainRenderer(io, lineOpts)
}

/** One event per line, exactly the event object; the recap is the last line. */
export class JsonRenderer implements Renderer {
  private done = false

  constructor(private readonly io: Io) {}

  handle(e: RunEvent): void {
    if (this.done) return
    this.io.out(`${JSON.stringify(e)}\n`)
    if (e.type === 'recap') this.done = true
  }

  close(): void {
    this.done = true
  }
}

export class PlainRenderer implements Renderer {
  protected readonly state = new LineState()

  constructor(
    protected readonly io: Io,
    protected readonly opts: LineOptions,
  ) {}

  handle(e: RunEvent): void {
    this.write(formatEvent(e, this.state, this.opts))
  }

  protected write(chunks: Chunk[]): void {
    for (const c of chunks) (c.stream === 'err' ? this.io.err : this.io.out)(c.text)
  }

  close(): void {}
}

/**
 * The minimal TTY stream ora needs, writing through Io. Cursor moves are the escapes Node's
 * tty.WriteStream would write.
 */
function spinnerStream(io: Io, columns: number): NodeJS.WritableStream {
  const write = (s: string): boolean => (io.out(s), true)
  const stream = {
    isTTY: true,
    columns,
    write: (chunk: unknown) => write(String(chunk)),
    cursorTo: (x: number) => write(`\u001b[${x + 1}G`),
    moveCursor: (dx: number, dy: number) =>
      write(
        (dx ? `\u001b[${Math.abs(dx)}${dx > 0 ? 'C' : 'D'}` : '') +
          (dy ? `\u001b[${Math.abs(dy)}${dy > 0 ? 'B' : 'A'}` : ''),
      ),
    clearLine: (dir: number) => write(`\u001b[${dir < 0 ? 1 : dir > 0 ? 0 : 2}K`),
    once: () => stream,
    on: () => stream,
    removeListener: () => stream,
  }
  return stream as unknown as NodeJS.WritableStream
}

/**
 * Plain lines, coloured, plus a spinner on the same stream showing the running task's progress. The
 * spinner is cleared before every line and redrawn after, so lines never mix with frames.
 */
export class TtyRenderer extends PlainRenderer {
  private spinner: Ora | undefined
  private readonly columns: number

  constructor(io: Io, opts: LineOptions) {
    super(io, opts)
    this.columns = Number(io.env['COLUMNS']) || process.stdout.columns || 80
  }

  override handle(e: RunEvent): void {
    const chunks = formatEvent(e, this.state, this.opts)
    this.spinner?.clear()
    this.write(chunks)
    this.spin()
  }

  override close(): void {
    this.stopSpinner()
  }

  private spin(): void {
    const task = this.state.task
    // between tasks and at the end there is nothing to wait for
    if (!task) return this.stopSpinner()
    // one line narrower than the terminal: a wrapped frame could not be cleared
    const text = `TASK [${task.name}] ${task.done.size}/${task.hosts} hosts done`.slice(0, this.columns - 3)
    if (!this.spinner) {
      if (!ora) return
      this.spinner = ora({
        stream: spinnerStream(this.io, this.columns),
        isEnabled: true,
        discardStdin: false, // leave stdin alone: prompts and Ctrl-C keep working
        color: this.opts.color ? 'cyan' : false,
        text,
      }).start()
    } else {
      this.spinner.text = text
      this.spinner.render()
    }
  }

  private stopSpinner(): void {
    const s = this.spinner
    this.spinner = undefined
    s?.stop()
  }
}
