import { forwardOf, yawPitchQuat, type Quat, type Vec3 } from '../pose'

/** One fixed view direction of a cell; its frames are square perspective frames with `fovDeg`. */
export interface DirectionTile {
  index: number
  yaw: number
  pitch: number
  rotation: Quat
  /** World-space view direction (unit). */
  forward: Vec3
  fovDeg: number
  /** Half the yaw range its frustum spans (radians, up to PI); used for footprints. */
  yawHalfExtent: number
}

/** A band of tiles at one pitch. */
export interface TileBand {
  pitchDeg: number
  /** Tiles around the band, evenly spaced in yaw starting at yaw 0 (looking down -Z). */
  count: number
}

/**
 * Default tiling: 8 tiles at the horizon, 6 at +-50 degrees, one straight up and one straight
 * down; 22 tiles of 90 degrees each. Every direction falls inside at least one frustum with
 * margin, so lifted frames overlap and leave no gaps at tile borders.
 */
export const DEFAULT_BANDS: readonly TileBand[] = [
  { pitchDeg: 0, count: 8 },
  { pitchDeg: 50, count: 6 },
  { pitchDeg: -50, count: 6 },
  { pitchDeg: 90, count: 1 },
  { pitchDeg: -90, count: 1 },
]

export const DEFAULT_TILE_FOV_DEG = 90

/**
 * Yaw half-range of a square frustum pitched by `pitch`: the widest yaw is reached at the frame's
 * top (or bottom) corners, where the ray's horizontal forward component is smallest.
 */
function yawHalfExtentOf(pitch: number, fovDeg: number): number {
  const t = Math.tan((fovDeg * Math.PI) / 360)
  const a = Math.abs(pitch)
  const horizontal = Math.cos(a) - t * Math.sin(a)
  return horizontal <= 1e-9 ? Math.PI : Math.atan(t / horizontal)
}

export function makeTiles(
  bands: readonly TileBand[] = DEFAULT_BANDS,
  fovDeg: number = DEFAULT_TILE_FOV_DEG,
): DirectionTile[] {
  const tiles: DirectionTile[] = []
  for (const band of bands) {
    const pitch = (band.pitchDeg * Math.PI) / 180
    for (let i = 0; i < band.count; i++) {
      const yaw = (i * 2 * Math.PI) / band.count
      const rotation = yawPitchQuat(yaw, pitch)
      tiles.push({
        index: tiles.length,
        yaw,
        pitch,
        rotation,
        forward: forwardOf({ position: [0, 0, 0], rotation }),
        fovDeg,
        yawHalfExtent: yawHalfExtentOf(pitch, fovDeg),
      })
    }
  }
  return tiles
}

export function angleBetween(a: Vec3, b: Vec3): number {
  const la = Math.hypot(a[0], a[1], a[2])
  const lb = Math.hypot(b[0], b[1], b[2])
  if (la === 0 || lb === 0) return Math.PI
  const c = (a[0] * b[0] + a[1] * b[1] + a[2] * b[2]) / (la * lb)
  return Math.acos(Math.min(1, Math.max(-1, c)))
}

export function forwardOfPose(p: { rotation: Quat }): Vec3 {
  return forwardOf({ position: [0, 0, 0], rotation: p.rotation })
}
