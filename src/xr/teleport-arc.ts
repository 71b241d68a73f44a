import { createGroundHit, type Ground, type GroundHit, type Vec3Like } from '../core/ground/ground'

/**
 * The teleport arc: a thrown-ball parabola from the controller that lands where the person may go.
 * Pure and allocation-free after creation (traced every frame while aiming).
 */

/** Launch speed (m/s): about 10 m of reach on flat ground when aimed 45 degrees up. */
export const ARC_SPEED = 10
/** Gravity of the arc (m/s^2); real gravity makes the curve look natural. */
export const ARC_GRAVITY = 9.8
/** Time step between arc samples (s): ~0.5 m segments at launch speed. */
export const ARC_STEP = 0.05
/**
 * Longest flight (s). It bounds the reach, and it makes an arc aimed steeply at the sky end in mid-air
 * (invalid) instead of falling back on the person's own feet.
 */
export const ARC_MAX_TIME = 2
/** Steepest ground one may land on (degrees from level): no teleporting onto cliff faces. */
export const MAX_LANDING_SLOPE_DEG = 40

export const ARC_MAX_POINTS = Math.ceil(ARC_MAX_TIME / ARC_STEP) + 1

/** Why an arc cannot be used: nothing hit (sky, unexplored), water, or too steep. */
export type ArcFailure = 'sky' | 'water' | 'steep'

export interface ArcResult {
  /** Sample points x, y, z, ... (the last one is the landing point when there is a hit). */
  points: Float32Array
  count: number
  valid: boolean
  failure: ArcFailure | null
  /** The surface hit (only meaningful when `hit` is true). */
  landing: GroundHit
  hit: boolean
}

export function createArcResult(): ArcResult {
  return {
    points: new Float32Array(ARC_MAX_POINTS * 3),
    count: 0,
    valid: false,
    failure: null,
    landing: createGroundHit(),
    hit: false,
  }
}

const segStart = { x: 0, y: 0, z: 0 }
const segDir = { x: 0, y: 0, z: 0 }
const MIN_NORMAL_Y = Math.cos((MAX_LANDING_SLOPE_DEG * Math.PI) / 180)

/**
 * Traces the arc from `start` along unit `dir` against `ground`, segment by segment, and fills `out`.
 * Valid only when it lands on ground (not water, not too steep) within the flight time.
 */
export function traceArc(ground: Ground, start: Vec3Like, dir: Vec3Like, out: ArcResult): ArcResult {
  const vx = dir.x * ARC_SPEED
  const vy = dir.y * ARC_SPEED
  const vz = dir.z * ARC_SPEED
  const pts = out.points
  pts[0] = start.x
  pts[1] = start.y
  pts[2] = start.z
  out.count = 1
  out.hit = false
  out.valid = false
  out.failure = 'sky'
  for (let i = 1; i < ARC_MAX_POINTS; i++) {
    const t = i * ARC_STEP
    const x = start.x + vx * t
    const y = start.y + vy * t - 0.5 * ARC_GRAVITY * t * t
    const z = start.z + vz * t
    const px = pts[(i - 1) * 3]!
    const py = pts[(i - 1) * 3 + 1]!
    const pz = pts[(i - 1) * 3 + 2]!
    const len = Math.hypot(x - px, y - py, z - pz)
    segStart.x = px
    segStart.y = py
    segStart.z = pz
    segDir.x = (x - px) / len
    segDir.y = (y - py) / len
    segDir.z = (z - pz) / len
    const hit = ground.raycast(segStart, segDir, len, out.landing)
    if (hit) {
      pts[i * 3] = hit.point.x
      pts[i * 3 + 1] = hit.point.y
      pts[i * 3 + 2] = hit.point.z
      out.count = i + 1
      out.hit = true
      if (hit.kind === 'water') out.failure = 'water'
      else if (hit.normal.y < MIN_NORMAL_Y) out.failure = 'steep'
      else out.failure = null
      out.valid = out.failure === null
      return out
    }
    pts[i * 3] = x
    pts[i * 3 + 1] = y
    pts[i * 3 + 2] = z
    out.count = i + 1
  }
  return out
}
