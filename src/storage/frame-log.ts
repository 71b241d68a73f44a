import type { Frame } from '../core/frame'
import type { FrameKey } from '../core/stream'
import { decodeFrame, encodeFrame } from './frame-codec'
import { done, isQuotaError, request } from './idb'
import { withLock } from './locks'
import { keyFromFrameId } from './frame-ids'
import { mergeFrameIds } from './manifest-carry'
import { markStorageFull, putFrameMakingRoom } from './quota'
import { getRecord } from './records'
import { manifestKey, STORES, type ManifestRecord } from './schema'
import { worldLock, type StoreContext } from './store-context'

/** Who receives restored frames (the world session). */
export interface RestoreTarget {
  restoreFrame(key: FrameKey, frame: Frame): void
  restorePanorama(frame: Frame): void
  /**
   * False for a frame to leave in storage for now (far from where the viewer opens): it is not
   * read, only listed through `restoreAway`, and read when the viewer comes near. Without it,
   * every frame is read.
   */
  wantsNow?(key: FrameKey): boolean
  restoreAway?(key: FrameKey): void
}

/** How long new frames wait before the manifest listing them is rewritten: batches writes. */
export const MANIFEST_DELAY_MS = 300

/** Frames of one world version written but not listed yet. */
interface PendingBatch {
  worldId: string
  version: number
  ids: string[]
  panorama: string | null
}

/**
 * The frame log: frames are written as they arrive (gzip-compressed), then listed in a manifest
 * written new-then-swapped: the new manifest is put under a new generation and the world record
 * switched to it in the same transaction, so a crash leaves the old list or the new one, never
 * half of one, and a manifest only ever lists frames that exist.
 */
export class FrameLog {
  /** Batches by world and version. */
  private readonly pending = new Map<string, PendingBatch>()
  private manifestTimer: ReturnType<typeof setTimeout> | null = null

  constructor(private readonly ctx: StoreContext) {}

  /**
   * Queues a frame write; the manifest listing it follows within MANIFEST_DELAY_MS. Resolves
   * true once the frame is on disk, false when it was not written (storage full or off, the
   * world's lineage split, a failed write: reported through the store's message).
   */
  persist(
    world: { id: string; version: number },
    id: string,
    key: FrameKey | null,
    frame: Frame,
  ): Promise<boolean> {
    const ctx = this.ctx
    if (ctx.framesDisabled || ctx.diverged.has(world.id)) return Promise.resolve(false)
    // Encode now: the frame's buffers may be transferred or dropped by memory later.
    const encoded = encodeFrame(id, world.id, key, frame)
    const written = ctx.queue.runReported(async () => {
      if (ctx.framesDisabled || ctx.diverged.has(world.id)) return false
      const rec = await encoded
      const ok = await putFrameMakingRoom(ctx, { ...rec, savedAt: Date.now() })
      if (!ok) return false
      ctx.framesWritten++
      const batchId = `${world.id} v${world.version}`
      let batch = this.pending.get(batchId)
      if (!batch)
        this.pending.set(
          batchId,
          (batch = { worldId: world.id, version: world.version, ids: [], panorama: null }),
        )
      if (key) batch.ids.push(id)
      else batch.panorama = id
      this.manifestTimer ??= setTimeout(() => {
        this.manifestTimer = null
        void ctx.queue.runReported(() => this.listPending())
      }, MANIFEST_DELAY_MS)
      return true
    })
    return written.catch(() => false)
  }

  /**
   * One frame by id, decoded, or null where storage no longer has it (or has another world's or
   * a damaged record under that id: it is made again rather than shown wrong).
   */
  async load(worldId: string, id: string): Promise<Frame | null> {
    const tx = this.ctx.db.transaction(STORES.frames, 'readonly')
    const r = await getRecord(tx, 'frames', id).catch(() => undefined)
    if (!r || r.worldId !== worldId) return null
    return decodeFrame(r).catch(() => null)
  }

  /** Forgets a world's unlisted frames (the world is deleted, or its lineage split). */
  forget(worldId: string): void {
    for (const [batchId, b] of [...this.pending]) if (b.worldId === worldId) this.pending.delete(batchId)
  }

  /**
   * Lists pending frames in their worlds' manifests: all worlds, each under its Web Lock, or
   * only `heldWorld`, whose lock the caller already holds (from inside a queued task).
   */
  async listPending(heldWorld?: string): Promise<void> {
    for (const [batchId, b] of [...this.pending]) {
      if (heldWorld !== undefined && b.worldId !== heldWorld) continue
      this.pending.delete(batchId)
      if (this.ctx.diverged.has(b.worldId)) continue
      try {
        if (heldWorld !== undefined) await this.writeManifest(b)
        else await withLock(worldLock(b.worldId), () => this.writeManifest(b))
      } catch (err) {
        // No room even for the list: the frames stay unlisted (collected later) and are made
        // again after a reload. The world record is not touched by this.
        if (!isQuotaError(err)) throw err
        markStorageFull(this.ctx)
      }
    }
  }

  /** Resolves when every write queued so far is on disk (manifests included). */
  async flush(): Promise<void> {
    // Frame writes queued before this call list themselves only once they ran: drain, then list.
    // A timer that fires meanwhile queues its manifest write: wait until the queue stands still.
    for (;;) {
      const still = await this.ctx.queue.settled()
      if (this.manifestTimer) {
        clearTimeout(this.manifestTimer)
        this.manifestTimer = null
        void this.ctx.queue.runReported(() => this.listPending())
      } else if (still) return
    }
  }

  /**
   * Brings a world's frames back into `target`: no model call. Frames made at older versions
   * that the manifest still lists are valid now (an edit did not touch them) and come back under
   * their own keys, which memory treats as valid until an edit closes them. Returns how many
   * tile frames came back.
   */
  async restore(worldId: string, target: RestoreTarget): Promise<number> {
    const tx = this.ctx.db.transaction([STORES.worlds, STORES.manifests, STORES.frames], 'readonly')
    const rec = await getRecord(tx, 'worlds', worldId)
    if (!rec) return 0
    const manifest = await getRecord(tx, 'manifests', manifestKey(worldId, rec.manifest))
    if (!manifest) return 0
    // A frame the target leaves in storage is listed by its key alone (the id holds it): a world
    // explored for kilometres opens with only the frames around the viewer read and decoded.
    const later = (id: string): boolean => {
      const key = keyFromFrameId(worldId, id)
      if (!key || !target.wantsNow || !target.restoreAway || target.wantsNow(key)) return false
      if (key.worldVersion > rec.version) return true
      target.restoreAway(key)
      return true
    }
    const now = manifest.frames.filter((id) => !later(id))
    const ids = manifest.panorama ? [manifest.panorama, ...now] : now
    const records = await Promise.all(ids.map((id) => getRecord(tx, 'frames', id)))
    let n = 0
    for (const r of records) {
      if (!r || r.worldId !== worldId || r.worldVersion > rec.version) continue
      const frame = await decodeFrame(r)
      if (r.key) {
        target.restoreFrame(r.key, frame)
        n++
      } else target.restorePanorama(frame)
    }
    return n
  }

  async deleteFrames(ids: readonly string[]): Promise<void> {
    const tx = this.ctx.db.transaction(STORES.frames, 'readwrite')
    for (const id of ids) tx.objectStore(STORES.frames).delete(id)
    await done(tx)
  }

  /**
   * The new-then-swap manifest write (caller holds the world's lock). Only frames that exist
   * are listed (quota may have dropped some meanwhile); a frame replacing an older version's in
   * the same slot deletes it; frames of a version the record has moved past are left unlisted
   * (garbage, collected later).
   */
  private async writeManifest(b: PendingBatch): Promise<void> {
    const tx = this.ctx.db.transaction([STORES.worlds, STORES.manifests, STORES.frames], 'readwrite')
    const manifests = tx.objectStore(STORES.manifests)
    const frames = tx.objectStore(STORES.frames)
    const rec = await getRecord(tx, 'worlds', b.worldId)
    if (!rec || rec.version !== b.version) {
      tx.abort()
      await done(tx).catch(() => undefined)
      return
    }
    const exists = async (id: string): Promise<boolean> => (await request(frames.getKey(id))) !== undefined
    const added = (await Promise.all(b.ids.map(async (id) => ((await exists(id)) ? id : null)))).filter(
      (id): id is string => id !== null,
    )
    const panorama = b.panorama && (await exists(b.panorama)) ? b.panorama : null
    const old = await getRecord(tx, 'manifests', manifestKey(b.worldId, rec.manifest))
    const merged = mergeFrameIds(b.worldId, old?.frames ?? [], added)
    const next: ManifestRecord = {
      id: manifestKey(b.worldId, rec.manifest + 1),
      worldId: b.worldId,
      worldVersion: rec.version,
      frames: merged,
      panorama: panorama ?? old?.panorama ?? null,
    }
    manifests.put(next)
    tx.objectStore(STORES.worlds).put({ ...rec, manifest: rec.manifest + 1, updatedAt: Date.now() })
    manifests.delete(manifestKey(b.worldId, rec.manifest))
    const keep = new Set(merged)
    for (const id of old?.frames ?? []) if (!keep.has(id)) frames.delete(id)
    if (old?.panorama && next.panorama !== old.panorama) frames.delete(old.panorama)
    await this.ctx.commit(tx)
  }
}
