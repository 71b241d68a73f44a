/** Small deterministic inputs shared by tests: requests, frames and a seeded PRNG. */
import type { Frame, FrameRequest } from '../../src/core/frame'
import { yawQuat } from '../../src/core/pose'
import { styleVector } from '../../src/core/style'

/** Seeded PRNG, so fuzz and synthetic data are reproducible. */
import { seededRandom as rng } from '../../src/core/random'
export { rng }

export function sampleRequest(id = 1, over: Partial<FrameRequest> = {}): FrameRequest {
  return {
    id,
    pose: { position: [3, 1.7, -2], rotation: yawQuat(0.4) },
    camera: { model: 'perspective', width: 64, height: 48, fovYDeg: 70 },
    worldVersion: 3,
    regions: [
      { id: 'base', center: [0, 0], radius: 400, seed: 11, style: styleVector() },
      {
        id: 'lake',
        center: [40, -60],
        radius: 80,
        seed: 12,
        style: styleVector({ water: 0.9, relief: 0.1 }),
      },
    ],
    ...over,
  }
}

export function sampleFrame(req: FrameRequest = sampleRequest(), seed = 5): Frame {
  const { width, height } = req.camera
  const next = rng(seed)
  const rgba = new Uint8Array(width * height * 4)
  for (let i = 0; i < rgba.length; i++) rgba[i] = i % 4 === 3 ? 255 : Math.floor(next() * 256)
  const depth = new Float32Array(width * height)
  for (let i = 0; i < depth.length; i++) depth[i] = i % 7 === 0 ? 0 : 1 + next() * 300
  return {
    requestId: req.id,
    pose: req.pose,
    camera: req.camera,
    worldVersion: req.worldVersion,
    modelId: 'test-model',
    modelMs: 12.5,
    rgba,
    depth,
  }
}
