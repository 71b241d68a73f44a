import type { Frame, FrameRequest } from '../core/frame'
import {
  RequestCancelledError,
  type FrameRenderer,
  type FrameSource,
  type SourceStatus,
} from '../core/frame-source'
import { StatusEmitter } from './status-emitter'

/**
 * A FrameSource over a FrameRenderer that is already loaded (a model runtime in Node, a model
 * thread): for the CLI, benches and headless generation, where no browser worker exists.
 */
export class RendererSource implements FrameSource {
  readonly maxInFlight = 1
  private readonly status$ = new StatusEmitter()

  constructor(
    private readonly renderer: FrameRenderer,
    readonly kind = 'local',
  ) {
    this.status$.set({ health: 'ready', modelId: renderer.modelId, backend: renderer.backend })
  }

  status(): SourceStatus {
    return this.status$.current
  }

  subscribe(listener: (s: SourceStatus) => void): () => void {
    return this.status$.subscribe(listener)
  }

  async render(req: FrameRequest, signal?: AbortSignal): Promise<Frame> {
    if (signal?.aborted) throw new RequestCancelledError(req.id)
    return this.renderer.render(req)
  }

  dispose(): void {}
}
