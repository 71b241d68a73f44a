/**
 * The bundled reference model with another render schedule (built by the same builder from the
 * same graph code), or as shipped when none is given: for comparing the shipped march against a
 * naive or careful one.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ModelManifestEntry } from '../../src/core/model-contract'
import { FrameModelRuntime, manifestEntry } from '../../src/model'
import { MODELS_DIR, ortFor, readManifest, type NodeBackend } from '../../src/model/node-loader'
import { buildRender, type RenderOptions } from '../../models/build/render-stage'

export async function loadScheduleRuntime(
  backend: NodeBackend,
  schedule?: RenderOptions,
): Promise<FrameModelRuntime> {
  const shipped = manifestEntry(await readManifest())
  const { ort, sessionOptions } = await ortFor(backend)
  const custom = schedule ? buildRender(shipped.version, schedule).bytes : null
  const entry: ModelManifestEntry = custom ? { ...shipped, file: 'custom-schedule.onnx' } : shipped
  return FrameModelRuntime.create({
    ort,
    entry,
    sessionOptions,
    verifyHashes: !custom,
    loadFile: async (name) =>
      name === 'custom-schedule.onnx' && custom
        ? custom
        : new Uint8Array(await readFile(join(MODELS_DIR, name))),
  })
}
