import type { SourceStatus } from '../core/frame-source'

/** Holds a source's status and tells subscribers when it changes. */
export class StatusEmitter {
  current: SourceStatus = { health: 'starting', modelId: null, backend: null, error: null }
  private readonly listeners = new Set<(s: SourceStatus) => void>()

  set(patch: Partial<SourceStatus>): void {
    this.current = { ...this.current, ...patch }
    for (const l of this.listeners) l(this.current)
  }

  subscribe(listener: (s: SourceStatus) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
