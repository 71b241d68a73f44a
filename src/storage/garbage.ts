import { done } from './idb'
import { eachRecord, getAllRecords } from './records'
import { manifestKey, STORES } from './schema'

/**
 * Unlisted frames younger than this are left alone by garbage collection: another tab may have
 * written them and not listed them yet (its manifest write is at most MANIFEST_DELAY_MS behind).
 */
export const GARBAGE_GRACE_MS = 60_000

/**
 * Deletes what no world uses: frames its current manifest does not list (old versions, frames
 * an edit invalidated, leftovers of a tab killed mid-save), superseded manifests, and
 * thumbnails, assets and frames of worlds that no longer exist. Unlisted frames of a living
 * world younger than GARBAGE_GRACE_MS are spared. Returns how many frames went.
 */
export async function collectGarbage(db: IDBDatabase, now = Date.now()): Promise<number> {
  const tx = db.transaction(
    [STORES.worlds, STORES.manifests, STORES.frames, STORES.thumbnails, STORES.assets],
    'readwrite',
  )
  // A damaged world record stops the collection (nothing of it is deleted): its frames and
  // files cannot be told from garbage without it.
  const records = await getAllRecords(tx, 'worlds')
  const current = new Set(records.map((r) => manifestKey(r.id, r.manifest)))
  const worlds = new Set(records.map((r) => r.id))
  const listed = new Set<string>()
  await eachRecord(tx, 'manifests', (m, c) => {
    if (!current.has(m.id)) return void c.delete()
    for (const f of m.frames) listed.add(f)
    if (m.panorama) listed.add(m.panorama)
  })
  const cutoff = now - GARBAGE_GRACE_MS
  let removed = 0
  const remove = (c: IDBCursorWithValue): void => {
    c.delete()
    removed++
  }
  await eachRecord(
    tx,
    'frames',
    (f, c) => {
      if (listed.has(f.id)) return
      if (worlds.has(f.worldId) && (f.savedAt ?? 0) > cutoff) return
      remove(c)
    },
    // A damaged frame is regenerable garbage, unless a manifest lists it (a manifest only ever
    // lists frames that exist).
    (c) => (typeof c.primaryKey === 'string' && listed.has(c.primaryKey) ? undefined : remove(c)),
  )
  await eachRecord(tx, 'thumbnails', (t, c) => void (worlds.has(t.worldId) ? undefined : c.delete()))
  await eachRecord(tx, 'assets', (a, c) => void (worlds.has(a.worldId) ? undefined : c.delete()))
  await done(tx)
  return removed
}
