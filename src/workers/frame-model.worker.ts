/**
 * The on-device model worker: the frame-model runtime on onnxruntime-web, behind the same
 * ModelWorkerApi the edge server's worker thread implements (src/edge/model-thread.ts), over
 * comlink. The session is created once in `load` and kept warm; frames leave with their buffers
 * transferred, never copied.
 */
import * as Comlink from 'comlink'
import type { FrameRequest } from '../core/frame'
import { FrameModelRuntime, loadManifest, manifestEntry, type OrtLike } from '../model'
import { frameTransferables, type ModelWorkerApi } from '../model/worker-api'
import type { BrowserModelConfig, ModelWorkerDebugApi } from './frame-model-config'

let runtime: FrameModelRuntime | null = null

async function fetchBytes(url: URL): Promise<Uint8Array> {
  const res = await fetch(url)
  if (!res.ok) throw new Error(`${url.pathname}: HTTP ${res.status}`)
  return new Uint8Array(await res.arrayBuffer())
}

/** True only for a real adapter: headless Chromium exposes navigator.gpu but returns null here. */
async function hasWebGPU(): Promise<boolean> {
  const gpu = (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu
  if (!gpu) return false
  try {
    return (await gpu.requestAdapter()) != null
  } catch {
    return false
  }
}

/**
 * onnxruntime-web for the chosen backend. The wasm-only entry keeps the 27 MB WebGPU wasm out of
 * the download where it cannot be used. One thread: on few cores a second thread measured slower
 * (STACK-NOTES), and this worker already keeps the main thread free.
 */
async function ortFor(webgpu: boolean): Promise<{ ort: OrtLike; sessionOptions: Record<string, unknown> }> {
  if (webgpu) {
    const ort = await import('onnxruntime-web/webgpu')
    ort.env.wasm.numThreads = 1
    ort.env.logLevel = 'error'
    return { ort, sessionOptions: { executionProviders: ['webgpu'], graphOptimizationLevel: 'all' } }
  }
  const ort = await import('onnxruntime-web/wasm')
  ort.env.wasm.numThreads = 1
  ort.env.logLevel = 'error'
  return { ort, sessionOptions: { executionProviders: ['wasm'], graphOptimizationLevel: 'all' } }
}

async function createRuntime(config: BrowserModelConfig, webgpu: boolean): Promise<FrameModelRuntime> {
  const manifestUrl = new URL(config.manifestUrl)
  const res = await fetch(manifestUrl)
  if (!res.ok) throw new Error(`${manifestUrl.pathname}: HTTP ${res.status}`)
  const entry = manifestEntry(loadManifest(await res.json()), config.modelId)
  const { ort, sessionOptions } = await ortFor(webgpu)
  return FrameModelRuntime.create({
    ort,
    entry,
    sessionOptions,
    backend: webgpu ? 'webgpu' : 'wasm',
    loadFile: (name) => fetchBytes(new URL(name, manifestUrl)),
  })
}

const api: ModelWorkerApi<BrowserModelConfig> & ModelWorkerDebugApi = {
  async load(config) {
    const t0 = performance.now()
    if (runtime) await runtime.dispose()
    runtime = null
    const webgpu = (config.preferWebGPU ?? true) && (await hasWebGPU())
    try {
      runtime = await createRuntime(config, webgpu)
    } catch (err) {
      // A WebGPU adapter that cannot run the graph (missing ops, lost device): wasm always can.
      if (!webgpu) throw err
      runtime = await createRuntime(config, false)
    }
    return { modelId: runtime.modelId, backend: runtime.backend, loadMs: performance.now() - t0 }
  },
  async render(req: FrameRequest) {
    if (!runtime) throw new Error('model not loaded')
    const frame = await runtime.render(req)
    return Comlink.transfer(frame, frameTransferables(frame))
  },
  crash() {
    setTimeout(() => {
      throw new Error('crash drill: the model worker was told to crash')
    }, 0)
  },
}

Comlink.expose(api)
