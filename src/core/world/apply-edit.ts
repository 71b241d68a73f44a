import { MAX_REGIONS, regionHolds, type Region } from '../region'
import { crowdedSquare, MAX_WORLD_REGIONS, REGION_REACH, REGION_SQUARE } from '../region-reach'
import { STYLE_INDEX, type StyleFeature } from '../style'
import type { ContentEdit, RestyleAreaEdit, StylePatch } from './edit'
import { WorldEditError } from './errors'
import { cloneRegion, regionFromData } from './region-table'

/** Id of a new world's one region; every later region is `r<version>` (unique, and replay-stable). */
export const BASE_REGION_ID = 'base'

/**
 * The region table after one content edit: a pure function of the table, the edit and the new
 * version, which is what makes the log replay to the same document. Untouched regions are passed
 * through as the same objects (never mutated), so their styles stay bit-identical.
 * @throws WorldEditError when the edit cannot apply (the input is left as it was).
 */
export function applyContentEdit(regions: readonly Region[], edit: ContentEdit, version: number): Region[] {
  if (edit.kind !== 'create' && regions.length === 0) {
    throw new WorldEditError('no-world', 'There is no world yet: describe one to create it first.')
  }
  switch (edit.kind) {
    case 'create':
      return [regionFromData(BASE_REGION_ID, edit.region)]
    case 'expand':
      return [...regions, roomFor(regions, regionFromData(`r${version}`, edit.region))]
    case 'remove': {
      const i = regions.findIndex((r) => r.id === edit.regionId)
      if (i < 0) throw new WorldEditError('unknown-region', `There is no region "${edit.regionId}".`)
      if (i === 0) {
        throw new WorldEditError(
          'base-region',
          'The base of the world cannot be removed: create a new world.',
        )
      }
      return regions.filter((_, j) => j !== i)
    }
    case 'restyle':
      return edit.scope === 'world'
        ? regions.map((r) => patched(r, edit.set))
        : restyleArea(regions, edit, version)
  }
}

/**
 * Area restyle: the expansions under the point change; with none there, a new region of the
 * edit's radius takes the look of what it covers plus the patch, and that region's seed, so the
 * terrain keeps its shape. The base region is never restyled by an area edit: it is the world.
 */
function restyleArea(regions: readonly Region[], edit: RestyleAreaEdit, version: number): Region[] {
  const [x, z] = edit.center
  const hit = regions.map((r, i) => i > 0 && regionHolds(r, x, z))
  if (hit.some(Boolean)) return regions.map((r, i) => (hit[i] ? patched(r, edit.set) : r))
  const under = topmostAt(regions, x, z)
  const region = patched(
    { ...cloneRegion(under), id: `r${version}`, center: [x, z], radius: edit.radius },
    edit.set,
  )
  return [...regions, roomFor(regions, region)]
}

/** The region that paints last at (x, z); the nearest edge when none covers it. */
function topmostAt(regions: readonly Region[], x: number, z: number): Region {
  let best = regions[0]!
  let bestGap = Infinity
  for (const r of regions) {
    const gap = Math.hypot(x - r.center[0], z - r.center[1]) - r.radius
    if (gap <= 0 || gap < bestGap) {
      best = r
      bestGap = Math.min(gap, 0)
    }
  }
  return best
}

/** A copy of the region with the patch applied; the same object when the patch changes nothing. */
function patched(r: Region, set: StylePatch): Region {
  const style = r.style.slice()
  for (const [name, value] of Object.entries(set)) style[STYLE_INDEX[name as StyleFeature]] = value
  const same = style.every((v, i) => Object.is(v, r.style[i]))
  return same ? r : { ...cloneRegion(r), style }
}

/**
 * A world holds MAX_WORLD_REGIONS regions, and one place as many as the model's table has rows
 * for (core/region-reach.ts): refusing beats silently dropping a region.
 */
function roomFor(regions: readonly Region[], region: Region): Region {
  if (regions.length >= MAX_WORLD_REGIONS) {
    throw new WorldEditError(
      'too-many-regions',
      `This world already has ${MAX_WORLD_REGIONS} regions, the most it can hold: remove one, undo, or restyle an area that exists.`,
    )
  }
  if (crowdedSquare(regions, region)) throw new WorldEditError('crowded-place', CROWDED_MESSAGE)
  return region
}

/** Said when a place already holds all the areas the model can draw there. */
export const CROWDED_MESSAGE = `This place already has ${MAX_REGIONS - 1} added areas within about ${((REGION_SQUARE / 2 + REGION_REACH) / 1000).toFixed(1)} km, the most one place can hold: undo one, restyle one that is there, or add it farther away.`
