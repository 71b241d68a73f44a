/**
 * Which of a world's regions a frame is rendered with. The model's region table has MAX_REGIONS
 * rows, but a world holds up to MAX_WORLD_REGIONS: a region weighs exactly nothing beyond its
 * radius (models/README.md), so a frame only needs the regions that reach the land it can see.
 *
 * The unit is the 512 m square the camera stands in (the reference model's tile, core/tile.ts).
 * Its rows are, in paint order: the base (row 0, under everything); every region whose disc
 * reaches within REGION_REACH of the square (the near fields a tile is prepared over, which are
 * also all a ray crosses before the far field); and, while rows are left, the nearest of the
 * others, which only the coarse far field shows. Every camera in one square gets the same rows,
 * so a place renders the same however it was reached, and a region near two squares is in both.
 * Planning refuses an expansion that would give some square more near regions than the rows
 * (`crowdedSquare`), so the near ones always fit.
 */
import { MAX_REGIONS, type Region } from './region'
import { tileOrigin } from './tile'

/** Most regions a world document holds (its base included). */
export const MAX_WORLD_REGIONS = 256
/** Side of the squares regions are chosen for, metres: the reference model's tile span. */
export const REGION_SQUARE = 512
/**
 * How far past its square a region still counts as near, metres: the reference model prepares
 * its near fields over +-1024 m around the tile's origin (inside this reach of the square), and
 * a frame's rays stop at 1100 m.
 */
export const REGION_REACH = 1024

/** Distance (metres) from (x, z) to the square of half-side `half` centred on `origin`. */
function distanceToSquare(origin: readonly [number, number], half: number, x: number, z: number): number {
  const dx = Math.max(Math.abs(x - origin[0]) - half, 0)
  const dz = Math.max(Math.abs(z - origin[1]) - half, 0)
  return Math.hypot(dx, dz)
}

/** How far the region's disc lies from the near area of the square at `origin` (0: it reaches). */
function gapToNear(region: Pick<Region, 'center' | 'radius'>, origin: readonly [number, number]): number {
  const d = distanceToSquare(origin, REGION_SQUARE / 2 + REGION_REACH, region.center[0], region.center[1])
  return Math.max(d - region.radius, 0)
}

/**
 * The rows for a camera at (x, z): at most MAX_REGIONS regions, base first, in paint order. With
 * too many near regions (a document written elsewhere, not planned here) the latest win, as they
 * paint over the earlier ones.
 */
export function regionsAround(regions: readonly Region[], x: number, z: number): readonly Region[] {
  if (regions.length <= MAX_REGIONS) return regions
  const origin = tileOrigin(x, z, REGION_SQUARE)
  const gaps = regions.map((r) => gapToNear(r, origin))
  const rest = regions.map((_, i) => i).filter((i) => i > 0)
  const near = rest.filter((i) => gaps[i] === 0).slice(-(MAX_REGIONS - 1))
  const far = rest
    .filter((i) => gaps[i]! > 0)
    .sort((a, b) => gaps[a]! - gaps[b]! || a - b)
    .slice(0, MAX_REGIONS - 1 - near.length)
  const chosen = [0, ...near, ...far].sort((a, b) => a - b)
  return chosen.map((i) => regions[i]!)
}

/**
 * A square near which `region` would make more near regions than the table has rows for, as
 * the origin of that square, or null when it fits everywhere it reaches.
 */
export function crowdedSquare(
  regions: readonly Region[],
  region: Pick<Region, 'center' | 'radius'>,
): [number, number] | null {
  const span = REGION_SQUARE
  const reach = span / 2 + REGION_REACH + region.radius
  const [cx, cz] = region.center
  const first = tileOrigin(cx - reach, cz - reach, span)
  const last = tileOrigin(cx + reach, cz + reach, span)
  for (let ox = first[0]; ox <= last[0]; ox += span) {
    for (let oz = first[1]; oz <= last[1]; oz += span) {
      const origin: [number, number] = [ox, oz]
      if (gapToNear(region, origin) > 0) continue
      let near = 1 // the new one
      for (let i = 1; i < regions.length; i++) if (gapToNear(regions[i]!, origin) === 0) near++
      if (near > MAX_REGIONS - 1) return origin
    }
  }
  return null
}
