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

/**
 * Directions sampled over a cone of half-angle `cone` about `axis`: the axis, and 24 around each
 * of three rings out to its edge. Neighbouring samples on the outer ring are 13 degrees apart at
 * a 50-degree cone, under half a 30-degree tile, so no tile the cone meets lies between them.
 */
function coneSamples(axis: Vec3, cone: number): Vec3[] {
  const n = Math.hypot(axis[0], axis[1], axis[2]) || 1
  const f: Vec3 = [axis[0] / n, axis[1] / n, axis[2] / n]
  // Any unit vector across the axis; the second is across both.
  const a: Vec3 = Math.abs(f[1]) < 0.9 ? [0, 1, 0] : [1, 0, 0]
  const r = cross(f, a)
  const rn = Math.hypot(r[0], r[1], r[2])
  const u0: Vec3 = [r[0] / rn, r[1] / rn, r[2] / rn]
  const u1 = cross(f, u0)
  const out: Vec3[] = [f]
  for (const k of [1 / 3, 2 / 3, 1]) {
    const c = Math.cos(cone * k)
    const s = Math.sin(cone * k)
    for (let i = 0; i < 24; i++) {
      const phi = (i * 2 * Math.PI) / 24
      const x = Math.cos(phi) * s
      const y = Math.sin(phi) * s
      out.push([
        c * f[0] + x * u0[0] + y * u1[0],
        c * f[1] + x * u0[1] + y * u1[1],
        c * f[2] + x * u0[2] + y * u1[2],
      ])
    }
  }
  return out
}

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
}

/** Whether direction `d` lies inside the square frustum of `tile`. */
function tileSees(tile: DirectionTile, d: Vec3): boolean {
  const t = Math.tan((tile.fovDeg * Math.PI) / 360)
  const z = tile.forward[0] * d[0] + tile.forward[1] * d[1] + tile.forward[2] * d[2]
  if (!(z > 0)) return false
  const right = rotateVec(tile.rotation, [1, 0, 0])
  const up = rotateVec(tile.rotation, [0, 1, 0])
  const x = right[0] * d[0] + right[1] * d[1] + right[2] * d[2]
  const y = up[0] * d[0] + up[1] * d[1] + up[2] * d[2]
  return Math.abs(x) <= t * z && Math.abs(y) <= t * z
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
  const samples = coneSamples(forward, cone)
  const out: { key: FrameKey; angle: number }[] = []
  tiles.forEach((tile, i) => {
    const angle = angleBetween(tile.forward, forward)
    // A tile's frustum reaches at most its half-diagonal (under 22 degrees for 30-degree tiles)
    // past its centre: the far ones are ruled out before sampling.
    if (angle > cone + Math.PI / 6) return
    if (angle <= cone || samples.some((d) => tileSees(tile, d)))
      out.push({ key: { worldVersion, cell, dir: DETAIL_DIR0 + i, level: DETAIL_LEVEL }, angle })
  })
  return out
}
