import { done, isQuotaError } from './idb'
import { eachRecord, getAllRecords, getRecord } from './records'
import { manifestKey, STORES, type FrameRecord } from './schema'
import type { StoreContext } from './store-context'

/**
 * What happens when the origin's quota runs out. Frames are regenerable (the model makes them
 * again) and go first; world records, thumbnails and assets are never dropped. Other worlds'
 * frames make room before the open world's, and once storage ran full no more frames are
 * written this session (`message` says so).
 */

export const STORAGE_FULL_MESSAGE =
  'Storage is full: new frames are no longer saved. Your world is kept; unsaved views are generated again after a reload.'

/** Frames stop being saved from now on, and the person is told. */
export function markStorageFull(ctx: StoreContext): void {
  ctx.framesDisabled = true
  ctx.message = STORAGE_FULL_MESSAGE
}

/** Puts a frame, making room once by dropping other worlds' frames. False when it cannot. */
export async function putFrameMakingRoom(ctx: StoreContext, rec: FrameRecord): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const tx = ctx.db.transaction(STORES.frames, 'readwrite')
      tx.objectStore(STORES.frames).put(rec)
      await done(tx)
      return true
    } catch (err) {
      if (!isQuotaError(err)) throw err
      if (attempt === 0) await dropFrames(ctx, (w) => w !== rec.worldId)
    }
  }
  markStorageFull(ctx)
  return false
}

/**
 * Runs a write that must not be lost (a world record, a thumbnail, a file); on a quota error
 * drops regenerable frames, other worlds' first, then this world's, and tries again. When even
 * that is not enough, rejects with an Error that says what could not be saved.
 */
export async function writeMakingRoom(
  ctx: StoreContext,
  worldId: string,
  what: string,
  write: () => Promise<void>,
): Promise<void> {
  const makeRoom = [(w: string) => w !== worldId, () => true]
  for (let attempt = 0; ; attempt++) {
    try {
      await write()
      return
    } catch (err) {
      if (!isQuotaError(err)) throw err
      if (attempt >= makeRoom.length)
        throw new Error(`Storage is full: the ${what} could not be saved. Delete a world to make room.`, {
          cause: err,
        })
      markStorageFull(ctx)
      await dropFrames(ctx, makeRoom[attempt]!)
    }
  }
}

/**
 * Deletes every frame of the worlds `which` selects and empties their manifests in the same
 * transaction, so no manifest ever lists a frame that is gone.
 */
export async function dropFrames(ctx: StoreContext, which: (worldId: string) => boolean): Promise<void> {
  const tx = ctx.db.transaction([STORES.worlds, STORES.manifests, STORES.frames], 'readwrite')
  // Deletes first: under a full quota they make the room the (small) manifest puts then need.
  // A frame too damaged to say its world is dropped too: it is regenerable, and takes room.
  const drop = (c: IDBCursorWithValue): void => {
    c.delete()
    ctx.framesDropped++
  }
  await eachRecord(tx, 'frames', (f, c) => (which(f.worldId) ? drop(c) : undefined), drop)
  for (const rec of await getAllRecords(tx, 'worlds')) {
    if (!which(rec.id)) continue
    const m = await getRecord(tx, 'manifests', manifestKey(rec.id, rec.manifest))
    if (m && (m.frames.length > 0 || m.panorama))
      tx.objectStore(STORES.manifests).put({ ...m, frames: [], panorama: null })
  }
  await done(tx)
}
