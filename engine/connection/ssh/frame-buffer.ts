/**
 * Bytes received on one stream of the command shell, cut at frame markers. Grows by doubling and
 * remembers how far it searched, so a large output (a file read) costs linear time, not quadratic.
 */
export class FrameBuffer {
  private data = Buffer.alloc(4096)
  private length = 0
  /** Where the last unsuccessful search for a needle may resume */
  private scanned = 0

  push(chunk: Buffer): void {
    if (this.length + chunk.length > this.data.length) {
      let size = this.data.length * 2
      while (size < this.length + chunk.length) size *= 2
      const bigger = Buffer.alloc(size)
      this.data.copy(bigger, 0, 0, this.length)
      this.data = bigger
    }
    chunk.copy(this.data, this.length)
    this.length += chunk.length
  }

  /** Index of the needle (and, with `toEol`, of the newline ending its line), or undefined. */
  private find(needle: Buffer, toEol: boolean): { at: number; end: number } | undefined {
    const view = this.data.subarray(0, this.length)
    const at = view.indexOf(needle, Math.max(0, this.scanned - needle.length))
    if (at === -1) {
      this.scanned = this.length
      return undefined
    }
    if (!toEol) return { at, end: at + needle.length }
    const eol = view.indexOf(0x0a, at + needle.length)
    return eol === -1 ? undefined : { at, end: eol + 1 }
  }

  has(needle: Buffer, toEol: boolean): boolean {
    return this.find(needle, toEol) !== undefined
  }

  /** The bytes before the needle, and the rest of the needle's line; drops both from the buffer. */
  take(needle: Buffer, toEol: boolean): { body: Buffer; rest: string } | undefined {
    const hit = this.find(needle, toEol)
    if (!hit) return undefined
    const body = Buffer.from(this.data.subarray(0, hit.at))
    const rest = this.data.toString('utf8', hit.at + needle.length, toEol ? hit.end - 1 : hit.end)
    this.data.copy(this.data, 0, hit.end, this.length)
    this.length -= hit.end
    this.scanned = 0
    return { body, rest }
  }
}
