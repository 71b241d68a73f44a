import { keyId, type FrameKey } from '../core/stream'

/**
 * Frame record ids. A tile is `${worldId}/v${version}:${x},${y},${z}/${dir}/${level}` (core's
 * keyId), the sky `${worldId}/panorama/v${version}`; the id alone says which world, version and
 * slot a frame fills, so manifests can be filtered by an edit without reading any frame.
 */
export function frameIdFor(worldId: string, key: FrameKey): string {
  return `${worldId}/${keyId(key)}`
}

export function panoramaIdFor(worldId: string, version: number): string {
  return `${worldId}/panorama/v${version}`
}

const TILE_ID = /^v(\d+):(-?\d+),(-?\d+),(-?\d+)\/(\d+)\/(\d+)$/

/** The key a tile id was made from, or null (a panorama, another world's id, or a malformed id). */
export function keyFromFrameId(worldId: string, id: string): FrameKey | null {
  if (!id.startsWith(`${worldId}/`)) return null
  const m = TILE_ID.exec(id.slice(worldId.length + 1))
  if (!m) return null
  const n = m.slice(1).map(Number)
  return { worldVersion: n[0]!, cell: [n[1]!, n[2]!, n[3]!], dir: n[4]!, level: n[5]! }
}

/** The same frame id under another world (duplicating a world copies its frames). */
export function rehomeFrameId(id: string, fromWorld: string, toWorld: string): string {
  if (!id.startsWith(`${fromWorld}/`)) throw new Error(`frame ${id} is not of world ${fromWorld}`)
  return `${toWorld}/${id.slice(fromWorld.length + 1)}`
}
