import type { Frame, FrameRequest } from './frame'

/** Anything that turns a FrameRequest into a Frame: the model runtime, a worker, an edge server. */
export interface FrameRenderer {
  readonly modelId: string
  /** Where the model runs, for people: "wasm", "webgpu", "cpu", "cuda", "triton". */
  readonly backend: string
  render(req: FrameRequest): Promise<Frame>
}

export type SourceHealth = 'starting' | 'ready' | 'failed'

export interface SourceStatus {
  health: SourceHealth
  modelId: string | null
  backend: string | null
  /** Why the source is not ready, for the status panel. */
  error: string | null
}

/**
 * A place frames come from (ARCHITECTURE "Streaming"). Sources are tried by priority; one that
 * fails is marked and skipped until it reports itself ready again.
 */
export interface FrameSource {
  /** "worker" or "edge". */
  readonly kind: string
  /** How many requests this source serves well at once (1 for a local worker, more when pipelined). */
  readonly maxInFlight: number
  status(): SourceStatus
  /** Called on every status change. Returns an unsubscribe function. */
  subscribe(listener: (status: SourceStatus) => void): () => void
  render(req: FrameRequest, signal?: AbortSignal): Promise<Frame>
  dispose(): void
}

/** The error a source throws when a request was cancelled (not a failure of the source). */
export class RequestCancelledError extends Error {
  constructor(readonly requestId: number) {
    super(`request ${requestId} was cancelled`)
    this.name = 'RequestCancelledError'
  }
}

/** The error a source throws when it cannot serve at all (dead connection, crashed worker). */
export class SourceUnavailableError extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(`${kind}: ${message}`)
    this.name = 'SourceUnavailableError'
  }
}
