/**
 * The manifest entry of the bundled reference model: what the runtime validates requests against
 * and what a replacement model must declare in the same shape (models/README.md).
 */
import type { ModelManifest } from '../../src/core/model-contract'
import { TILE_SPAN } from './world-layout'

export const REFERENCE_ID = 'reference-world'

export function referenceManifest(built: {
  version: string
  file: string
  sha256: string
  prepare: { file: string; sha256: string }
}): ModelManifest {
  return {
    contract: 1,
    default: REFERENCE_ID,
    models: [
      {
        id: REFERENCE_ID,
        name: 'Worldwalk reference world (procedural)',
        version: built.version,
        file: built.file,
        sha256: built.sha256,
        prepare: built.prepare,
        tiles: { span: TILE_SPAN },
        units: 'metres',
        axes: 'three.js: right-handed, +Y up, camera looks down -Z',
        cameraModels: ['perspective', 'equirect'],
        sizes: { min: 16, max: 2048, multipleOf: 8 },
        contextFrames: 0,
        deterministic: true,
        description:
          'Procedural outdoor world as an ONNX graph (terrain, water, vegetation, sky, fog, time of day), ' +
          'styled by the region table. Bundled because no learned world-model weights can be redistributed; ' +
          'any model that follows models/README.md replaces it.',
      },
    ],
  }
}
