import type { Frame } from '../core/frame'
import { keyId, type FrameKey } from '../core/stream'
import type { WorldDocumentJson } from '../core/world'
import { decodeFrame, encodeFrame } from './frame-codec'
import { done, isQuotaError, openDatabase, request } from './idb'
import { withLock } from './locks'
import {
  STORAGE_SCHEMA,
  STORES,
  type FrameRecord,
  type ManifestRecord,
  type StoredRegion,
  type WorldRecord,
} from './schema'

/** The world as the app holds it (structurally app/world-session's WorldSpec). */
export interface WorldData {
  id: string
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

/** Who receives restored frames (the world session). */
export interface RestoreTarget {
  restoreFrame(key: FrameKey, frame: Frame): void
  restorePanorama(frame: Frame): void
}

/** How long new frames wait before the manifest listing them is rewritten: batches writes. */
const MANIFEST_DELAY_MS = 300

export const STORAGE_FULL_MESSAGE =
  'Storage is full: new frames are no longer saved. Your world is kept; unsaved views are generated again after a reload.'

/**
 * Worlds and their frames in IndexedDB. Frames are written as they arrive (gzip-compressed),
 * then listed in a manifest written new-then-swapped: the new manifest is put under a new
 * generation and the world document switched to it in the same transaction, so a crash leaves
 * the old list or the new one, never half of one. Frames are regenerable and go first when the
 * quota runs out; the world document is never dropped.
 */
export class WorldStore {
  /** Something the person should know (storage full), or null. */
  message: string | null = null
  /** Frames written this session (tests and the bench read it). */
  framesWritten = 0
  private framesDisabled = false
  private queue: Promise<void> = Promise.resolve()
  private readonly pendingIds = new Map<
    string,
    { worldId: string; version: number; ids: string[]; panorama: string | null }
  >()
  private manifestTimer: ReturnType<typeof setTimeout> | null = null

  private constructor(private readonly db: IDBDatabase) {}

  static async open(name?: string): Promise<WorldStore> {
    const db = await openDatabase(name)
    // Ask the browser not to evict us under pressure; a refusal (headless, no engagement) is fine.
    void navigator.storage?.persist?.().catch(() => false)
    return new WorldStore(db)
  }

  /** The world that was open last, or null. */
  async loadCurrent(): Promise<WorldData | null> {
    const tx = this.db.transaction([STORES.meta, STORES.worlds], 'readonly')
    const id = (await request(tx.objectStore(STORES.meta).get('current'))) as string | undefined
    if (!id) return null
    const rec = (await request(tx.objectStore(STORES.worlds).get(id))) as WorldRecord | undefined
    if (!rec || rec.schema !== STORAGE_SCHEMA) return null
    return {
      id: rec.id,
      prompt: rec.prompt,
      version: rec.version,
      regions: rec.regions.map((r) => ({ ...r, style: Float32Array.from(r.style) })),
      ...(rec.document ? { document: rec.document } : {}),
    }
  }

  /**
   * Writes the world document and makes it current. A new version (a restyle) starts an empty
   * manifest: frames of older versions are no longer valid and are deleted.
   */
  saveWorld(world: WorldData): Promise<void> {
    return this.enqueue(() =>
      withLock(`worldwalk:world:${world.id}`, async () => {
        const tx = this.db.transaction([STORES.worlds, STORES.meta, STORES.manifests], 'readwrite')
        const worlds = tx.objectStore(STORES.worlds)
        const old = (await request(worlds.get(world.id))) as WorldRecord | undefined
        const now = Date.now()
        const sameVersion = old?.version === world.version
        const rec: WorldRecord = {
          schema: STORAGE_SCHEMA,
          id: world.id,
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
        if (!sameVersion) {
          const m: ManifestRecord = {
            id: `${world.id}@${rec.manifest}`,
            worldId: world.id,
            worldVersion: world.version,
            frames: [],
            panorama: null,
          }
          tx.objectStore(STORES.manifests).put(m)
          if (old) tx.objectStore(STORES.manifests).delete(`${world.id}@${old.manifest}`)
        }
        worlds.put(rec)
        tx.objectStore(STORES.meta).put(world.id, 'current')
        await done(tx)
        if (old && !sameVersion)
          await this.deleteFramesWhere((f) => f.worldId === world.id && f.worldVersion < world.version)
      }),
    )
  }

  saveFrame(world: WorldData, key: FrameKey, frame: Frame): void {
    this.persist(world, `${world.id}/${keyId(key)}`, key, frame)
  }

  savePanorama(world: WorldData, frame: Frame): void {
    this.persist(world, `${world.id}/panorama/v${frame.worldVersion}`, null, frame)
  }

  /** Brings a world's frames back into `target`: no model call. Returns how many frames came back. */
  async restore(world: WorldData, target: RestoreTarget): Promise<number> {
    const rec = (await request(
      this.db.transaction(STORES.worlds, 'readonly').objectStore(STORES.worlds).get(world.id),
    )) as WorldRecord | undefined
    if (!rec) return 0
    const manifest = (await request(
      this.db
        .transaction(STORES.manifests, 'readonly')
        .objectStore(STORES.manifests)
        .get(`${world.id}@${rec.manifest}`),
    )) as ManifestRecord | undefined
    if (!manifest) return 0
    const ids = manifest.panorama ? [manifest.panorama, ...manifest.frames] : manifest.frames
    const tx = this.db.transaction(STORES.frames, 'readonly')
    const store = tx.objectStore(STORES.frames)
    const records = await Promise.all(
      ids.map((id) => request(store.get(id)) as Promise<FrameRecord | undefined>),
    )
    let n = 0
    for (const r of records) {
      if (!r || r.worldVersion !== rec.version) continue
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
    if (this.manifestTimer) {
      clearTimeout(this.manifestTimer)
      this.manifestTimer = null
      void this.enqueue(() => this.writeManifests())
    }
    await this.queue
  }

  close(): void {
    this.db.close()
  }

  private persist(world: WorldData, id: string, key: FrameKey | null, frame: Frame): void {
    if (this.framesDisabled) return
    // Encode now: the frame's buffers may be transferred or dropped by memory later.
    const encoded = encodeFrame(id, world.id, key, frame)
    void this.enqueue(async () => {
      if (this.framesDisabled) return
      const rec = await encoded
      const ok = await this.putFrame(rec)
      if (!ok) return
      this.framesWritten++
      let pending = this.pendingIds.get(world.id)
      if (!pending || pending.version !== world.version) {
        pending = { worldId: world.id, version: world.version, ids: [], panorama: null }
        this.pendingIds.set(world.id, pending)
      }
      if (key) pending.ids.push(id)
      else pending.panorama = id
      this.manifestTimer ??= setTimeout(() => {
        this.manifestTimer = null
        void this.enqueue(() => this.writeManifests())
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
        if (attempt === 0) await this.deleteFramesWhere((f) => f.worldId !== rec.worldId)
      }
    }
    this.framesDisabled = true
    this.message = STORAGE_FULL_MESSAGE
    return false
  }

  /** The new-then-swap manifest write, under the world's lock so two tabs never interleave. */
  private async writeManifests(): Promise<void> {
    const batches = [...this.pendingIds.values()]
    this.pendingIds.clear()
    for (const b of batches) {
      await withLock(`worldwalk:world:${b.worldId}`, async () => {
        const tx = this.db.transaction([STORES.worlds, STORES.manifests], 'readwrite')
        const worlds = tx.objectStore(STORES.worlds)
        const manifests = tx.objectStore(STORES.manifests)
        const rec = (await request(worlds.get(b.worldId))) as WorldRecord | undefined
        if (!rec || rec.version !== b.version) {
          tx.abort()
          await done(tx).catch(() => undefined)
          return
        }
        const old = (await request(manifests.get(`${b.worldId}@${rec.manifest}`))) as
          ManifestRecord | undefined
        const frames = new Set(old?.frames ?? [])
        for (const id of b.ids) frames.add(id)
        const next: ManifestRecord = {
          id: `${b.worldId}@${rec.manifest + 1}`,
          worldId: b.worldId,
          worldVersion: rec.version,
          frames: [...frames],
          panorama: b.panorama ?? old?.panorama ?? null,
        }
        manifests.put(next)
        worlds.put({ ...rec, manifest: rec.manifest + 1, updatedAt: Date.now() })
        manifests.delete(`${b.worldId}@${rec.manifest}`)
        await done(tx)
      })
    }
  }

  private async deleteFramesWhere(match: (f: FrameRecord) => boolean): Promise<void> {
    const tx = this.db.transaction(STORES.frames, 'readwrite')
    const store = tx.objectStore(STORES.frames)
    await new Promise<void>((resolve, reject) => {
      const cursor = store.openCursor()
      cursor.onsuccess = () => {
        const c = cursor.result
        if (!c) return resolve()
        if (match(c.value as FrameRecord)) c.delete()
        c.continue()
      }
      cursor.onerror = () => reject(cursor.error ?? new Error('cursor failed'))
    })
    await done(tx)
  }

  /** Writes run one after another; a failed write is reported, never left floating. */
  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task)
    this.queue = run.catch((err: unknown) => {
      this.message = `storage error: ${err instanceof Error ? err.message : String(err)}`
    })
    return run
  }
}
