import type { Frame } from '../core/frame'
import type { FrameKey } from '../core/stream'
import type { WorldDocumentJson } from '../core/world'
import { frameIdFor, panoramaIdFor, rehomeFrameId } from './frame-ids'
import { decodeFrame, encodeFrame } from './frame-codec'
import { done, isQuotaError, openDatabase, request } from './idb'
import { withLock } from './locks'
import { carryFrames, mergeFrameIds, type StoredChange } from './manifest-carry'
import {
  STORAGE_SCHEMA,
  STORES,
  type AssetRecord,
  type FrameRecord,
  type ManifestRecord,
  type StoredRegion,
  type ThumbnailRecord,
  type WorldRecord,
} from './schema'
import { copyName, validWorldName } from './world-name'

export type { StoredChange } from './manifest-carry'

/** The world as the app holds it (structurally app/world-session's WorldSpec). */
export interface WorldData {
  id: string
  /** What the gallery shows. Absent on save: the stored name is kept (the prompt for a new world). */
  name?: string
  prompt: string
  version: number
  regions: readonly {
    id: string
    center: [number, number]
    radius: number
    style: Float32Array
    seed: number
  }[]
  /** The edit log, when the world has one (absent in records from before edits). */
  document?: WorldDocumentJson
}

/** One saved world as the gallery lists it. */
export interface WorldSummary {
  id: string
  name: string
  prompt: string
  createdAt: number
  updatedAt: number
  version: number
  /** Tile frames stored for the world's current version (the sky panorama not counted). */
  frames: number
  /** Stored bytes: compressed frames listed by its manifest, the record, the thumbnail and assets. */
  bytes: number
  thumbnail: Blob | null
}

/** Who receives restored frames (the world session). */
export interface RestoreTarget {
  restoreFrame(key: FrameKey, frame: Frame): void
  restorePanorama(frame: Frame): void
}

/** How long new frames wait before the manifest listing them is rewritten: batches writes. */
const MANIFEST_DELAY_MS = 300
/**
 * Unlisted frames younger than this are left alone by garbage collection: another tab may have
 * written them and not listed them yet (its manifest write is at most MANIFEST_DELAY_MS behind).
 */
const GARBAGE_GRACE_MS = 60_000

export const STORAGE_FULL_MESSAGE =
  'Storage is full: new frames are no longer saved. Your world is kept; unsaved views are generated again after a reload.'
export const WORLD_CONFLICT_MESSAGE =
  'This world was changed in another tab: this tab’s edit was not saved. Reload to continue from the newer version.'

/** A frame record's stored size (its compressed pixels and depth; the pose is noise next to them). */
function frameBytes(f: FrameRecord): number {
  return f.rgba.size + f.depth.size
}

function lockName(worldId: string): string {
  return `worldwalk:world:${worldId}`
}

/** Every key of an id-prefixed family, e.g. all manifests `${worldId}@…`. */
function prefixRange(prefix: string): IDBKeyRange {
  return IDBKeyRange.bound(prefix, `${prefix}\uffff`)
}

function newWorldId(): string {
  return `w${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`
}

function toWorldData(rec: WorldRecord): WorldData {
  return {
    id: rec.id,
    name: rec.name ?? rec.prompt,
    prompt: rec.prompt,
    version: rec.version,
    regions: rec.regions.map((r) => ({ ...r, style: Float32Array.from(r.style) })),
    ...(rec.document ? { document: rec.document } : {}),
  }
}

/** Iterates a cursor to its end, calling `visit` on each row (inside the cursor's transaction). */
function eachRow(
  req: IDBRequest<IDBCursorWithValue | null>,
  visit: (c: IDBCursorWithValue) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => {
      const c = req.result
      if (!c) return resolve()
      visit(c)
      c.continue()
    }
    req.onerror = () => reject(req.error ?? new Error('cursor failed'))
  })
}

/**
 * Worlds, their frames, thumbnails and assets in IndexedDB. Frames are written as they arrive
 * (gzip-compressed), then listed in a manifest written new-then-swapped: the new manifest is put
 * under a new generation and the world record switched to it in the same transaction, so a crash
 * leaves the old list or the new one, never half of one, and a manifest only ever lists frames
 * that exist. Frames are regenerable and go first when the quota runs out; world records and
 * assets are never dropped. Writes to one world hold its Web Lock, and a save whose version is
 * older than the stored one (another tab got there first) is refused, never written over it.
 */
export class WorldStore {
  /** Something the person should know (storage full, a conflict with another tab), or null. */
  message: string | null = null
  /** Frames written this session (tests and the bench read it). */
  framesWritten = 0
  /** Frames deleted to make room (quota), this session. */
  framesDropped = 0
  private framesDisabled = false
  private queue: Promise<void> = Promise.resolve()
  /** Frames written but not yet listed, per `${worldId}@${version}`. */
  private readonly pending = new Map<
    string,
    { worldId: string; version: number; ids: string[]; panorama: string | null }
  >()
  private manifestTimer: ReturnType<typeof setTimeout> | null = null
  private commitGate: Promise<void> | null = null
  /**
   * Worlds whose stored edit log has moved on without this tab (a save was refused): this tab's
   * edits and frames of them are a different world now, so nothing more of them is written.
   */
  private readonly diverged = new Set<string>()
  /** Transactions being held open by holdCommitsForTest right now (a test waits for one). */
  commitsHeld = 0

  private constructor(private readonly db: IDBDatabase) {}

  /**
   * Opens (creating or migrating) the database. Old-version garbage is collected in the
   * background; `flush()` waits for it.
   */
  static async open(name?: string): Promise<WorldStore> {
    const db = await openDatabase(name)
    const store = new WorldStore(db)
    // Ask the browser not to evict us under pressure; a refusal (headless, no engagement) is fine.
    void store.requestPersist()
    void store.enqueue(async () => void (await store.collectGarbage()))
    return store
  }

  /** The world that was open last, or null. */
  async loadCurrent(): Promise<WorldData | null> {
    const tx = this.db.transaction(STORES.meta, 'readonly')
    const id = (await request(tx.objectStore(STORES.meta).get('current'))) as string | undefined
    return id ? this.load(id) : null
  }

  /** A saved world by id, or null when there is none (or it was written by a newer app). */
  async load(id: string): Promise<WorldData | null> {
    const tx = this.db.transaction(STORES.worlds, 'readonly')
    const rec = (await request(tx.objectStore(STORES.worlds).get(id))) as WorldRecord | undefined
    if (!rec || rec.schema > STORAGE_SCHEMA) return null
    return toWorldData(rec)
  }

  /** Every saved world, newest `updatedAt` first, with its stored size and thumbnail. */
  async list(): Promise<WorldSummary[]> {
    const tx = this.db.transaction(
      [STORES.worlds, STORES.manifests, STORES.frames, STORES.thumbnails, STORES.assets],
      'readonly',
    )
    const records = (await request(tx.objectStore(STORES.worlds).getAll())) as WorldRecord[]
    const frameSizes = new Map<string, number>()
    await eachRow(tx.objectStore(STORES.frames).openCursor(), (c) => {
      const f = c.value as FrameRecord
      frameSizes.set(f.id, frameBytes(f))
    })
    const assetBytes = new Map<string, number>()
    await eachRow(tx.objectStore(STORES.assets).openCursor(), (c) => {
      const a = c.value as AssetRecord
      assetBytes.set(a.worldId, (assetBytes.get(a.worldId) ?? 0) + a.bytes.size)
    })
    const out: WorldSummary[] = []
    for (const rec of records) {
      if (rec.schema > STORAGE_SCHEMA) continue
      const manifest = (await request(tx.objectStore(STORES.manifests).get(`${rec.id}@${rec.manifest}`))) as
        ManifestRecord | undefined
      const thumb = (await request(tx.objectStore(STORES.thumbnails).get(rec.id))) as
        ThumbnailRecord | undefined
      const listed = manifest ? [...manifest.frames, ...(manifest.panorama ? [manifest.panorama] : [])] : []
      let bytes =
        new Blob([JSON.stringify(rec)]).size + (thumb?.image.size ?? 0) + (assetBytes.get(rec.id) ?? 0)
      for (const id of listed) bytes += frameSizes.get(id) ?? 0
      out.push({
        id: rec.id,
        name: rec.name ?? rec.prompt,
        prompt: rec.prompt,
        createdAt: rec.createdAt,
        updatedAt: rec.updatedAt,
        version: rec.version,
        frames: manifest?.frames.length ?? 0,
        bytes,
        thumbnail: thumb?.image ?? null,
      })
    }
    return out.sort((a, b) => b.updatedAt - a.updatedAt)
  }

  /** Makes a saved world the one opened on the next start. */
  async setCurrent(id: string): Promise<void> {
    const tx = this.db.transaction([STORES.worlds, STORES.meta], 'readwrite')
    const rec = await request(tx.objectStore(STORES.worlds).getKey(id))
    if (rec === undefined) {
      tx.abort()
      throw new Error(`There is no saved world ${id}.`)
    }
    tx.objectStore(STORES.meta).put(id, 'current')
    await done(tx)
  }

  /** Renames a world: trimmed; an empty name or one over 80 characters is refused with an Error. */
  async rename(id: string, name: string): Promise<void> {
    const valid = validWorldName(name)
    return this.enqueueQuiet(() =>
      withLock(lockName(id), async () => {
        const tx = this.db.transaction(STORES.worlds, 'readwrite')
        const worlds = tx.objectStore(STORES.worlds)
        const rec = (await request(worlds.get(id))) as WorldRecord | undefined
        if (!rec) {
          tx.abort()
          throw new Error(`There is no saved world ${id}.`)
        }
        worlds.put({ ...rec, name: valid, updatedAt: Date.now() })
        await this.commit(tx)
      }),
    )
  }

  /**
   * Copies a world under a new id named "<name> (copy)": its record and document, the frames its
   * manifest lists, its thumbnail and assets. Returns the new id. The copy is not made current.
   */
  duplicate(id: string): Promise<string> {
    const copyId = newWorldId()
    return this.enqueueQuiet(() =>
      withLock(lockName(id), async () => {
        await this.writePending(id)
        const read = this.db.transaction(
          [STORES.worlds, STORES.manifests, STORES.frames, STORES.thumbnails, STORES.assets],
          'readonly',
        )
        const rec = (await request(read.objectStore(STORES.worlds).get(id))) as WorldRecord | undefined
        if (!rec) throw new Error(`There is no saved world ${id}.`)
        const manifest = (await request(read.objectStore(STORES.manifests).get(`${id}@${rec.manifest}`))) as
          ManifestRecord | undefined
        const listed = manifest ? [...manifest.frames, ...(manifest.panorama ? [manifest.panorama] : [])] : []
        const frames = (
          await Promise.all(
            listed.map(
              (f) => request(read.objectStore(STORES.frames).get(f)) as Promise<FrameRecord | undefined>,
            ),
          )
        ).filter((f): f is FrameRecord => f !== undefined)
        const thumb = (await request(read.objectStore(STORES.thumbnails).get(id))) as
          ThumbnailRecord | undefined
        const assets = (await request(
          read.objectStore(STORES.assets).index('worldId').getAll(id),
        )) as AssetRecord[]

        const now = Date.now()
        const copied = new Set(frames.map((f) => f.id))
        const tx = this.db.transaction(
          [STORES.worlds, STORES.manifests, STORES.frames, STORES.thumbnails, STORES.assets],
          'readwrite',
        )
        for (const f of frames)
          tx.objectStore(STORES.frames).put({ ...f, id: rehomeFrameId(f.id, id, copyId), worldId: copyId })
        const next: ManifestRecord = {
          id: `${copyId}@1`,
          worldId: copyId,
          worldVersion: rec.version,
          frames: (manifest?.frames ?? [])
            .filter((f) => copied.has(f))
            .map((f) => rehomeFrameId(f, id, copyId)),
          panorama:
            manifest?.panorama && copied.has(manifest.panorama)
              ? rehomeFrameId(manifest.panorama, id, copyId)
              : null,
        }
        tx.objectStore(STORES.manifests).put(next)
        if (thumb) tx.objectStore(STORES.thumbnails).put({ worldId: copyId, image: thumb.image })
        for (const a of assets)
          tx.objectStore(STORES.assets).put({ ...a, id: `${copyId}/${a.assetId}`, worldId: copyId })
        tx.objectStore(STORES.worlds).put({
          ...rec,
          schema: STORAGE_SCHEMA,
          id: copyId,
          name: copyName(rec.name ?? rec.prompt),
          createdAt: now,
          updatedAt: now,
          manifest: 1,
        } satisfies WorldRecord)
        try {
          await this.commit(tx)
        } catch (err) {
          if (isQuotaError(err))
            throw new Error('Not enough storage to copy this world. Delete a world and try again.', {
              cause: err,
            })
          throw err
        }
        return copyId
      }),
    )
  }

  /** Removes a world and everything of it; if it was the current world, none is current after. */
  delete(id: string): Promise<void> {
    for (const key of [...this.pending.keys()])
      if (this.pending.get(key)!.worldId === id) this.pending.delete(key)
    return this.enqueueQuiet(() =>
      withLock(lockName(id), async () => {
        const tx = this.db.transaction(
          [STORES.worlds, STORES.manifests, STORES.frames, STORES.thumbnails, STORES.assets, STORES.meta],
          'readwrite',
        )
        tx.objectStore(STORES.worlds).delete(id)
        tx.objectStore(STORES.manifests).delete(prefixRange(`${id}@`))
        tx.objectStore(STORES.thumbnails).delete(id)
        await eachRow(tx.objectStore(STORES.frames).index('worldId').openCursor(id), (c) => void c.delete())
        await eachRow(tx.objectStore(STORES.assets).index('worldId').openCursor(id), (c) => void c.delete())
        const meta = tx.objectStore(STORES.meta)
        if ((await request(meta.get('current'))) === id) meta.delete('current')
        await done(tx)
      }),
    )
  }

  /** Stores the world's preview image (replacing the last one). Frames make room if quota is short. */
  saveThumbnail(id: string, image: Blob): Promise<void> {
    return this.enqueueQuiet(() =>
      this.putMakingRoom(id, 'thumbnail', async () => {
        const tx = this.db.transaction([STORES.worlds, STORES.thumbnails], 'readwrite')
        if ((await request(tx.objectStore(STORES.worlds).getKey(id))) === undefined) {
          tx.abort()
          throw new Error(`There is no saved world ${id}.`)
        }
        tx.objectStore(STORES.thumbnails).put({ worldId: id, image } satisfies ThumbnailRecord)
        await done(tx)
      }),
    )
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
   * Stores a file that is part of a world (an imported splat scene). Never dropped for quota:
   * frames make room first, and when even that is not enough this rejects with a clear Error.
   */
  putAsset(worldId: string, assetId: string, bytes: Blob): Promise<void> {
    if (!assetId || assetId.includes('/')) return Promise.reject(new Error(`Bad asset id "${assetId}".`))
    return this.enqueueQuiet(() =>
      this.putMakingRoom(worldId, 'file', async () => {
        const tx = this.db.transaction([STORES.worlds, STORES.assets], 'readwrite')
        if ((await request(tx.objectStore(STORES.worlds).getKey(worldId))) === undefined) {
          tx.abort()
          throw new Error(`There is no saved world ${worldId}.`)
        }
        tx.objectStore(STORES.assets).put({
          id: `${worldId}/${assetId}`,
          worldId,
          assetId,
          bytes,
        } satisfies AssetRecord)
        await done(tx)
      }),
    )
  }

  /** A world's stored file, or null. */
  async getAsset(worldId: string, assetId: string): Promise<Blob | null> {
    const tx = this.db.transaction(STORES.assets, 'readonly')
    const rec = (await request(tx.objectStore(STORES.assets).get(`${worldId}/${assetId}`))) as
      AssetRecord | undefined
    return rec?.bytes ?? null
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
    return this.enqueueValue(() =>
      withLock(lockName(world.id), async () => {
        if (this.diverged.has(world.id)) {
          this.message = WORLD_CONFLICT_MESSAGE
          return false
        }
        // Frames of the old version that are still pending belong in its manifest before the swap.
        await this.writePending(world.id)
        let outcome: { saved: boolean; dropped: string[] } = { saved: false, dropped: [] }
        await this.putMakingRoom(world.id, 'document', async () => {
          outcome = await this.writeWorldRecord(world, change)
        })
        if (!outcome.saved) {
          this.diverged.add(world.id)
          for (const [batchId, b] of this.pending) if (b.worldId === world.id) this.pending.delete(batchId)
          this.message = WORLD_CONFLICT_MESSAGE
          return false
        }
        if (outcome.dropped.length > 0) await this.deleteFrames(outcome.dropped)
        return true
      }),
    )
  }

  saveFrame(world: WorldData, key: FrameKey, frame: Frame): void {
    this.persist(world, frameIdFor(world.id, key), key, frame)
  }

  savePanorama(world: WorldData, frame: Frame): void {
    this.persist(world, panoramaIdFor(world.id, frame.worldVersion), null, frame)
  }

  /**
   * Brings a world's frames back into `target`: no model call. Frames made at older versions
   * that the manifest still lists are valid now (an edit did not touch them) and come back under
   * their own keys, which memory treats as valid until an edit closes them. Returns how many
   * tile frames came back.
   */
  async restore(world: WorldData, target: RestoreTarget): Promise<number> {
    const tx = this.db.transaction([STORES.worlds, STORES.manifests, STORES.frames], 'readonly')
    const rec = (await request(tx.objectStore(STORES.worlds).get(world.id))) as WorldRecord | undefined
    if (!rec) return 0
    const manifest = (await request(tx.objectStore(STORES.manifests).get(`${world.id}@${rec.manifest}`))) as
      ManifestRecord | undefined
    if (!manifest) return 0
    const ids = manifest.panorama ? [manifest.panorama, ...manifest.frames] : manifest.frames
    const store = tx.objectStore(STORES.frames)
    const records = await Promise.all(
      ids.map((id) => request(store.get(id)) as Promise<FrameRecord | undefined>),
    )
    let n = 0
    for (const r of records) {
      if (!r || r.worldId !== world.id || r.worldVersion > rec.version) continue
      const frame = await decodeFrame(r)
      if (r.key) {
        target.restoreFrame(r.key, frame)
        n++
      } else target.restorePanorama(frame)
    }
    return n
  }

  /** Resolves when every write queued so far is on disk (manifests included). */
  async flush(): Promise<void> {
    // Frame writes queued before this call list themselves only once they ran: drain, then list.
    // A timer that fires meanwhile queues its manifest write: wait until the queue stands still.
    for (;;) {
      const tail = this.queue
      await tail
      if (this.manifestTimer) {
        clearTimeout(this.manifestTimer)
        this.manifestTimer = null
        void this.enqueue(() => this.writePending())
      } else if (tail === this.queue) return
    }
  }

  /**
   * Deletes what no world uses: frames its current manifest does not list (old versions, frames
   * an edit invalidated, leftovers of a tab killed mid-save), superseded manifests, and
   * thumbnails, assets and frames of worlds that no longer exist. Runs once after open.
   */
  async collectGarbage(): Promise<number> {
    const tx = this.db.transaction(
      [STORES.worlds, STORES.manifests, STORES.frames, STORES.thumbnails, STORES.assets],
      'readwrite',
    )
    const records = (await request(tx.objectStore(STORES.worlds).getAll())) as WorldRecord[]
    const current = new Set(records.map((r) => `${r.id}@${r.manifest}`))
    const worlds = new Set(records.map((r) => r.id))
    const listed = new Set<string>()
    await eachRow(tx.objectStore(STORES.manifests).openCursor(), (c) => {
      const m = c.value as ManifestRecord
      if (!current.has(m.id)) return void c.delete()
      for (const f of m.frames) listed.add(f)
      if (m.panorama) listed.add(m.panorama)
    })
    const cutoff = Date.now() - GARBAGE_GRACE_MS
    let removed = 0
    await eachRow(tx.objectStore(STORES.frames).openCursor(), (c) => {
      const f = c.value as FrameRecord
      if (listed.has(f.id)) return
      if (worlds.has(f.worldId) && (f.savedAt ?? 0) > cutoff) return
      c.delete()
      removed++
    })
    await eachRow(tx.objectStore(STORES.thumbnails).openCursor(), (c) => {
      if (!worlds.has((c.value as ThumbnailRecord).worldId)) c.delete()
    })
    await eachRow(tx.objectStore(STORES.assets).openCursor(), (c) => {
      if (!worlds.has((c.value as AssetRecord).worldId)) c.delete()
    })
    await done(tx)
    return removed
  }

  /**
   * Test hook: holds every transaction that commits a save open (alive, uncommitted) until the
   * returned function is called, so an e2e test can kill the tab exactly mid-save.
   */
  holdCommitsForTest(): () => void {
    let release!: () => void
    this.commitGate = new Promise<void>((r) => (release = r))
    return () => {
      this.commitGate = null
      release()
    }
  }

  close(): void {
    this.db.close()
  }

  /** Waits for `tx`, keeping it open while a test holds commits (requests keep it alive). */
  private async commit(tx: IDBTransaction): Promise<void> {
    const gate = this.commitGate
    if (gate) {
      let open = true
      void gate.then(() => (open = false))
      const store = tx.objectStore(tx.objectStoreNames[0]!)
      this.commitsHeld++
      await new Promise<void>((resolve, reject) => {
        const spin = (): void => {
          if (!open) return resolve()
          const r = store.count()
          r.onsuccess = spin
          r.onerror = () => reject(r.error ?? new Error('hold failed'))
        }
        spin()
      }).finally(() => this.commitsHeld--)
    }
    await done(tx)
  }

  /**
   * The record swap of saveWorld, one transaction: refuses a stale save; for a new version puts
   * the carried-over manifest under a new generation, points the record at it, deletes the old.
   */
  private async writeWorldRecord(
    world: WorldData,
    change: StoredChange | undefined,
  ): Promise<{ saved: boolean; dropped: string[] }> {
    const tx = this.db.transaction([STORES.worlds, STORES.meta, STORES.manifests], 'readwrite')
    const worlds = tx.objectStore(STORES.worlds)
    const manifests = tx.objectStore(STORES.manifests)
    const old = (await request(worlds.get(world.id))) as WorldRecord | undefined
    const sameVersion = old?.version === world.version
    const stale =
      old !== undefined &&
      (world.version < old.version ||
        (sameVersion &&
          old.document !== undefined &&
          world.document !== undefined &&
          JSON.stringify(old.document) !== JSON.stringify(world.document)))
    if (stale) {
      tx.abort()
      await done(tx).catch(() => undefined)
      return { saved: false, dropped: [] }
    }
    const now = Date.now()
    const rec: WorldRecord = {
      schema: STORAGE_SCHEMA,
      id: world.id,
      name: world.name ?? old?.name ?? world.prompt,
      prompt: world.prompt,
      version: world.version,
      regions: world.regions.map((r): StoredRegion => ({
        id: r.id,
        center: [r.center[0], r.center[1]],
        radius: r.radius,
        style: [...r.style],
        seed: r.seed,
      })),
      createdAt: old?.createdAt ?? now,
      updatedAt: now,
      manifest: sameVersion ? old.manifest : (old?.manifest ?? 0) + 1,
      ...(world.document ? { document: world.document } : {}),
    }
    let dropped: string[] = []
    if (!sameVersion) {
      const prev = old
        ? ((await request(manifests.get(`${world.id}@${old.manifest}`))) as ManifestRecord | undefined)
        : undefined
      const carried =
        prev && change
          ? carryFrames(world.id, prev.frames, change)
          : { kept: [], dropped: prev?.frames ?? [] }
      const keepSky = Boolean(prev?.panorama && change?.keepPanorama)
      dropped = [...carried.dropped, ...(prev?.panorama && !keepSky ? [prev.panorama] : [])]
      manifests.put({
        id: `${world.id}@${rec.manifest}`,
        worldId: world.id,
        worldVersion: world.version,
        frames: carried.kept,
        panorama: keepSky ? prev!.panorama : null,
      } satisfies ManifestRecord)
      if (old) manifests.delete(`${world.id}@${old.manifest}`)
    }
    worlds.put(rec)
    tx.objectStore(STORES.meta).put(world.id, 'current')
    await this.commit(tx)
    return { saved: true, dropped }
  }

  private persist(world: WorldData, id: string, key: FrameKey | null, frame: Frame): void {
    if (this.framesDisabled || this.diverged.has(world.id)) return
    // Encode now: the frame's buffers may be transferred or dropped by memory later.
    const encoded = encodeFrame(id, world.id, key, frame)
    void this.enqueue(async () => {
      if (this.framesDisabled || this.diverged.has(world.id)) return
      const rec = await encoded
      const ok = await this.putFrame({ ...rec, savedAt: Date.now() })
      if (!ok) return
      this.framesWritten++
      const batchId = `${world.id}@${world.version}`
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
        void this.enqueue(() => this.writePending())
      }, MANIFEST_DELAY_MS)
    })
  }

  /** Puts a frame, making room once by dropping other worlds' frames. False when it cannot. */
  private async putFrame(rec: FrameRecord): Promise<boolean> {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const tx = this.db.transaction(STORES.frames, 'readwrite')
        tx.objectStore(STORES.frames).put(rec)
        await done(tx)
        return true
      } catch (err) {
        if (!isQuotaError(err)) throw err
        if (attempt === 0) await this.dropFrames((w) => w !== rec.worldId)
      }
    }
    this.framesDisabled = true
    this.message = STORAGE_FULL_MESSAGE
    return false
  }

  /**
   * Runs a write that must not be lost (a world record, a thumbnail, a file); on a quota error
   * drops regenerable frames, other worlds' first, then this world's, and tries again. Frames
   * stop being saved from then on, and `message` says so.
   */
  private async putMakingRoom(worldId: string, what: string, write: () => Promise<void>): Promise<void> {
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
        this.framesDisabled = true
        this.message = STORAGE_FULL_MESSAGE
        await this.dropFrames(makeRoom[attempt]!)
      }
    }
  }

  /**
   * Deletes every frame of the worlds `which` selects and empties their manifests in the same
   * transaction, so no manifest ever lists a frame that is gone.
   */
  private async dropFrames(which: (worldId: string) => boolean): Promise<void> {
    const tx = this.db.transaction([STORES.worlds, STORES.manifests, STORES.frames], 'readwrite')
    // Deletes first: under a full quota they make the room the (small) manifest puts then need.
    await eachRow(tx.objectStore(STORES.frames).openCursor(), (c) => {
      if (which((c.value as FrameRecord).worldId)) {
        c.delete()
        this.framesDropped++
      }
    })
    const records = (await request(tx.objectStore(STORES.worlds).getAll())) as WorldRecord[]
    for (const rec of records) {
      if (!which(rec.id)) continue
      const id = `${rec.id}@${rec.manifest}`
      const m = (await request(tx.objectStore(STORES.manifests).get(id))) as ManifestRecord | undefined
      if (m && (m.frames.length > 0 || m.panorama))
        tx.objectStore(STORES.manifests).put({ ...m, frames: [], panorama: null })
    }
    await done(tx)
  }

  private async deleteFrames(ids: readonly string[]): Promise<void> {
    const tx = this.db.transaction(STORES.frames, 'readwrite')
    for (const id of ids) tx.objectStore(STORES.frames).delete(id)
    await done(tx)
  }

  /** Lists pending frames in their worlds' manifests (all worlds, or one). */
  private async writePending(onlyWorld?: string): Promise<void> {
    for (const [batchId, b] of [...this.pending]) {
      if (onlyWorld !== undefined && b.worldId !== onlyWorld) continue
      this.pending.delete(batchId)
      if (this.diverged.has(b.worldId)) continue
      try {
        if (onlyWorld !== undefined) await this.writeManifest(b)
        else await withLock(lockName(b.worldId), () => this.writeManifest(b))
      } catch (err) {
        // No room even for the list: the frames stay unlisted (collected later) and are made
        // again after a reload. The world record is not touched by this.
        if (!isQuotaError(err)) throw err
        this.framesDisabled = true
        this.message = STORAGE_FULL_MESSAGE
      }
    }
  }

  /**
   * The new-then-swap manifest write (caller holds the world's lock). Only frames that exist
   * are listed (quota may have dropped some meanwhile); a frame replacing an older version's in
   * the same slot deletes it; frames of a version the record has moved past are left unlisted
   * (garbage, collected later).
   */
  private async writeManifest(b: {
    worldId: string
    version: number
    ids: string[]
    panorama: string | null
  }) {
    const tx = this.db.transaction([STORES.worlds, STORES.manifests, STORES.frames], 'readwrite')
    const worlds = tx.objectStore(STORES.worlds)
    const manifests = tx.objectStore(STORES.manifests)
    const frames = tx.objectStore(STORES.frames)
    const rec = (await request(worlds.get(b.worldId))) as WorldRecord | undefined
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
    const old = (await request(manifests.get(`${b.worldId}@${rec.manifest}`))) as ManifestRecord | undefined
    const merged = mergeFrameIds(b.worldId, old?.frames ?? [], added)
    const next: ManifestRecord = {
      id: `${b.worldId}@${rec.manifest + 1}`,
      worldId: b.worldId,
      worldVersion: rec.version,
      frames: merged,
      panorama: panorama ?? old?.panorama ?? null,
    }
    manifests.put(next)
    worlds.put({ ...rec, manifest: rec.manifest + 1, updatedAt: Date.now() })
    manifests.delete(`${b.worldId}@${rec.manifest}`)
    const keep = new Set(merged)
    for (const id of old?.frames ?? []) if (!keep.has(id)) frames.delete(id)
    if (old?.panorama && next.panorama !== old.panorama) frames.delete(old.panorama)
    await this.commit(tx)
  }

  /** Writes run one after another; a failed write is reported, never left floating. */
  private enqueue(task: () => Promise<void>): Promise<void> {
    return this.enqueueValue(task)
  }

  /** Queued like every write, but a failure only rejects the caller's promise (the gallery shows it). */
  private enqueueQuiet<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task)
    this.queue = run.then(
      () => undefined,
      () => undefined,
    )
    return run
  }

  private enqueueValue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task)
    this.queue = run.then(
      () => undefined,
      (err: unknown) => {
        this.message = `storage error: ${err instanceof Error ? err.message : String(err)}`
      },
    )
    return run
  }
}
