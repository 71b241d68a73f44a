import type { Frame, FrameRequest } from '../core/frame'

/** What a model worker reports once its session is ready. */
export interface ModelWorkerInfo {
  modelId: string
  backend: string
  /** Session creation time (wasm compile, graph optimisation), ms. */
  loadMs: number
}

/**
 * The API a model worker exposes over comlink: the browser's dedicated worker (onnxruntime-web)
 * and the edge server's worker thread (onnxruntime-node) both implement it, so a frame source does
 * not care where the model runs. `load` takes whatever that worker needs to find its model.
 */
export interface ModelWorkerApi<LoadConfig> {
  load(config: LoadConfig): Promise<ModelWorkerInfo>
  render(req: FrameRequest): Promise<Frame>
}

/** Buffers of a frame that can move between threads without a copy. */
export function frameTransferables(frame: Frame): ArrayBuffer[] {
  const buffers = [frame.rgba.buffer as ArrayBuffer, frame.depth.buffer as ArrayBuffer]
  if (frame.material) buffers.push(frame.material.buffer as ArrayBuffer)
  return buffers
}
