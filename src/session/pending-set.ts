/**
 * Promises still outstanding, each forgotten once it settles, so a caller can wait until nothing
 * it started is left (the CLI and tests step a session with it).
 */
export class PendingSet {
  private readonly pending = new Set<Promise<unknown>>()

  get size(): number {
    return this.pending.size
  }

  /** Remembers `p` until it settles (either way) and returns it. */
  track<T>(p: Promise<T>): Promise<T> {
    const tracked = p.then(
      () => undefined,
      () => undefined,
    )
    this.pending.add(tracked)
    void tracked.then(() => this.pending.delete(tracked))
    return p
  }

  /** Resolves once everything tracked so far has settled. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.pending])
  }
}
