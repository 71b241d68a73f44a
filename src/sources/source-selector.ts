import type { Frame, FrameRequest } from '../core/frame'
import {
  RequestCancelledError,
  SourceUnavailableError,
  type FrameSource,
  type SourceStatus,
} from '../core/frame-source'

export interface SelectorStatus {
  /** The source new requests go to, or null when none is ready. */
  active: { kind: string; backend: string | null; modelId: string | null } | null
  sources: { kind: string; status: SourceStatus }[]
}

/**
 * Routes requests to the first ready source in priority order (ORT's backend pattern): edge when
 * configured and healthy, else the on-device worker. A request whose source dies mid-flight is
 * re-sent to the next ready source, so a dying edge loses no work. A source that recovers is used
 * again as soon as it reports ready.
 */
export class SourceSelector {
  private readonly listeners = new Set<(s: SelectorStatus) => void>()
  private readonly unsubscribes: (() => void)[]

  /** `sources` in priority order, most preferred first. */
  constructor(private readonly sources: readonly FrameSource[]) {
    if (sources.length === 0) throw new Error('a selector needs at least one source')
    this.unsubscribes = sources.map((s) => s.subscribe(() => this.emit()))
  }

  active(): FrameSource | null {
    return this.sources.find((s) => s.status().health === 'ready') ?? null
  }

  status(): SelectorStatus {
    const a = this.active()
    return {
      active: a ? { kind: a.kind, backend: a.status().backend, modelId: a.status().modelId } : null,
      sources: this.sources.map((s) => ({ kind: s.kind, status: s.status() })),
    }
  }

  subscribe(listener: (s: SelectorStatus) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Renders on the best ready source, falling back down the list when a source is unavailable.
   * If no source is ready yet, waits up to `waitMs` for one (a worker still compiling its wasm).
   */
  async render(req: FrameRequest, signal?: AbortSignal, waitMs = 15_000): Promise<Frame> {
    const errors: string[] = []
    const tried = new Set<FrameSource>()
    const deadline = Date.now() + waitMs
    for (;;) {
      if (signal?.aborted) throw new RequestCancelledError(req.id)
      const source = this.sources.find((s) => !tried.has(s) && s.status().health === 'ready')
      if (!source) {
        if (
          Date.now() >= deadline ||
          this.sources.every((s) => tried.has(s) || s.status().health === 'failed')
        ) {
          const states = this.sources.map((s) => `${s.kind}: ${s.status().error ?? s.status().health}`)
          throw new SourceUnavailableError('all sources', [...errors, ...states].join('; '))
        }
        await this.nextChange(deadline - Date.now())
        continue
      }
      try {
        return await source.render(req, signal)
      } catch (err) {
        if (!(err instanceof SourceUnavailableError)) throw err
        tried.add(source)
        errors.push(err.message)
      }
    }
  }

  dispose(): void {
    for (const u of this.unsubscribes) u()
    this.listeners.clear()
  }

  private nextChange(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(0, timeoutMs))
      const unsubs = this.sources.map((s) => s.subscribe(done))
      function done(): void {
        clearTimeout(timer)
        for (const u of unsubs) u()
        resolve()
      }
    })
  }

  private emit(): void {
    const s = this.status()
    for (const l of this.listeners) l(s)
  }
}
