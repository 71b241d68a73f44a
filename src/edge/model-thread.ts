/**
 * Worker-thread entry of the edge server: the model runs here so that onnxruntime-node's run,
 * which holds the thread it runs on for the whole frame, never stalls the server's sockets,
 * heartbeats and cancellations.
 */
import { parentPort } from 'node:worker_threads'
import * as Comlink from 'comlink'
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs'
import type { FrameRequest } from '../core/frame'
import { loadNodeRuntime, type NodeRuntimeOptions } from '../model/node-loader'
import type { FrameModelRuntime } from '../model'
import { frameTransferables, type ModelWorkerApi } from '../model/worker-api'

if (!parentPort) throw new Error('model-thread.ts must run in a worker thread')

let runtime: FrameModelRuntime | null = null

const api: ModelWorkerApi<NodeRuntimeOptions> = {
  async load(config) {
    const t0 = performance.now()
    runtime = await loadNodeRuntime(config)
    return { modelId: runtime.modelId, backend: runtime.backend, loadMs: performance.now() - t0 }
  },
  async render(req: FrameRequest) {
    if (!runtime) throw new Error('model not loaded')
    const frame = await runtime.render(req)
    return Comlink.transfer(frame, frameTransferables(frame))
  },
}

Comlink.expose(api, nodeEndpoint(parentPort))
