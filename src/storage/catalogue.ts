import { newWorldId } from '../core/world/world-id'
import { rehomeFrameId } from './frame-ids'
import type { FrameLog } from './frame-log'
import { done, isQuotaError, request } from './idb'
import { withLock } from './locks'
import { writeMakingRoom } from './quota'
import { eachRecord, eachRow, getAllRecords, getRecord } from './records'
import {
  assetKey,
  manifestKey,
  manifestKeysOf,
  STORAGE_SCHEMA,
  STORES,
  type AssetRecord,
  type FrameRecord,
  type ManifestRecord,
  type ThumbnailRecord,
  type WorldRecord,
} from './schema'
import { worldLock, type StoreContext } from './store-context'
import { toWorldData, type WorldData, type WorldSummary } from './world-data'
import { copyName, validWorldName } from './world-name'

/** A frame record's stored size (its compressed pixels and depth; the pose is noise next to them). */
function frameBytes(f: FrameRecord): number {
  return f.rgba.size + f.depth.size + (f.material?.size ?? 0)
}

/** The frame ids a manifest lists, the sky panorama included. */
function listedIds(m: ManifestRecord | undefined): string[] {
  return m ? [...m.frames, ...(m.panorama ? [m.panorama] : [])] : []
}

function noSuchWorld(id: string): Error {
  return new Error(`There is no saved world ${id}.`)
}

/**
 * The gallery's side of storage: which worlds there are, their names, copies, deletion,
 * thumbnails and the files that are part of them. Writes go through the store's one queue and
 * hold the world's Web Lock; a failure rejects the caller's promise (the gallery shows it).
 */
export class Catalogue {
  constructor(
    private readonly ctx: StoreContext,
    private readonly frames: FrameLog,
  ) {}

  private get db(): IDBDatabase {
    return this.ctx.db
  }

  async loadCurrent(): Promise<WorldData | null> {
    const id = await getRecord(this.db.transaction(STORES.meta, 'readonly'), 'meta', 'current')
    return id ? this.load(id) : null
  }

  async load(id: string): Promise<WorldData | null> {
    const rec = await getRecord(this.db.transaction(STORES.worlds, 'readonly'), 'worlds', id)
    if (!rec || rec.schema > STORAGE_SCHEMA) return null
    return toWorldData(rec)
  }

  async list(): Promise<WorldSummary[]> {
    const tx = this.db.transaction(
      [STORES.worlds, STORES.manifests, STORES.frames, STORES.thumbnails, STORES.assets],
      'readonly',
    )
    const records = await getAllRecords(tx, 'worlds')
    const frameSizes = new Map<string, number>()
    await eachRecord(tx, 'frames', (f) => void frameSizes.set(f.id, frameBytes(f)))
    const assetBytes = new Map<string, number>()
    await eachRecord(
      tx,
      'assets',
      (a) => void assetBytes.set(a.worldId, (assetBytes.get(a.worldId) ?? 0) + a.bytes.size),
    )
    const out: WorldSummary[] = []
    for (const rec of records) {
      if (rec.schema > STORAGE_SCHEMA) continue
      const manifest = await getRecord(tx, 'manifests', manifestKey(rec.id, rec.manifest))
      const thumb = await getRecord(tx, 'thumbnails', rec.id)
      let bytes =
        new Blob([JSON.stringify(rec)]).size + (thumb?.image.size ?? 0) + (assetBytes.get(rec.id) ?? 0)
      for (const id of listedIds(manifest)) bytes += frameSizes.get(id) ?? 0
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

  async setCurrent(id: string): Promise<void> {
    const tx = this.db.transaction([STORES.worlds, STORES.meta], 'readwrite')
    if ((await request(tx.objectStore(STORES.worlds).getKey(id))) === undefined) {
      tx.abort()
      throw noSuchWorld(id)
    }
    tx.objectStore(STORES.meta).put(id, 'current')
    await done(tx)
  }

  rename(id: string, name: string): Promise<void> {
    const valid = validWorldName(name)
    return this.ctx.queue.run(() =>
      withLock(worldLock(id), async () => {
        const tx = this.db.transaction(STORES.worlds, 'readwrite')
        const rec = await getRecord(tx, 'worlds', id)
        if (!rec) {
          tx.abort()
          throw noSuchWorld(id)
        }
        tx.objectStore(STORES.worlds).put({ ...rec, name: valid, updatedAt: Date.now() })
        await this.ctx.commit(tx)
      }),
    )
  }

  duplicate(id: string): Promise<string> {
    const copyId = newWorldId()
    return this.ctx.queue.run(() =>
      withLock(worldLock(id), async () => {
        await this.frames.listPending(id)
        const read = this.db.transaction(
          [STORES.worlds, STORES.manifests, STORES.frames, STORES.thumbnails, STORES.assets],
          'readonly',
        )
        const rec = await getRecord(read, 'worlds', id)
        if (!rec) throw noSuchWorld(id)
        const manifest = await getRecord(read, 'manifests', manifestKey(id, rec.manifest))
        const frames = (
          await Promise.all(listedIds(manifest).map((f) => getRecord(read, 'frames', f)))
        ).filter((f): f is FrameRecord => f !== undefined)
        const thumb = await getRecord(read, 'thumbnails', id)
        const assets = await getAllRecords(read, 'assets', { index: 'worldId', key: id })
        try {
          await this.writeCopy(id, copyId, { rec, manifest, frames, thumb, assets })
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

  delete(id: string): Promise<void> {
    this.frames.forget(id)
    return this.ctx.queue.run(() =>
      withLock(worldLock(id), async () => {
        const tx = this.db.transaction(
          [STORES.worlds, STORES.manifests, STORES.frames, STORES.thumbnails, STORES.assets, STORES.meta],
          'readwrite',
        )
        tx.objectStore(STORES.worlds).delete(id)
        tx.objectStore(STORES.manifests).delete(manifestKeysOf(id))
        tx.objectStore(STORES.thumbnails).delete(id)
        // Deleted unread: even a damaged record of the world goes with it.
        await eachRow(tx.objectStore(STORES.frames).index('worldId').openCursor(id), (c) => void c.delete())
        await eachRow(tx.objectStore(STORES.assets).index('worldId').openCursor(id), (c) => void c.delete())
        if ((await getRecord(tx, 'meta', 'current')) === id) tx.objectStore(STORES.meta).delete('current')
        await done(tx)
      }),
    )
  }

  saveThumbnail(id: string, image: Blob): Promise<void> {
    return this.ctx.queue.run(() =>
      writeMakingRoom(this.ctx, id, 'thumbnail', () =>
        this.putForWorld(id, STORES.thumbnails, { worldId: id, image } satisfies ThumbnailRecord),
      ),
    )
  }

  putAsset(worldId: string, assetId: string, bytes: Blob): Promise<void> {
    if (!assetId || assetId.includes('/')) return Promise.reject(new Error(`Bad asset id "${assetId}".`))
    return this.ctx.queue.run(() =>
      writeMakingRoom(this.ctx, worldId, 'file', () =>
        this.putForWorld(worldId, STORES.assets, {
          id: assetKey(worldId, assetId),
          worldId,
          assetId,
          bytes,
        } satisfies AssetRecord),
      ),
    )
  }

  async getAsset(worldId: string, assetId: string): Promise<Blob | null> {
    const tx = this.db.transaction(STORES.assets, 'readonly')
    return (await getRecord(tx, 'assets', assetKey(worldId, assetId)))?.bytes ?? null
  }

  /** Puts a record that belongs to a saved world; refuses (writing nothing) when there is none. */
  private async putForWorld(
    worldId: string,
    store: typeof STORES.thumbnails | typeof STORES.assets,
    value: ThumbnailRecord | AssetRecord,
  ): Promise<void> {
    const tx = this.db.transaction([STORES.worlds, store], 'readwrite')
    if ((await request(tx.objectStore(STORES.worlds).getKey(worldId))) === undefined) {
      tx.abort()
      throw noSuchWorld(worldId)
    }
    tx.objectStore(store).put(value)
    await done(tx)
  }

  /** The copy's records, one transaction: nothing of it exists unless all of it does. */
  private async writeCopy(
    id: string,
    copyId: string,
    of: {
      rec: WorldRecord
      manifest: ManifestRecord | undefined
      frames: FrameRecord[]
      thumb: ThumbnailRecord | undefined
      assets: AssetRecord[]
    },
  ): Promise<void> {
    const { rec, manifest, frames, thumb, assets } = of
    const now = Date.now()
    const copied = new Set(frames.map((f) => f.id))
    const tx = this.db.transaction(
      [STORES.worlds, STORES.manifests, STORES.frames, STORES.thumbnails, STORES.assets],
      'readwrite',
    )
    for (const f of frames)
      tx.objectStore(STORES.frames).put({ ...f, id: rehomeFrameId(f.id, id, copyId), worldId: copyId })
    tx.objectStore(STORES.manifests).put({
      id: manifestKey(copyId, 1),
      worldId: copyId,
      worldVersion: rec.version,
      frames: (manifest?.frames ?? []).filter((f) => copied.has(f)).map((f) => rehomeFrameId(f, id, copyId)),
      panorama:
        manifest?.panorama && copied.has(manifest.panorama)
          ? rehomeFrameId(manifest.panorama, id, copyId)
          : null,
    } satisfies ManifestRecord)
    if (thumb) tx.objectStore(STORES.thumbnails).put({ worldId: copyId, image: thumb.image })
    for (const a of assets)
      tx.objectStore(STORES.assets).put({ ...a, id: assetKey(copyId, a.assetId), worldId: copyId })
    tx.objectStore(STORES.worlds).put({
      ...rec,
      schema: STORAGE_SCHEMA,
      id: copyId,
      name: copyName(rec.name ?? rec.prompt),
      createdAt: now,
      updatedAt: now,
      manifest: 1,
    } satisfies WorldRecord)
    await this.ctx.commit(tx)
  }
}
