/** How a frame source behaves, so the scheduler can pipeline the right amount. */
export interface SourceProfile {
  /**
   * Most requests in flight at once. @default 1 for 'local', 4 for 'edge'
   * A local worker runs one frame at a time, so a second request only waits in its queue and
   * cannot be cancelled cheaply once the viewer turns; an edge server hides network round trips
   * by pipelining, but more than a few queued frames go stale before they arrive.
   */
  maxInFlight?: number
  kind?: 'local' | 'edge'
  /**
   * Weight of the newest sample in the moving averages. @default 0.2
   * About the last five frames: fast enough to follow a change of source, slow enough that one
   * garbage-collection pause does not halve the pipeline.
   */
  smoothing?: number
}

/**
 * Exponential moving averages of request latency (issue to arrival) and model time, and the
 * concurrency they imply. By Little's law a source stays busy with latency / service-time
 * requests in flight: 1 for a worker (latency is model time), more for an edge behind a network.
 */
export class LatencyTracker {
  readonly maxInFlight: number
  private readonly alpha: number
  private latency = NaN
  private service = NaN

  constructor(profile: SourceProfile = {}) {
    const kind = profile.kind ?? 'local'
    this.maxInFlight = Math.max(1, Math.floor(profile.maxInFlight ?? (kind === 'edge' ? 4 : 1)))
    this.alpha = profile.smoothing ?? 0.2
  }

  /** Records one finished request: total latency and the model's share of it, milliseconds. */
  record(latencyMs: number, modelMs: number = latencyMs): void {
    if (!(latencyMs >= 0)) return
    const service = Math.min(latencyMs, Math.max(modelMs, 0.01))
    this.latency = Number.isNaN(this.latency)
      ? latencyMs
      : this.latency + this.alpha * (latencyMs - this.latency)
    this.service = Number.isNaN(this.service) ? service : this.service + this.alpha * (service - this.service)
  }

  get latencyMs(): number {
    return this.latency
  }

  get serviceMs(): number {
    return this.service
  }

  /**
   * Requests to keep in flight now. Before any measurement, the full allowance: the first frames
   * matter most and an edge source would otherwise start one round trip at a time.
   */
  concurrency(): number {
    if (Number.isNaN(this.latency)) return this.maxInFlight
    // A source that answers at once (latency and service 0) needs one request in flight; 0 / 0
    // was NaN, which let every candidate through at once.
    const want = this.service > 0 ? Math.ceil(this.latency / this.service - 1e-6) : 1
    return Math.min(this.maxInFlight, Math.max(1, want))
  }
}
