import type { CameraSpec } from '../core/camera'
import type { Pose } from '../core/pose'
import type { FrameKey } from '../core/stream'
import type { WorldDocumentJson } from '../core/world'

/**
 * The persisted layout. STORAGE_SCHEMA is written into every world record; IndexedDB's own
 * version (DB_VERSION) changes when object stores or record shapes change, and `upgrade` runs
 * every migration step from the database's version up to DB_VERSION, in order.
 *
 * v1: worlds, manifests, frames (index worldId), meta.
 * v2: world records gain `name` (default: the prompt); new stores `thumbnails` and `assets`.
 */
export const DB_NAME = 'worldwalk'
export const DB_VERSION = 2
export const STORAGE_SCHEMA = 2

export const STORES = {
  /** World records (document, regions, name), by world id. Small, and never dropped to make room. */
  worlds: 'worlds',
  /** Frame lists per world and generation; the world record points at the current one. */
  manifests: 'manifests',
  /** Compressed frames (regenerable: a deterministic model makes them again). */
  frames: 'frames',
  /** App-wide pointers, e.g. which world was open last. */
  meta: 'meta',
  /** One preview image per world, by world id (v2). */
  thumbnails: 'thumbnails',
  /** Files that are part of a world (imported splat scenes), by assetKey(worldId, assetId) (v2). */
  assets: 'assets',
} as const

export interface StoredRegion {
  id: string
  center: [number, number]
  radius: number
  style: number[]
  seed: number
}

export interface WorldRecord {
  schema: number
  id: string
  /** What the gallery shows; the prompt until the person renames it (v2). */
  name: string
  prompt: string
  version: number
  regions: StoredRegion[]
  createdAt: number
  updatedAt: number
  /** Generation of the manifest that lists this world's frames. */
  manifest: number
  /**
   * The world document (edit log) since edits arrived. Optional, so records written before it
   * still load: the app rebuilds a one-edit document from `prompt` and `regions` (the migration).
   */
  document?: WorldDocumentJson
}

/**
 * The key of a world's manifest at a generation. The world record's `manifest` field names the
 * current generation; a save or a manifest swap writes the next one and deletes the old.
 */
export function manifestKey(worldId: string, generation: number): string {
  return `${worldId}@${generation}`
}

/** Every manifest key of one world, whatever its generation (deleting a world). */
export function manifestKeysOf(worldId: string): IDBKeyRange {
  return IDBKeyRange.bound(`${worldId}@`, `${worldId}@\uffff`)
}

/** The key of a world's stored file. */
export function assetKey(worldId: string, assetId: string): string {
  return `${worldId}/${assetId}`
}

export interface ManifestRecord {
  /** manifestKey(worldId, generation) */
  id: string
  worldId: string
  worldVersion: number
  /** Frame ids valid at `worldVersion`; some were made at older versions an edit did not touch. */
  frames: string[]
  panorama: string | null
}

export interface FrameRecord {
  /** `${worldId}/${keyId}` for tiles, `${worldId}/panorama/v${version}` for the sky. */
  id: string
  worldId: string
  key: FrameKey | null
  pose: Pose
  camera: CameraSpec
  worldVersion: number
  modelId: string
  modelMs: number
  /** gzip of the RGBA bytes and of the float32 depth bytes. */
  rgba: Blob
  depth: Blob
  /**
   * gzip of the per-pixel material classes, where the model had that output: a reopened world
   * still knows its water. Absent in frames of models without it and in older records.
   */
  material?: Blob
  /** When it was written (ms since epoch): garbage collection spares other tabs' unlisted frames. */
  savedAt?: number
}

export interface ThumbnailRecord {
  worldId: string
  image: Blob
}

/** What each object store holds: typed reads (records.ts) check a value against this. */
export interface StoreRecords {
  worlds: WorldRecord
  manifests: ManifestRecord
  frames: FrameRecord
  /** `current`: the id of the world that was open last. */
  meta: string
  thumbnails: ThumbnailRecord
  assets: AssetRecord
}

export type StoreName = keyof StoreRecords

export interface AssetRecord {
  /** assetKey(worldId, assetId) */
  id: string
  worldId: string
  assetId: string
  bytes: Blob
}

/** v0 -> v1: the original stores. */
function createV1(db: IDBDatabase): void {
  db.createObjectStore(STORES.worlds, { keyPath: 'id' })
  db.createObjectStore(STORES.manifests, { keyPath: 'id' })
  const frames = db.createObjectStore(STORES.frames, { keyPath: 'id' })
  frames.createIndex('worldId', 'worldId')
  db.createObjectStore(STORES.meta)
}

/** v1 -> v2: thumbnails and assets; every world record gets a name and the new schema number. */
function migrateV2(db: IDBDatabase, tx: IDBTransaction): void {
  db.createObjectStore(STORES.thumbnails, { keyPath: 'worldId' })
  const assets = db.createObjectStore(STORES.assets, { keyPath: 'id' })
  assets.createIndex('worldId', 'worldId')
  const cursor = tx.objectStore(STORES.worlds).openCursor()
  cursor.onsuccess = () => {
    const c = cursor.result
    if (!c) return
    const rec = c.value as Partial<WorldRecord> & { prompt: string }
    c.update({ ...rec, schema: 2, name: rec.name ?? rec.prompt })
    c.continue()
  }
}

/** Migration steps by the version they produce; each runs once, in order. */
const MIGRATIONS: Record<number, (db: IDBDatabase, tx: IDBTransaction) => void> = {
  1: createV1,
  2: migrateV2,
}

/**
 * Creates or migrates the object stores; runs inside IndexedDB's versionchange transaction, so a
 * tab killed mid-migration leaves the old database untouched (the whole upgrade is one transaction).
 */
export function upgrade(db: IDBDatabase, oldVersion: number, tx: IDBTransaction): void {
  for (let v = oldVersion + 1; v <= DB_VERSION; v++) MIGRATIONS[v]!(db, tx)
}
