/**
 * Every write of a store runs through one queue, one task after another, in the order they were
 * queued: a manifest swap never interleaves with a save of the same world in this tab (Web Locks
 * keep other tabs out). A task that fails never stops the queue: the next one runs.
 *
 * Who hears about a failure is the caller's choice. `run` hands it to the caller's promise only
 * (the gallery shows it next to the button that was pressed); `runReported` also passes it to
 * `onError` (the store's `message`), for writes nobody waits on, such as a frame of the stream.
 */
export class WriteQueue {
  private tail: Promise<void> = Promise.resolve()

  constructor(private readonly onError: (err: unknown) => void) {}

  /** Queues `task`; its result or failure goes to the returned promise only. */
  run<T>(task: () => Promise<T>): Promise<T> {
    return this.push(task, () => undefined)
  }

  /** Queues `task`; a failure goes to the returned promise and to the queue's `onError`. */
  runReported<T>(task: () => Promise<T>): Promise<T> {
    return this.push(task, this.onError)
  }

  /**
   * Resolves once every task queued before this call has finished, and reports whether none
   * was queued meanwhile (the queue stood still): flush loops until it does.
   */
  async settled(): Promise<boolean> {
    const tail = this.tail
    await tail
    return tail === this.tail
  }

  private push<T>(task: () => Promise<T>, onError: (err: unknown) => void): Promise<T> {
    const run = this.tail.then(task)
    this.tail = run.then(() => undefined, onError)
    return run
  }
}
