import { fullStyle } from '../core/style'
import type { WorldDocumentJson } from '../core/world'
import type { StoredRegion, WorldRecord } from './schema'

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

export function toWorldData(rec: WorldRecord): WorldData {
  return {
    id: rec.id,
    name: rec.name ?? rec.prompt,
    prompt: rec.prompt,
    version: rec.version,
    // A world saved before a style feature was added reads it at its default.
    regions: rec.regions.map((r) => ({ ...r, style: fullStyle(r.style) })),
    ...(rec.document ? { document: rec.document } : {}),
  }
}

export function toStoredRegions(world: WorldData): StoredRegion[] {
  return world.regions.map((r) => ({
    id: r.id,
    center: [r.center[0], r.center[1]],
    radius: r.radius,
    style: [...r.style],
    seed: r.seed,
  }))
}
