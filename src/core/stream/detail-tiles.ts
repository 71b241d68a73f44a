import type { Vec3 } from '../pose'
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

/** Keys of the detail tiles of `cell` within `cone` (radians) of `forward`, with their angle. */
export function detailKeysInView(
  tiles: readonly DirectionTile[],
  cell: Vec3,
  forward: Vec3,
  { worldVersion }: { worldVersion: number },
  cone: number,
): { key: FrameKey; angle: number }[] {
  const out: { key: FrameKey; angle: number }[] = []
  tiles.forEach((tile, i) => {
    const angle = angleBetween(tile.forward, forward)
    if (angle <= cone)
      out.push({ key: { worldVersion, cell, dir: DETAIL_DIR0 + i, level: DETAIL_LEVEL }, angle })
  })
  return out
}
