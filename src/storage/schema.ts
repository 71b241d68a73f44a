import type { CameraSpec } from '../core/camera'
import type { Pose } from '../core/pose'
import type { FrameKey } from '../core/stream'
import type { WorldDocumentJson } from '../core/world'

/**
 * The persisted layout. STORAGE_SCHEMA is written into every world document; IndexedDB's own
 * version (DB_VERSION) changes only when object stores change, and `upgrade` migrates from each
 * older version in order.
 */
export const DB_NAME = 'worldwalk'
export const DB_VERSION = 1
export const STORAGE_SCHEMA = 1

export const STORES = {
  /** World documents, by world id. Small, and never dropped to make room. */
  worlds: 'worlds',
  /** Frame lists per world and generation; the world document points at the current one. */
  manifests: 'manifests',
  /** Compressed frames (regenerable: a deterministic model makes them again). */
  frames: 'frames',
  /** App-wide pointers, e.g. which world was open last. */
  meta: 'meta',
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

export interface ManifestRecord {
  /** `${worldId}@${generation}` */
  id: string
  worldId: string
  worldVersion: number
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
}

/** Creates or migrates the object stores; runs inside IndexedDB's versionchange transaction. */
export function upgrade(db: IDBDatabase, oldVersion: number): void {
  if (oldVersion < 1) {
    db.createObjectStore(STORES.worlds, { keyPath: 'id' })
    db.createObjectStore(STORES.manifests, { keyPath: 'id' })
    const frames = db.createObjectStore(STORES.frames, { keyPath: 'id' })
    frames.createIndex('worldId', 'worldId')
    db.createObjectStore(STORES.meta)
  }
}
