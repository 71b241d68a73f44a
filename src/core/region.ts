import { STYLE_DIM, type StyleVector } from './style'

/**
 * A region of the world: a place with its own style. Regions blend smoothly at their borders
 * (weights fall off from each centre over `radius`, then are normalised), so the world has no
 * seams. The first region is the whole world's base; expansions add more.
 */
export interface Region {
  id: string
  /** Centre on the ground plane, world metres (x, z). */
  center: [number, number]
  /** Radius of influence in metres. */
  radius: number
  style: StyleVector
  /** Seed for this region's noise; integer in [0, 2^16). */
  seed: number
}

/** Whether a region's disc holds the ground point (x, z). */
export function regionHolds(r: Region, x: number, z: number): boolean {
  return Math.hypot(x - r.center[0], z - r.center[1]) <= r.radius
}

/**
 * The region that paints last at a ground point: the last whose disc holds it, or the base (the
 * first, which is the whole world) where none does.
 */
export function topmostRegionAt(regions: readonly Region[], x: number, z: number): Region {
  let top = regions[0]!
  for (const r of regions) if (regionHolds(r, x, z)) top = r
  return top
}

/** Rows in the `regions` model input; unused rows have weight 0. */
export const MAX_REGIONS = 8
/** Columns before the style vector: [active, centerX, centerZ, radius, seed]. */
export const REGION_HEADER = 5
export const REGION_COLUMNS = REGION_HEADER + STYLE_DIM

/** Packs regions into the `regions` input, float32 [MAX_REGIONS, REGION_COLUMNS]. */
export function packRegionTable(regions: readonly Region[]): Float32Array {
  if (regions.length === 0) throw new RangeError('a world needs at least one region')
  if (regions.length > MAX_REGIONS) {
    throw new RangeError(`a world holds at most ${MAX_REGIONS} regions, got ${regions.length}`)
  }
  const table = new Float32Array(MAX_REGIONS * REGION_COLUMNS)
  regions.forEach((r, i) => {
    if (r.style.length !== STYLE_DIM)
      throw new RangeError(`region ${r.id}: style must have ${STYLE_DIM} values`)
    if (![r.center[0], r.center[1], r.radius, r.seed].every(Number.isFinite) || r.radius <= 0) {
      throw new RangeError(`region ${r.id}: centre, radius and seed must be finite and radius > 0`)
    }
    const row = i * REGION_COLUMNS
    table[row] = 1
    table[row + 1] = r.center[0]
    table[row + 2] = r.center[1]
    table[row + 3] = r.radius
    table[row + 4] = r.seed
    table.set(r.style, row + REGION_HEADER)
  })
  return table
}

/**
 * A packed table cut to a model that declares fewer columns: one built before later style
 * features were appended reads the columns it knows (core/style.ts LEGACY_STYLE_DIMS).
 */
export function narrowRegionTable(table: Float32Array, columns: number): Float32Array {
  if (columns === REGION_COLUMNS) return table
  const out = new Float32Array(MAX_REGIONS * columns)
  for (let i = 0; i < MAX_REGIONS; i++) {
    out.set(table.subarray(i * REGION_COLUMNS, i * REGION_COLUMNS + columns), i * columns)
  }
  return out
}
