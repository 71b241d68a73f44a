import type { CameraModel } from './camera'

/**
 * Tensor names of the frame-model contract (models/README.md is the full statement).
 *
 * Inputs:
 *  - `pose`       float32 [4, 4]  camera-to-world, row-major (core/pose.ts poseToMatrix)
 *  - `intrinsics` float32 [6]     core/camera.ts intrinsicsOf
 *  - `pixel_uv`   float32 [1, H, W, 2] pixel centres in [0,1]; its shape sets the output size
 *  - `regions`    float32 [MAX_REGIONS, REGION_COLUMNS] core/region.ts packRegionTable, the rows
 *    that reach the camera's place (core/region-reach.ts regionsAround)
 *  - `tile_origin` float32 [2] x, z metres of the tile the camera stands in (core/tile.ts), for
 *    models whose manifest declares `tiles`; fed to the prepare stage and the frame stage alike
 *  - optional context (models whose manifest declares contextFrames > 0):
 *    `context_rgb` float32 [K, H, W, 3] sRGB in [0,1], `context_depth` float32 [K, H, W, 1],
 *    `context_pose` float32 [K, 4, 4]
 * Outputs:
 *  - `rgb`   float32 [1, H, W, 3] sRGB in [0, 1]
 *  - `depth` float32 [1, H, W, 1] metres; <= 0 means sky (no surface)
 */
export const MODEL_INPUTS = {
  pose: 'pose',
  intrinsics: 'intrinsics',
  pixelUv: 'pixel_uv',
  regions: 'regions',
  tileOrigin: 'tile_origin',
  contextRgb: 'context_rgb',
  contextDepth: 'context_depth',
  contextPose: 'context_pose',
} as const

export const MODEL_OUTPUTS = { rgb: 'rgb', depth: 'depth' } as const

/** Outputs a model may add: `material` [1, H, W, 1], a class index per pixel (core/material.ts). */
export const OPTIONAL_MODEL_OUTPUTS = { material: 'material' } as const

/** One model in models/manifest.json. */
export interface ModelManifestEntry {
  /** Stable id, e.g. "reference-world". */
  id: string
  name: string
  version: string
  /** The .onnx file, relative to the manifest. */
  file: string
  /** sha256 of the .onnx file, lowercase hex. */
  sha256: string
  /** Optional stage run once per world version (see models/README.md). */
  prepare?: { file: string; sha256: string }
  /**
   * Tiled preparation: the world is prepared per tile of `span` metres (per world version and
   * tile), and every frame is rendered with the tile its camera stands in (models/README.md).
   */
  tiles?: { span: number }
  units: 'metres'
  axes: 'three.js: right-handed, +Y up, camera looks down -Z'
  cameraModels: CameraModel[]
  /** Inclusive bounds on output width and height, and a multiple they must be. */
  sizes: { min: number; max: number; multipleOf: number }
  /** How many context frames the model takes (0 for none). */
  contextFrames: number
  /** True when identical inputs always give identical outputs. */
  deterministic: boolean
  description?: string
}

export interface ModelManifest {
  contract: 1
  default: string
  models: ModelManifestEntry[]
}
