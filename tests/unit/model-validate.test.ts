/** Request validation: each bad field is rejected with a FrameRequestError that names it. */
import { describe, expect, it } from 'vitest'
import type { FrameRequest } from '../../src/core/frame'
import type { ModelManifestEntry } from '../../src/core/model-contract'
import { styleVector } from '../../src/core/style'
import { FrameRequestError, validateFrameRequest } from '../../src/model'

const entry: ModelManifestEntry = {
  id: 'm',
  name: 'm',
  version: '1',
  file: 'm.onnx',
  sha256: '0'.repeat(64),
  units: 'metres',
  axes: 'three.js: right-handed, +Y up, camera looks down -Z',
  cameraModels: ['perspective'],
  sizes: { min: 16, max: 256, multipleOf: 8 },
  contextFrames: 1,
  deterministic: true,
}

const good: FrameRequest = {
  id: 1,
  pose: { position: [0, 1.7, 0], rotation: [0, 0, 0, 1] },
  camera: { model: 'perspective', width: 64, height: 32 },
  worldVersion: 0,
  regions: [{ id: 'a', center: [0, 0], radius: 100, style: styleVector(), seed: 1 }],
}

function errorOf(req: unknown): FrameRequestError {
  try {
    validateFrameRequest(req as FrameRequest, entry)
  } catch (err) {
    expect(err).toBeInstanceOf(FrameRequestError)
    return err as FrameRequestError
  }
  throw new Error('expected a FrameRequestError')
}

describe('validateFrameRequest', () => {
  it('accepts a good request', () => {
    expect(() => validateFrameRequest(good, entry)).not.toThrow()
  })

  it.each<[string, Partial<FrameRequest> | Record<string, unknown>, string]>([
    ['NaN position', { pose: { position: [0, Number.NaN, 0], rotation: [0, 0, 0, 1] } }, 'pose.position'],
    ['infinite rotation', { pose: { position: [0, 0, 0], rotation: [0, 0, Infinity, 1] } }, 'pose.rotation'],
    ['non-unit quaternion', { pose: { position: [0, 0, 0], rotation: [0, 0, 0, 2] } }, 'pose.rotation'],
    ['far position', { pose: { position: [2e6, 0, 0], rotation: [0, 0, 0, 1] } }, 'pose.position'],
    ['short position', { pose: { position: [0, 0], rotation: [0, 0, 0, 1] } }, 'pose.position'],
    ['unsupported camera', { camera: { model: 'equirect', width: 64, height: 32 } }, 'camera.model'],
    ['too small', { camera: { model: 'perspective', width: 8, height: 32 } }, 'camera.width'],
    ['too big', { camera: { model: 'perspective', width: 64, height: 512 } }, 'camera.height'],
    ['not a multiple', { camera: { model: 'perspective', width: 60, height: 32 } }, 'camera.width'],
    ['fractional size', { camera: { model: 'perspective', width: 64.5, height: 32 } }, 'camera.width'],
    ['bad fov', { camera: { model: 'perspective', width: 64, height: 32, fovYDeg: 180 } }, 'camera.fovYDeg'],
    ['negative world version', { worldVersion: -1 }, 'worldVersion'],
    ['no regions', { regions: [] }, 'regions'],
    ['NaN id', { id: Number.NaN }, 'id'],
  ])('rejects %s', (_name, patch, field) => {
    expect(errorOf({ ...good, ...patch }).field).toBe(field)
  })

  it('rejects bad regions, naming the region and field', () => {
    const r = good.regions[0]!
    expect(errorOf({ ...good, regions: Array(257).fill(r) }).field).toBe('regions')
    expect(errorOf({ ...good, regions: [{ ...r, radius: 0 }] }).field).toBe('regions[0].radius')
    expect(errorOf({ ...good, regions: [r, { ...r, seed: 70000 }] }).field).toBe('regions[1].seed')
    expect(errorOf({ ...good, regions: [{ ...r, center: [0, Number.NaN] }] }).field).toBe('regions[0].center')
    const style = styleVector()
    style[3] = 1.5
    expect(errorOf({ ...good, regions: [{ ...r, style }] }).message).toMatch(/regions\[0\]\.style: feature 3/)
    expect(errorOf({ ...good, regions: [{ ...r, style: new Float32Array(3) }] }).field).toBe(
      'regions[0].style',
    )
  })

  it('checks context frames against the model', () => {
    const frame = {
      requestId: 0,
      pose: good.pose,
      camera: { model: 'perspective' as const, width: 2, height: 2 },
      worldVersion: 0,
      modelId: 'x',
      rgba: new Uint8Array(16),
      depth: new Float32Array(4),
      modelMs: 0,
    }
    expect(() => validateFrameRequest({ ...good, context: [frame] }, entry)).not.toThrow()
    expect(errorOf({ ...good, context: [frame, frame] }).field).toBe('context')
    expect(errorOf({ ...good, context: [{ ...frame, rgba: new Uint8Array(3) }] }).field).toBe(
      'context[0].rgba',
    )
  })
})
