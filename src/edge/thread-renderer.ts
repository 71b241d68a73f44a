import { Worker } from 'node:worker_threads'
import * as Comlink from 'comlink'
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs'
import type { Frame, FrameRequest } from '../core/frame'
import type { FrameRenderer } from '../core/frame-source'
import type { NodeRuntimeOptions } from '../model/node-loader'
import type { ModelWorkerApi, ModelWorkerInfo } from '../model/worker-api'

type Api = ModelWorkerApi<NodeRuntimeOptions>

/**
 * A FrameRenderer whose model runs in a worker thread. If the thread dies (an ORT abort, out of
 * memory), requests in flight fail with a clear error and the next request starts a new thread.
 */
export class ThreadRenderer implements FrameRenderer {
  private constructor(
    private worker: Worker,
    private api: Comlink.Remote<Api>,
    private readonly info: ModelWorkerInfo,
    private readonly config: NodeRuntimeOptions,
  ) {}

  get modelId(): string {
    return this.info.modelId
  }

  get backend(): string {
    return this.info.backend
  }

  get loadMs(): number {
    return this.info.loadMs
  }

  static async start(config: NodeRuntimeOptions = {}): Promise<ThreadRenderer> {
    const { worker, api, info } = await spawn(config)
    const r = new ThreadRenderer(worker, api, info, config)
    r.watch()
    return r
  }

  async render(req: FrameRequest): Promise<Frame> {
    if (this.dead) await this.respawn()
    let onDeath!: (why: string) => void
    const died = new Promise<never>((_, reject) => {
      onDeath = (why) => reject(new Error(`model thread died: ${why}`))
    })
    this.deathListeners.add(onDeath)
    try {
      return await Promise.race([this.api.render(req), died])
    } finally {
      this.deathListeners.delete(onDeath)
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true
    this.api[Comlink.releaseProxy]()
    await this.worker.terminate()
  }

  private dead = false
  private disposed = false
  private readonly deathListeners = new Set<(why: string) => void>()

  private watch(): void {
    const die = (why: string): void => {
      if (this.disposed) return
      this.dead = true
      for (const l of this.deathListeners) l(why)
    }
    this.worker.on('error', (err) => die(err.message))
    this.worker.on('exit', (code) => die(`exit code ${code}`))
  }

  private async respawn(): Promise<void> {
    const { worker, api } = await spawn(this.config)
    this.worker = worker
    this.api = api
    this.dead = false
    this.watch()
  }
}

async function spawn(
  config: NodeRuntimeOptions,
): Promise<{ worker: Worker; api: Comlink.Remote<Api>; info: ModelWorkerInfo }> {
  // The thread runs the TypeScript source through tsx, as the edge server and the CLI do.
  const worker = new Worker(new URL('./model-thread-bootstrap.mjs', import.meta.url))
  const api = Comlink.wrap<Api>(nodeEndpoint(worker))
  const failed = new Promise<never>((_, reject) => {
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`model thread exited with code ${code} while loading`)))
  })
  const info = await Promise.race([api.load(config), failed])
  return { worker, api, info }
}
