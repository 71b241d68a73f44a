import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { FrameModelRuntime } from '../model'
import { manifestEntry } from '../model/manifest'
import { MODELS_DIR, readManifest } from '../model/node-loader'
import { DEFAULT_TRITON_MODEL, prepareModelName } from './triton/model-repository'
import { tritonOrt } from './triton/triton-ort'

export interface TritonRendererOptions {
  /** Triton's HTTP endpoint, e.g. http://127.0.0.1:8000. */
  url: string
  /** Base model name in the Triton repository (see `npm run triton:repo`). */
  model?: string
  /** Manifest model id; default: the manifest's default. */
  modelId?: string
  /** Folder with manifest.json and the .onnx files (used to match stages and validate requests). */
  dir?: string
}

/**
 * The edge server's Triton backend: the shared model runtime with its sessions on Triton. The
 * prepare stage's fields (a few MB) travel with each frame request, since Triton's ONNX backend
 * keeps no state between requests; on one host or a LAN that costs milliseconds.
 */
export const TritonRenderer = {
  async connect(opts: TritonRendererOptions): Promise<FrameModelRuntime> {
    const dir = opts.dir ?? MODELS_DIR
    const entry = manifestEntry(await readManifest(dir), opts.modelId)
    const base = opts.model ?? DEFAULT_TRITON_MODEL
    const names = new Map([[entry.sha256, base]])
    if (entry.prepare) names.set(entry.prepare.sha256, prepareModelName(base))
    return FrameModelRuntime.create({
      ort: tritonOrt(opts.url.replace(/\/+$/, ''), names),
      entry,
      backend: 'triton',
      loadFile: async (name) => new Uint8Array(await readFile(join(dir, name))),
    })
  },
}
