import type { CameraSpec } from '../camera'
import type { Frame } from '../frame'
import { rotateVec, type Pose, type Vec3 } from '../pose'
import { pixelRays } from './pixel-rays'

/** Where a ray meets a synthetic scene: distance along the unit ray, and an sRGB colour 0..255. */
export interface SceneHit {
  t: number
  rgb: [number, number, number]
}

/** A scene for tests and benches: returns the nearest hit of a world ray, or null for sky. */
export type SyntheticScene = (origin: Vec3, dir: Vec3) => SceneHit | null

/** A horizontal plane at height `y` with a 1 m checkerboard, so colours vary with position. */
export function groundPlane(y = 0): SyntheticScene {
  return (o, d) => {
    if (d[1] >= -1e-9) return null
    const t = (y - o[1]) / d[1]
    if (!(t > 0)) return null
    const x = o[0] + d[0] * t
    const z = o[2] + d[2] * t
    const c = (Math.floor(x) + Math.floor(z)) & 1 ? 200 : 60
    return { t, rgb: [c, 120, 255 - c] }
  }
}

/**
 * Renders a frame of a scene by casting one ray per pixel centre, with the depth convention of
 * core/frame.ts: z-depth for perspective, ray distance for equirect, 0 for sky. Plain math, so
 * lifting can be tested against exact geometry without a model.
 */
export function renderSyntheticFrame(
  scene: SyntheticScene,
  pose: Pose,
  camera: CameraSpec,
  requestId = 0,
): Frame {
  const { width: w, height: h } = camera
  const { units } = pixelRays(camera)
  const rgba = new Uint8Array(4 * w * h)
  const depth = new Float32Array(w * h)
  for (let i = 0; i < w * h; i++) {
    const local: Vec3 = [units[3 * i], units[3 * i + 1], units[3 * i + 2]]
    const hit = scene(pose.position, rotateVec(pose.rotation, local))
    rgba[4 * i + 3] = 255
    if (!hit) continue
    // Perspective depth is along the view axis: the unit ray's -z component scales the distance.
    depth[i] = camera.model === 'perspective' ? hit.t * -local[2] : hit.t
    rgba[4 * i] = hit.rgb[0]
    rgba[4 * i + 1] = hit.rgb[1]
    rgba[4 * i + 2] = hit.rgb[2]
  }
  return { requestId, pose, camera, worldVersion: 0, modelId: 'synthetic', rgba, depth, modelMs: 0 }
}
