/** The bundled reference model on onnxruntime-node, created once per test file (session creation is the slow part). */
import { loadNodeRuntime } from '../../src/model/node-loader'
import type { FrameModelRuntime } from '../../src/model'

let runtime: Promise<FrameModelRuntime> | null = null

export function loadReferenceRuntime(): Promise<FrameModelRuntime> {
  runtime ??= loadNodeRuntime({ backend: 'node' })
  return runtime
}
