import type { InFlightRequest, ScheduledRequest } from '../core/stream'

/**
 * The scheduler's requests the session has sent and not yet seen answered, each with the
 * AbortController that cancels it. The list handed to the scheduler is reused (no allocation per
 * schedule beyond what the scheduler does).
 */
export class Flights {
  private readonly byId = new Map<number, { req: ScheduledRequest; ctrl: AbortController }>()
  private readonly list: InFlightRequest[] = []

  get size(): number {
    return this.byId.size
  }

  /** A request going out; returns the signal that aborts it. */
  add(req: ScheduledRequest): AbortSignal {
    const ctrl = new AbortController()
    this.byId.set(req.id, { req, ctrl })
    return ctrl.signal
  }

  /** `req` was answered (or failed): no longer in flight, unless its id was reused since. */
  settled(req: ScheduledRequest): void {
    if (this.byId.get(req.id)?.req === req) this.byId.delete(req.id)
  }

  /** Aborts the request with `id`, if it is in flight. */
  cancel(id: number): void {
    const f = this.byId.get(id)
    if (!f) return
    this.byId.delete(id)
    f.ctrl.abort()
  }

  abortAll(): void {
    for (const f of this.byId.values()) f.ctrl.abort()
    this.byId.clear()
  }

  /** The requests in flight, for the scheduler (the same array each call, refilled). */
  requests(): readonly InFlightRequest[] {
    this.list.length = 0
    for (const f of this.byId.values()) this.list.push(f.req)
    return this.list
  }
}
