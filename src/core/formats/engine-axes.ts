/**
 * Unity and Unreal axes for exported splats and points (docs/coordinates.md has the full table).
 *
 * - Unity: left-handed, +Y up, +Z forward, +X right, metres. From three.js: negate z, so what a
 *   Worldwalk viewer sees straight ahead (-Z) is ahead of a Unity camera (+Z). Rotations
 *   (x, y, z, w) become (-x, -y, z, w).
 * - Unreal: left-handed, +Z up, +X forward, +Y right, centimetres. From three.js: (x, y, z) metres
 *   -> (-z, x, y) * 100.
 *
 * Both mirror handedness, so splat rotations change as described in `changeQuat`.
 */
import type { SplatBatch } from '../lift/splat-batch'
import { changeAxes, changeQuat, mulVec, type AxisChange } from './axes'

export const UNITY_FROM_THREE: AxisChange = { matrix: [1, 0, 0, 0, 1, 0, 0, 0, -1], unitScale: 1 }

export const UNREAL_FROM_THREE: AxisChange = { matrix: [0, 0, -1, 1, 0, 0, 0, 1, 0], unitScale: 100 }

export type Engine = 'unity' | 'unreal'

export function engineAxes(engine: Engine): AxisChange {
  return engine === 'unity' ? UNITY_FROM_THREE : UNREAL_FROM_THREE
}

/** A three.js point (metres) in the engine's axes and units. */
export function pointToEngine(
  engine: Engine,
  p: readonly [number, number, number],
): [number, number, number] {
  const c = engineAxes(engine)
  const v = mulVec(c.matrix, p[0], p[1], p[2])
  return [v[0] * c.unitScale, v[1] * c.unitScale, v[2] * c.unitScale]
}

/** A three.js rotation (x, y, z, w) in the engine's axes (see changeQuat for the local-z flip). */
export function quatToEngine(engine: Engine, q: readonly [number, number, number, number]): number[] {
  return changeQuat(engineAxes(engine), q)
}

/** A copy of the splats in Unity's axes. */
export function toUnity(b: SplatBatch): SplatBatch {
  return changeAxes(b, UNITY_FROM_THREE)
}

/** A copy of the splats in Unreal's axes and centimetres. */
export function toUnreal(b: SplatBatch): SplatBatch {
  return changeAxes(b, UNREAL_FROM_THREE)
}
