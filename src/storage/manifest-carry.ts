import { slotId, type KeyGeometry } from '../core/stream'
import type { Footprint } from '../core/stream/footprint'
import { keyPredicateFor } from '../core/world/invalidation'
import { keyFromFrameId } from './frame-ids'

/** What an edit changed, as storage needs it: where, and how frames map onto the ground. */
export interface StoredChange {
  footprints: readonly Footprint[]
  geometry: KeyGeometry
  /**
   * Whether the sky panorama is still valid after the edit (the session keeps it unless the
   * edit reaches the far field). @default false: taken again
   */
  keepPanorama?: boolean
}

/**
 * The frame ids of a manifest that stay valid after an edit: those whose key does not meet any
 * footprint (the same conservative test the session's memory uses, so storage never keeps a
 * frame memory would have thrown away). Ids that do not parse are dropped: regenerable anyway.
 */
export function carryFrames(
  worldId: string,
  ids: readonly string[],
  change: StoredChange,
): { kept: string[]; dropped: string[] } {
  const stale = keyPredicateFor(change.footprints, change.geometry)
  const kept: string[] = []
  const dropped: string[] = []
  for (const id of ids) {
    const key = keyFromFrameId(worldId, id)
    if (key && !stale(key)) kept.push(id)
    else dropped.push(id)
  }
  return { kept, dropped }
}

/**
 * A manifest's ids plus new ones, one frame per slot: a newer frame for a slot replaces an older
 * version's (memory would never read the older one again). Order: existing first, then new.
 */
export function mergeFrameIds(
  worldId: string,
  existing: readonly string[],
  added: readonly string[],
): string[] {
  const bySlot = new Map<string, { id: string; version: number }>()
  for (const id of [...existing, ...added]) {
    const key = keyFromFrameId(worldId, id)
    if (!key) continue
    const slot = slotId(key)
    const prev = bySlot.get(slot)
    if (!prev || key.worldVersion >= prev.version) bySlot.set(slot, { id, version: key.worldVersion })
  }
  return [...new Set([...bySlot.values()].map((e) => e.id))]
}
