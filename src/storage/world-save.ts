import { done } from './idb'
import { withLock } from './locks'
import { carryFrames, type StoredChange } from './manifest-carry'
import type { FrameLog } from './frame-log'
import { writeMakingRoom } from './quota'
import { getRecord } from './records'
import { manifestKey, STORAGE_SCHEMA, STORES, type ManifestRecord, type WorldRecord } from './schema'
import { worldLock, type StoreContext } from './store-context'
import { toStoredRegions, type WorldData } from './world-data'

export const WORLD_CONFLICT_MESSAGE =
  'This world was changed in another tab: this tab’s edit was not saved. Reload to continue from the newer version.'

/**
 * Whether `world` may not be written over `stored`: it is older, or at the same version with a
 * different edit log (another tab saved an edit of its own first). Its work is kept, never
 * written over.
 */
export function isStaleSave(stored: WorldRecord | undefined, world: WorldData): boolean {
  if (stored === undefined) return false
  if (world.version < stored.version) return true
  return (
    world.version === stored.version &&
    stored.document !== undefined &&
    world.document !== undefined &&
    JSON.stringify(stored.document) !== JSON.stringify(world.document)
  )
}

/**
 * Saving a world with conflict detection. Writes to one world hold its Web Lock; a save whose
 * version is older than the stored one (another tab got there first) is refused, and from then
 * on this tab writes nothing more of that world (its lineage has split).
 */
export class WorldSaver {
  constructor(
    private readonly ctx: StoreContext,
    private readonly frames: FrameLog,
  ) {}

  /** See WorldStore.saveWorld. */
  save(world: WorldData, change?: StoredChange): Promise<boolean> {
    const ctx = this.ctx
    return ctx.queue.runReported(() =>
      withLock(worldLock(world.id), async () => {
        if (ctx.diverged.has(world.id)) {
          ctx.message = WORLD_CONFLICT_MESSAGE
          return false
        }
        // Frames of the old version that are still pending belong in its manifest before the swap.
        await this.frames.listPending(world.id)
        let outcome: { saved: boolean; dropped: string[] } = { saved: false, dropped: [] }
        await writeMakingRoom(ctx, world.id, 'document', async () => {
          outcome = await this.writeWorldRecord(world, change)
        })
        if (!outcome.saved) {
          ctx.diverged.add(world.id)
          this.frames.forget(world.id)
          ctx.message = WORLD_CONFLICT_MESSAGE
          return false
        }
        if (outcome.dropped.length > 0) await this.frames.deleteFrames(outcome.dropped)
        return true
      }),
    )
  }

  /**
   * The record swap, one transaction: refuses a stale save; for a new version puts the
   * carried-over manifest under a new generation, points the record at it, deletes the old.
   */
  private async writeWorldRecord(
    world: WorldData,
    change: StoredChange | undefined,
  ): Promise<{ saved: boolean; dropped: string[] }> {
    const tx = this.ctx.db.transaction([STORES.worlds, STORES.meta, STORES.manifests], 'readwrite')
    const manifests = tx.objectStore(STORES.manifests)
    const old = await getRecord(tx, 'worlds', world.id)
    if (isStaleSave(old, world)) {
      tx.abort()
      await done(tx).catch(() => undefined)
      return { saved: false, dropped: [] }
    }
    const sameVersion = old?.version === world.version
    const now = Date.now()
    const rec: WorldRecord = {
      schema: STORAGE_SCHEMA,
      id: world.id,
      name: world.name ?? old?.name ?? world.prompt,
      prompt: world.prompt,
      version: world.version,
      regions: toStoredRegions(world),
      createdAt: old?.createdAt ?? now,
      updatedAt: now,
      manifest: sameVersion ? old.manifest : (old?.manifest ?? 0) + 1,
      ...(world.document ? { document: world.document } : {}),
    }
    let dropped: string[] = []
    if (!sameVersion) {
      const prev = old ? await getRecord(tx, 'manifests', manifestKey(world.id, old.manifest)) : undefined
      const carried =
        prev && change
          ? carryFrames(world.id, prev.frames, change)
          : { kept: [], dropped: prev?.frames ?? [] }
      const keepSky = Boolean(prev?.panorama && change?.keepPanorama)
      dropped = [...carried.dropped, ...(prev?.panorama && !keepSky ? [prev.panorama] : [])]
      manifests.put({
        id: manifestKey(world.id, rec.manifest),
        worldId: world.id,
        worldVersion: world.version,
        frames: carried.kept,
        panorama: keepSky ? prev!.panorama : null,
      } satisfies ManifestRecord)
      if (old) manifests.delete(manifestKey(world.id, old.manifest))
    }
    tx.objectStore(STORES.worlds).put(rec)
    tx.objectStore(STORES.meta).put(world.id, 'current')
    await this.ctx.commit(tx)
    return { saved: true, dropped }
  }
}
