import type { DirectionTile } from './direction-tiles'
import type { CellGrid, FrameKey } from './frame-key'
import type { Footprint } from './footprint'

/** What a key's frame could have seen, for deciding which keys an edit invalidates. */
export interface KeyGeometry {
  grid: CellGrid
  tiles: readonly DirectionTile[]
  /** The tile a key's dir names, where dirs are not all indices into `tiles` (detail tiles). */
  tileOf?: (dir: number) => DirectionTile | undefined
  /**
   * How far a frame is taken to see, metres. @default 200
   * Beyond this, fog and the pixel footprint make an edit's effect on a frame negligible; a
   * larger value invalidates more frames after each edit, a smaller one leaves stale distance.
   */
  maxRange?: number
}

/**
 * Conservative test: true when the key's frustum, seen from its cell centre on the ground plane
 * out to `maxRange`, may meet the footprint. False positives cost a model call; false negatives
 * would leave an edit invisible, so every approximation here errs towards true.
 */
export function keyMeetsFootprint(key: FrameKey, f: Footprint, geo: KeyGeometry): boolean {
  const c = geo.grid.centerOf(key.cell)
  const dx = f.center[0] - c[0]
  const dz = f.center[1] - c[2]
  const d = Math.hypot(dx, dz)
  const nearRadius = f.radius + geo.grid.cellSize
  if (d <= nearRadius) return true
  if (d - f.radius > (geo.maxRange ?? 200)) return false
  const tile = geo.tileOf ? geo.tileOf(key.dir) : geo.tiles[key.dir]
  if (!tile) return true
  // Yaw 0 looks down -Z and positive yaw turns towards -X (core/pose.ts yawQuat).
  const yawTo = Math.atan2(-dx, -dz)
  let diff = Math.abs(yawTo - tile.yaw) % (2 * Math.PI)
  if (diff > Math.PI) diff = 2 * Math.PI - diff
  return diff <= tile.yawHalfExtent + Math.asin(Math.min(1, nearRadius / d))
}
