/** A counting semaphore whose limit can shrink when the server turns out to allow fewer channels. */
export class Semaphore {
  private active = 0
  private readonly waiting: (() => void)[] = []

  constructor(private limit: number) {}

  get inUse(): number {
    return this.active
  }

  get max(): number {
    return this.limit
  }

  async acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++
      return
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve))
  }

  release(): void {
    const next = this.active <= this.limit ? this.waiting.shift() : undefined
    if (next) next()
    else this.active--
  }

  /** Lowers the limit (never below 1); slots in use above it drain as they are released. */
  shrink(to: number): void {
    this.limit = Math.max(1, Math.min(this.limit, to))
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire()
    try {
      return await fn()
    } finally {
      this.release()
    }
  }
}
