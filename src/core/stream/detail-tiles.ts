import { rotateVec, type Vec3 } from '../pose'
import { angleBetween, makeTiles, type DirectionTile, type TileBand } from './direction-tiles'
import type { FrameKey } from './frame-key'

/**
 * Detail frames: narrow tiles a standing viewer's view is refined with once its 90-degree tiles
 * are in at every level. A 256 px frame over 30 degrees is 8.5 px per degree, about a 960x540
 * desktop view's 7.7 (70-degree lens) and three times a 90-degree tile's 2.8, so the view is drawn
 * from splats about a screen pixel wide instead of four.
 *
 * Keys of detail frames number their directions from DETAIL_DIR0 (a separate index space, so a
 * detail view never shares an id with a wide tile) and carry level DETAIL_LEVEL: finer than any
 * wide level, whatever the wide levels are.
 */
export const DETAIL_DIR0 = 1000
export const DETAIL_LEVEL = 15
export const DETAIL_TILE_FOV_DEG = 30

/**
 * Bands about 25 degrees apart in pitch and around each band, so 30-degree frusta overlap by a few
 * degrees everywhere from the feet to 40 degrees above the horizon; above that is mostly sky,
 * which the panorama draws. 58 tiles.
 */
export const DETAIL_BANDS: readonly TileBand[] = [
  { pitchDeg: 25, count: 14 },
  { pitchDeg: 0, count: 15 },
  { pitchDeg: -25, count: 14 },
  { pitchDeg: -50, count: 10 },
  { pitchDeg: -75, count: 5 },
]

export function makeDetailTiles(): DirectionTile[] {
  return makeTiles(DETAIL_BANDS, DETAIL_TILE_FOV_DEG)
}

export function isDetailKey(key: Pick<FrameKey, 'dir'>): boolean {
  return key.dir >= DETAIL_DIR0
}

/** Rings of directions sampled over a cone, and directions per ring. */
const RINGS = [1 / 3, 2 / 3, 1]
const PER_RING = 24
/** The directions of the last cone sampled, x, y, z each: reused, as it is asked every tick. */
const samples = new Float64Array(3 * (1 + RINGS.length * PER_RING))

/**
 * Directions sampled over a cone of half-angle `cone` about `axis` (into `samples`): the axis,
 * and 24 round each of three rings out to its edge. Neighbours on the outer ring are 11.5
 * degrees apart at a 50-degree cone, under half a 30-degree tile's width, so only a tile that
 * meets the cone in a sliver at its edge can pass between them.
 */
function sampleCone(axis: Vec3, cone: number): Float64Array {
  const n = Math.hypot(axis[0], axis[1], axis[2]) || 1
  const [fx, fy, fz] = [axis[0] / n, axis[1] / n, axis[2] / n]
  // A unit vector across the axis (the axis crossed with up, or with x near the vertical), and
  // a second across both.
  let [ax, ay, az] = Math.abs(fy) < 0.9 ? [-fz, 0, fx] : [0, fz, -fy]
  const an = Math.hypot(ax, ay, az)
  ax /= an
  ay /= an
  az /= an
  const bx = fy * az - fz * ay
  const by = fz * ax - fx * az
  const bz = fx * ay - fy * ax
  samples[0] = fx
  samples[1] = fy
  samples[2] = fz
  let k = 3
  for (const ring of RINGS) {
    const c = Math.cos(cone * ring)
    const s = Math.sin(cone * ring)
    for (let i = 0; i < PER_RING; i++) {
      const x = Math.cos((i * 2 * Math.PI) / PER_RING) * s
      const y = Math.sin((i * 2 * Math.PI) / PER_RING) * s
      samples[k++] = c * fx + x * ax + y * bx
      samples[k++] = c * fy + x * ay + y * by
      samples[k++] = c * fz + x * az + y * bz
    }
  }
  return samples
}

/** A tile's camera right and up axes in world space, worked out once per tile. */
const axesOfTile = new WeakMap<DirectionTile, readonly [Vec3, Vec3]>()

/** Whether any of the directions `dirs` (x, y, z each) lies inside the square frustum of `tile`. */
function tileSeesAny(tile: DirectionTile, dirs: Float64Array): boolean {
  let axes = axesOfTile.get(tile)
  if (!axes)
    axesOfTile.set(tile, (axes = [rotateVec(tile.rotation, [1, 0, 0]), rotateVec(tile.rotation, [0, 1, 0])]))
  const [r, u] = axes
  const f = tile.forward
  const t = Math.tan((tile.fovDeg * Math.PI) / 360)
  for (let k = 0; k < dirs.length; k += 3) {
    const [dx, dy, dz] = [dirs[k]!, dirs[k + 1]!, dirs[k + 2]!]
    const z = f[0] * dx + f[1] * dy + f[2] * dz
    if (!(z > 0)) continue
    if (
      Math.abs(r[0] * dx + r[1] * dy + r[2] * dz) <= t * z &&
      Math.abs(u[0] * dx + u[1] * dy + u[2] * dz) <= t * z
    )
      return true
  }
  return false
}

/**
 * Keys of the detail tiles of `cell` whose frusta meet the cone of half-angle `cone` (radians)
 * about `forward`, with the angle from `forward` to their centres (what they are asked in order
 * of). The test is the frustum, not its centre: a view's lower corners lie under the tiles of the
 * band below the gaze, whose centres are 55-60 degrees off it, and picking by centre left the
 * ground at a standing viewer's feet, either side of straight ahead, drawn from the wide frames'
 * soft splats beside the sharp ones (the README scene's near grass as a sharp T between two soft
 * triangles).
 */
export function detailKeysInView(
  tiles: readonly DirectionTile[],
  cell: Vec3,
  forward: Vec3,
  { worldVersion }: { worldVersion: number },
  cone: number,
): { key: FrameKey; angle: number }[] {
  const dirs = sampleCone(forward, cone)
  const out: { key: FrameKey; angle: number }[] = []
  tiles.forEach((tile, i) => {
    const angle = angleBetween(tile.forward, forward)
    // A tile's frustum reaches its half-diagonal past its centre (21.5 degrees for 30-degree
    // tiles): those centred more than 30 degrees past the cone are not sampled.
    if (angle > cone + Math.PI / 6) return
    if (angle <= cone || tileSeesAny(tile, dirs))
      out.push({ key: { worldVersion, cell, dir: DETAIL_DIR0 + i, level: DETAIL_LEVEL }, angle })
  })
  return out
}
