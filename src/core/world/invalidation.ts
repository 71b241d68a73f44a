import type { KeyPredicate } from '../stream/coverage-map'
import { footprintMeetsRect, type Footprint } from '../stream/footprint'
import { keyMeetsFootprint, type KeyGeometry } from '../stream/key-footprint'

/**
 * One predicate for SpatialMemory.invalidate / FrameScheduler.invalidate: a frame key is stale
 * when its frustum may meet any of the footprints (keyMeetsFootprint, conservative). With no
 * footprints it matches nothing, so a no-op edit invalidates nothing.
 */
export function keyPredicateFor(footprints: readonly Footprint[], geo: KeyGeometry): KeyPredicate {
  if (footprints.length === 0) return () => false
  return (key) => footprints.some((f) => keyMeetsFootprint(key, f, geo))
}

/**
 * The splat pages (SplatStore ids `cx,cz`, chunks of `pageSize` metres) whose ground square meets
 * any footprint: the same test SplatStore.removeWhere uses, without touching a store, so a
 * renderer or a storage layer can tell which pages an edit will rewrite. Sorted; malformed ids skipped.
 */
export function affectedPages(
  footprints: readonly Footprint[],
  pageIds: Iterable<string>,
  pageSize: number,
): string[] {
  const out: string[] = []
  for (const id of pageIds) {
    const m = /^(-?\d+),(-?\d+)$/.exec(id)
    if (!m) continue
    const cx = Number(m[1])
    const cz = Number(m[2])
    const x0 = cx * pageSize
    const z0 = cz * pageSize
    if (footprints.some((f) => footprintMeetsRect(f, x0, z0, x0 + pageSize, z0 + pageSize))) out.push(id)
  }
  return out.sort()
}

/** What invalidateChange needs of each consumer (FrameScheduler, SpatialMemory, SplatWorld fit). */
export interface InvalidationTargets {
  scheduler?: { readonly geometry: KeyGeometry; invalidate(what: KeyPredicate, atVersion?: number): unknown }
  /** Needs `geometry` (or a scheduler) to test keys against footprints. */
  memory?: { invalidate(match: KeyPredicate, atVersion?: number): unknown }
  splats?: { removeWhere(f: Footprint): string[] }
  /** Frame geometry for memory when there is no scheduler. @default scheduler.geometry */
  geometry?: KeyGeometry
}

/**
 * Applies an edit's footprints to every consumer at the edit's version: frames whose frustum
 * meets them stop being valid from `version` on (older versions keep theirs), and splats inside
 * them are removed so the next frames refill exactly that space. Returns the changed page ids.
 * Everything outside the footprints is left untouched, byte for byte.
 */
export function invalidateChange(
  change: { version: number; footprints: readonly Footprint[] },
  targets: InvalidationTargets,
): { pages: string[] } {
  const pages = new Set<string>()
  if (change.footprints.length === 0) return { pages: [] }
  const geo = targets.geometry ?? targets.scheduler?.geometry
  if (targets.memory && !geo) throw new TypeError('invalidateChange: memory needs a scheduler or geometry')
  if (geo) {
    const match = keyPredicateFor(change.footprints, geo)
    targets.scheduler?.invalidate(match, change.version)
    targets.memory?.invalidate(match, change.version)
  }
  if (targets.splats)
    for (const f of change.footprints) for (const id of targets.splats.removeWhere(f)) pages.add(id)
  return { pages: [...pages].sort() }
}
