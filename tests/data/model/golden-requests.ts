/**
 * Fixed requests whose frames are stored next to this file (rgba bytes, float32 depth, and a PNG
 * to look at). Regenerate with `npx tsx scripts/model-golden.ts` after an intended model change,
 * and look at the PNGs before committing them.
 */
import type { FrameRequest } from '../../../src/core/frame'
import { yawPitchQuat } from '../../../src/core/pose'
import { styleVector } from '../../../src/core/style'

const meadow = styleVector({ relief: 0.4, vegetation: 0.6, water: 0.3, timeOfDay: 0.4 })
const desert = styleVector({
  relief: 0.3,
  ridges: 0.7,
  sand: 1,
  water: 0,
  vegetation: 0.02,
  groundR: 0.75,
  groundG: 0.5,
  groundB: 0.25,
  timeOfDay: 0.72,
})
const forest = styleVector({ relief: 0.6, vegetation: 0.9, ridges: 0.4, fog: 0.4, foliageG: 0.22 })

export interface GoldenCase {
  name: string
  request: FrameRequest
}

export const GOLDEN_CASES: GoldenCase[] = [
  {
    name: 'meadow-perspective-64',
    request: {
      id: 1,
      pose: { position: [0, 1.7, 0], rotation: yawPitchQuat(0.3, -0.05) },
      camera: { model: 'perspective', width: 64, height: 64 },
      worldVersion: 1,
      regions: [{ id: 'meadow', center: [0, 0], radius: 1500, style: meadow, seed: 11 }],
    },
  },
  {
    name: 'desert-equirect-128x64',
    request: {
      id: 2,
      pose: { position: [0, 1.7, 0], rotation: yawPitchQuat(0, 0) },
      camera: { model: 'equirect', width: 128, height: 64 },
      worldVersion: 1,
      regions: [{ id: 'desert', center: [0, 0], radius: 1500, style: desert, seed: 42 }],
    },
  },
  {
    name: 'two-regions-64',
    request: {
      id: 3,
      pose: { position: [0, 30, 0], rotation: yawPitchQuat(-0.6, -0.15) },
      camera: { model: 'perspective', width: 64, height: 64, fovYDeg: 80 },
      worldVersion: 2,
      regions: [
        { id: 'forest', center: [0, 0], radius: 1200, style: forest, seed: 7 },
        { id: 'desert', center: [250, -350], radius: 400, style: desert, seed: 8 },
      ],
    },
  },
]
