import * as Comlink from 'comlink'
import type { Frame, FrameRequest } from '../core/frame'
import {
  RequestCancelledError,
  SourceUnavailableError,
  type FrameSource,
  type SourceStatus,
} from '../core/frame-source'
import type { ModelWorkerApi } from '../model/worker-api'
import type { BrowserModelConfig } from '../workers/frame-model-config'
import { StatusEmitter } from './status-emitter'

type Api = ModelWorkerApi<BrowserModelConfig>

/** The slice of the DOM Worker this source uses, so tests can hand in a MessageChannel-backed fake. */
export interface WorkerLike {
  postMessage(message: unknown, transfer: Transferable[]): void
  addEventListener(type: 'message' | 'error' | 'messageerror', listener: (ev: Event) => void): void
  removeEventListener(type: 'message' | 'error' | 'messageerror', listener: (ev: Event) => void): void
  terminate(): void
}

export interface WorkerSourceOptions {
  /** Starts a fresh model worker; called again after every crash. */
  spawn: () => WorkerLike
  config: BrowserModelConfig
  /**
   * A render that has not settled after this long is taken as a hung worker (a crash that
   * raised no event): the worker is replaced. @default 30 s
   * Far above any frame the levels ask for (a 256x256 frame is ~0.2 s on one CPU core), so only
   * a worker that is really gone trips it.
   */
  renderTimeoutMs?: number
  /** Wait before restarting after a crash; doubles on repeated failures. @default 200 ms */
  restartDelayMs?: number
}

interface Pending {
  reject: (err: Error) => void
}

/** Session creation and load time, for the status line. */
export interface WorkerSourceInfo {
  loadMs: number
  restarts: number
}

/**
 * Frames from the on-device model worker (onnxruntime-web over comlink). One request at a time:
 * a local worker has one core's worth of model, and a queued second request could not be
 * cancelled cheaply once the viewer turns. A crash (an 'error' event, or a render that never
 * settles) rejects what was in flight with SourceUnavailableError, so the selector re-sends it,
 * and a fresh worker is started with the same config.
 */
export class WorkerSource implements FrameSource {
  readonly kind = 'worker'
  readonly maxInFlight = 1
  readonly info: WorkerSourceInfo = { loadMs: 0, restarts: 0 }
  private readonly status$ = new StatusEmitter()
  private worker: WorkerLike | null = null
  private api: Comlink.Remote<Api> | null = null
  private generation = 0
  private readonly pending = new Set<Pending>()
  private disposed = false
  private restartTimer: ReturnType<typeof setTimeout> | null = null
  private failures = 0
  private readonly onError = (ev: Event): void => {
    const msg = (ev as ErrorEvent).message
    this.crashed(msg ? `worker crashed: ${msg}` : 'worker crashed')
  }

  constructor(private readonly options: WorkerSourceOptions) {
    this.start()
  }

  status(): SourceStatus {
    return this.status$.current
  }

  subscribe(listener: (s: SourceStatus) => void): () => void {
    return this.status$.subscribe(listener)
  }

  render(req: FrameRequest, signal?: AbortSignal): Promise<Frame> {
    const api = this.api
    if (!api || this.status$.current.health !== 'ready') {
      return Promise.reject(new SourceUnavailableError('worker', this.status$.current.error ?? 'not ready'))
    }
    if (signal?.aborted) return Promise.reject(new RequestCancelledError(req.id))
    return new Promise<Frame>((resolve, reject) => {
      const timeoutMs = this.options.renderTimeoutMs ?? 30_000
      const p: Pending = { reject }
      const timer = setTimeout(() => this.crashed(`worker did not answer within ${timeoutMs} ms`), timeoutMs)
      const settle = (): void => {
        clearTimeout(timer)
        this.pending.delete(p)
        signal?.removeEventListener('abort', onAbort)
      }
      // The worker cannot stop a running ORT session, so a cancel settles here and the frame,
      // if it still arrives, is dropped; the next request starts as soon as the worker is free.
      const onAbort = (): void => {
        settle()
        reject(new RequestCancelledError(req.id))
      }
      p.reject = (err) => {
        settle()
        reject(err)
      }
      this.pending.add(p)
      signal?.addEventListener('abort', onAbort, { once: true })
      api.render(req).then(
        (frame) => {
          if (!this.pending.has(p)) return
          settle()
          this.failures = 0
          resolve(frame)
        },
        (err: unknown) => {
          if (!this.pending.has(p)) return
          settle()
          reject(err instanceof Error ? err : new Error(String(err)))
        },
      )
    })
  }

  dispose(): void {
    this.disposed = true
    if (this.restartTimer) clearTimeout(this.restartTimer)
    this.failAll('source disposed')
    this.stopWorker()
  }

  private start(): void {
    const generation = ++this.generation
    this.status$.set({ health: 'starting', error: null })
    const worker = this.options.spawn()
    worker.addEventListener('error', this.onError)
    this.worker = worker
    const api = Comlink.wrap<Api>(worker as unknown as Worker)
    this.api = api
    api.load(this.options.config).then(
      (loaded) => {
        if (generation !== this.generation || this.disposed) return
        this.info.loadMs = loaded.loadMs
        this.status$.set({ health: 'ready', modelId: loaded.modelId, backend: loaded.backend, error: null })
      },
      (err: unknown) => {
        if (generation !== this.generation || this.disposed) return
        // A model that cannot load will not load on retry either (bad manifest, missing file).
        this.stopWorker()
        this.status$.set({
          health: 'failed',
          error: `model failed to load: ${err instanceof Error ? err.message : String(err)}`,
        })
      },
    )
  }

  private crashed(reason: string): void {
    if (this.disposed || !this.worker) return
    this.stopWorker()
    this.failAll(reason)
    this.info.restarts++
    this.status$.set({ health: 'failed', error: reason })
    const delay = (this.options.restartDelayMs ?? 200) * 2 ** Math.min(this.failures++, 5)
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null
      if (!this.disposed) this.start()
    }, delay)
  }

  private stopWorker(): void {
    this.generation++
    if (this.api) this.api[Comlink.releaseProxy]()
    this.api = null
    if (this.worker) {
      this.worker.removeEventListener('error', this.onError)
      this.worker.terminate()
    }
    this.worker = null
  }

  private failAll(reason: string): void {
    for (const p of [...this.pending]) p.reject(new SourceUnavailableError('worker', reason))
    this.pending.clear()
  }
}
