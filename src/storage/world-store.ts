import type { Frame } from '../core/frame'
import type { FrameKey } from '../core/stream'
import { Catalogue } from './catalogue'
import { frameIdFor, panoramaIdFor } from './frame-ids'
import { FrameLog, type RestoreTarget } from './frame-log'
import { collectGarbage } from './garbage'
import { openDatabase } from './idb'
import type { StoredChange } from './manifest-carry'
import { StoreContext, type WorldStoreOptions } from './store-context'
import type { WorldData, WorldSummary } from './world-data'
import { WorldSaver } from './world-save'

export type { StoredChange } from './manifest-carry'
export type { RestoreTarget } from './frame-log'
export type { WorldStoreHooks, WorldStoreOptions } from './store-context'
export type { WorldData, WorldSummary } from './world-data'
export { STORAGE_FULL_MESSAGE } from './quota'
export { WORLD_CONFLICT_MESSAGE } from './world-save'

/**
 * Worlds, their frames, thumbnails and assets in IndexedDB: the one object the app holds. The
 * work is done by parts that share one database and one write queue: the catalogue (the
 * gallery's list, names, copies, files), the frame log (frames and the manifests that list
 * them), the saver (world records, refusing a save another tab has overtaken), quota handling
 * (frames go first when storage is full; world records and assets are never dropped) and
 * garbage collection.
 */
export class WorldStore {
  private readonly catalogue: Catalogue
  private readonly frames: FrameLog
  private readonly saver: WorldSaver

  private constructor(private readonly ctx: StoreContext) {
    this.frames = new FrameLog(ctx)
    this.catalogue = new Catalogue(ctx, this.frames)
    this.saver = new WorldSaver(ctx, this.frames)
  }

  /**
   * Opens (creating or migrating) the database. Old-version garbage is collected in the
   * background; `flush()` waits for it.
   */
  static async open(name?: string, options: WorldStoreOptions = {}): Promise<WorldStore> {
    const db = await openDatabase(name)
    const store = new WorldStore(new StoreContext(db, options.hooks))
    // Ask the browser not to evict us under pressure; a refusal (headless, no engagement) is fine.
    void store.requestPersist()
    void store.ctx.queue.runReported(async () => void (await collectGarbage(db)))
    return store
  }

  /** Something the person should know (storage full, a conflict with another tab), or null. */
  get message(): string | null {
    return this.ctx.message
  }

  /** Frames written this session (tests and the bench read it). */
  get framesWritten(): number {
    return this.ctx.framesWritten
  }

  /** Frames deleted to make room (quota), this session. */
  get framesDropped(): number {
    return this.ctx.framesDropped
  }

  /** The world that was open last, or null. */
  loadCurrent(): Promise<WorldData | null> {
    return this.catalogue.loadCurrent()
  }

  /** A saved world by id, or null when there is none (or it was written by a newer app). */
  load(id: string): Promise<WorldData | null> {
    return this.catalogue.load(id)
  }

  /** Every saved world, newest `updatedAt` first, with its stored size and thumbnail. */
  list(): Promise<WorldSummary[]> {
    return this.catalogue.list()
  }

  /** Makes a saved world the one opened on the next start. */
  setCurrent(id: string): Promise<void> {
    return this.catalogue.setCurrent(id)
  }

  /** Renames a world: trimmed; an empty name or one over 80 characters is refused with an Error. */
  async rename(id: string, name: string): Promise<void> {
    return this.catalogue.rename(id, name)
  }

  /**
   * Copies a world under a new id named "<name> (copy)": its record and document, the frames its
   * manifest lists, its thumbnail and assets. Returns the new id. The copy is not made current.
   */
  duplicate(id: string): Promise<string> {
    return this.catalogue.duplicate(id)
  }

  /** Removes a world and everything of it; if it was the current world, none is current after. */
  delete(id: string): Promise<void> {
    return this.catalogue.delete(id)
  }

  /** Stores the world's preview image (replacing the last one). Frames make room if quota is short. */
  saveThumbnail(id: string, image: Blob): Promise<void> {
    return this.catalogue.saveThumbnail(id, image)
  }

  /**
   * Stores a file that is part of a world (an imported splat scene). Never dropped for quota:
   * frames make room first, and when even that is not enough this rejects with a clear Error.
   */
  putAsset(worldId: string, assetId: string, bytes: Blob): Promise<void> {
    return this.catalogue.putAsset(worldId, assetId, bytes)
  }

  /** A world's stored file, or null. */
  getAsset(worldId: string, assetId: string): Promise<Blob | null> {
    return this.catalogue.getAsset(worldId, assetId)
  }

  /** The browser's storage estimate for this origin and whether it is persistent (null: unknown). */
  async usage(): Promise<{ usage: number | null; quota: number | null; persisted: boolean | null }> {
    const storage = (globalThis.navigator as Navigator | undefined)?.storage
    const estimate = await storage?.estimate?.().catch(() => null)
    const persisted = await storage?.persisted?.().catch(() => null)
    return { usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, persisted: persisted ?? null }
  }

  /** Asks the browser not to evict this origin's storage; true when it is (or already was) granted. */
  async requestPersist(): Promise<boolean> {
    const storage = (globalThis.navigator as Navigator | undefined)?.storage
    if (!storage?.persist) return false
    return storage.persist().catch(() => false)
  }

  /**
   * Writes the world record and makes it current. A new version starts a new manifest: with a
   * `change` (an edit), frames whose keys do not meet its footprints are carried over (still
   * valid at the new version, so a reload does not ask the model for them again); without one
   * (a new world, a restyle of everything) it starts empty. Frames no longer listed are deleted.
   *
   * Resolves false, with `message` set, when the stored world is newer than `world` (or at the
   * same version with a different edit log): another tab saved first, and its work is kept.
   * From then on this store writes nothing more of that world (its lineage has split).
   */
  saveWorld(world: WorldData, change?: StoredChange): Promise<boolean> {
    return this.saver.save(world, change)
  }

  /** Resolves true once the frame is on disk (false: not written; see FrameLog.persist). */
  saveFrame(world: WorldData, key: FrameKey, frame: Frame): Promise<boolean> {
    return this.frames.persist(world, frameIdFor(world.id, key), key, frame)
  }

  savePanorama(world: WorldData, frame: Frame): void {
    void this.frames.persist(world, panoramaIdFor(world.id, frame.worldVersion), null, frame)
  }

  /** A frame this store wrote under `key` (its own version), or null when it is gone. */
  loadFrame(world: WorldData, key: FrameKey): Promise<Frame | null> {
    return this.frames.load(world.id, frameIdFor(world.id, key))
  }

  /**
   * Brings a world's frames back into `target`: no model call. Frames made at older versions
   * that the manifest still lists come back under their own keys. Returns how many tile frames
   * came back.
   */
  restore(world: WorldData, target: RestoreTarget): Promise<number> {
    return this.frames.restore(world.id, target)
  }

  /** Resolves when every write queued so far is on disk (manifests included). */
  flush(): Promise<void> {
    return this.frames.flush()
  }

  /**
   * Deletes what no world uses (see garbage.ts); runs once after open. Returns how many frames
   * went.
   */
  collectGarbage(): Promise<number> {
    return collectGarbage(this.ctx.db)
  }

  close(): void {
    this.ctx.db.close()
  }
}
