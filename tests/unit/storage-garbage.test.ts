import { describe, expect, it } from 'vitest'
import { freshDbName, rawAll, rawPut, testFrame, worldData } from './storage-support'
import { encodeFrame } from '../../src/storage/frame-codec'
import { frameIdFor } from '../../src/storage/frame-ids'
import { GARBAGE_GRACE_MS, collectGarbage } from '../../src/storage/garbage'
import { openDatabase } from '../../src/storage/idb'
import { manifestKey } from '../../src/storage/schema'
import { WorldStore } from '../../src/storage/world-store'

const key = (v: number, x: number) => ({
  worldVersion: v,
  cell: [x, 0, 0] as [number, number, number],
  dir: 0,
  level: 0,
})

async function frameRecord(worldId: string, v: number, x: number, savedAt: number) {
  return {
    ...(await encodeFrame(frameIdFor(worldId, key(v, x)), worldId, key(v, x), testFrame(v, x))),
    savedAt,
  }
}

describe('garbage collection', () => {
  it('deletes unlisted old frames and leftovers of deleted worlds, and spares young unlisted frames', async () => {
    const name = freshDbName('gc')
    const store = await WorldStore.open(name)
    const w = worldData('wlive')
    await store.saveWorld(w)
    void store.saveFrame(w, key(1, 0), testFrame(1, 0))
    await store.flush()
    store.close()

    const db = await openDatabase(name)
    const now = 1_000_000_000
    const young = now - GARBAGE_GRACE_MS / 2
    const old = now - GARBAGE_GRACE_MS - 1
    await rawPut(db, 'frames', [
      // Another tab wrote these and has not listed them yet: kept.
      await frameRecord('wlive', 1, 1, young),
      // Unlisted and older than the grace: garbage.
      await frameRecord('wlive', 1, 2, old),
      // From before frames carried a time: garbage when unlisted.
      { ...(await frameRecord('wlive', 1, 3, 0)), savedAt: undefined },
      // A world that no longer exists: garbage however young.
      await frameRecord('wgone', 1, 0, young),
      // Damaged beyond reading: regenerable garbage.
      { id: 'wlive/damaged', worldId: 'wlive', rgba: 'not a blob' },
    ])
    await rawPut(db, 'manifests', [
      { id: manifestKey('wlive', 1), worldId: 'wlive', worldVersion: 1, frames: [], panorama: null },
    ])
    await rawPut(db, 'thumbnails', [
      { worldId: 'wgone', image: new Blob([new Uint8Array(4)]) },
      { worldId: 'wlive', image: new Blob([new Uint8Array(4)]) },
    ])
    await rawPut(db, 'assets', [{ id: 'wgone/a.spz', worldId: 'wgone', assetId: 'a.spz', bytes: new Blob() }])

    expect(await collectGarbage(db, now)).toBe(4)
    const frames = ((await rawAll(db, 'frames')) as { id: string }[]).map((f) => f.id).sort()
    expect(frames).toEqual([frameIdFor('wlive', key(1, 0)), frameIdFor('wlive', key(1, 1))])
    // Only the manifest the record points at survives (the listing made generation 2).
    expect(((await rawAll(db, 'manifests')) as { id: string }[]).map((m) => m.id)).toEqual([
      manifestKey('wlive', 2),
    ])
    expect(((await rawAll(db, 'thumbnails')) as { worldId: string }[]).map((t) => t.worldId)).toEqual([
      'wlive',
    ])
    expect(await rawAll(db, 'assets')).toEqual([])

    // Once the grace is over the unlisted young frame goes too; the listed one never does.
    expect(await collectGarbage(db, now + GARBAGE_GRACE_MS)).toBe(1)
    expect(((await rawAll(db, 'frames')) as { id: string }[]).map((f) => f.id)).toEqual([
      frameIdFor('wlive', key(1, 0)),
    ])
    db.close()
  })

  it('a damaged world record stops the collection: nothing of any world is deleted', async () => {
    const name = freshDbName('gc-damaged')
    const db = await openDatabase(name)
    await rawPut(db, 'worlds', [{ id: 'wodd', schema: 2, prompt: 'x', version: 1 }])
    await rawPut(db, 'frames', [await frameRecord('wodd', 1, 0, 0)])
    await expect(collectGarbage(db, Date.now())).rejects.toThrow(/stored worlds record .* is damaged/)
    expect(await rawAll(db, 'frames')).toHaveLength(1)
    db.close()
  })
})
