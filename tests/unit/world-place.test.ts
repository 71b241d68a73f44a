/** The place edit: an imported file placed in the world, undoable, saved in the log, validated. */
import { describe, expect, it } from 'vitest'
import { styleVector } from '../../src/core/style'
import {
  MAX_PLACED_ASSETS,
  WorldDocument,
  WorldEditError,
  describeEdit,
  editProblem,
  parseWorldDocument,
  worldDocumentToJson,
  type PlaceEdit,
  type WorldEdit,
} from '../../src/core/world'

const create: WorldEdit = {
  kind: 'create',
  description: 'a meadow',
  region: { center: [0, 0], radius: 4000, style: Array.from(styleVector({ water: 0.2 })), seed: 5 },
}
const lake: WorldEdit = {
  kind: 'expand',
  description: 'a lake',
  region: { center: [90, 0], radius: 60, style: Array.from(styleVector({ water: 0.9 })), seed: 6 },
}
const place = (x = 3, name = 'scan.ply'): PlaceEdit => ({
  kind: 'place',
  description: name,
  asset: {
    assetId: `asset-${x}`,
    name,
    splats: 1234,
    position: [x, 0.5, -4],
    anchor: [0.25, -1, 0.5],
    yaw: 0.3,
    scale: 1,
    radius: 2.5,
  },
})

function docWith(...edits: WorldEdit[]): WorldDocument {
  let t = 100
  const doc = new WorldDocument({ now: () => t++ })
  for (const e of edits) doc.apply(e)
  return doc
}

describe('place edit', () => {
  it('adds a placed asset with a replay-stable id, leaves the regions as they were and changes no frames', () => {
    const doc = docWith(create, lake)
    const regions = doc.regions
    const change = doc.apply(place())
    expect(change.version).toBe(3)
    expect(doc.regions).toBe(regions)
    expect(change.footprints).toEqual([])
    expect(doc.placed.map((p) => [p.id, p.assetId, p.position])).toEqual([['p3', 'asset-3', [3, 0.5, -4]]])
    expect(change.placed).toBe(doc.placed)
    expect(describeEdit(place())).toBe('place: scan.ply')
  })

  it('undo removes it and redo brings it back; other edits keep it; a new world drops it', () => {
    const doc = docWith(create, place())
    const placed = doc.placed
    expect(doc.apply({ kind: 'undo' }).placed).toEqual([])
    expect(doc.canUndo).toBe(false)
    doc.apply({ kind: 'redo' })
    expect(doc.placed).toBe(placed)
    doc.apply(lake)
    expect(doc.placed).toBe(placed)
    doc.apply({ kind: 'undo' }) // undoes the lake, not the placement
    expect(doc.placed).toBe(placed)
    expect(doc.regions.map((r) => r.id)).toEqual(['base'])
    doc.apply(create)
    expect(doc.placed).toEqual([])
  })

  it('round-trips through the saved document and replays to the same placements', () => {
    const doc = docWith(create, place(1), lake, place(2), { kind: 'undo' })
    const back = parseWorldDocument(JSON.parse(JSON.stringify(worldDocumentToJson(doc))))
    expect(back.placed).toEqual(doc.placed)
    expect(back.placed.map((p) => p.id)).toEqual(['p2'])
    expect(back.canRedo).toBe(true)
  })

  it('refuses a placement before a world exists and beyond the cap, leaving the document unchanged', () => {
    const empty = new WorldDocument()
    expect(() => empty.apply(place())).toThrow(WorldEditError)
    expect(empty.version).toBe(0)
    const doc = docWith(create)
    for (let i = 0; i < MAX_PLACED_ASSETS; i++) doc.apply(place(i))
    const version = doc.version
    try {
      doc.apply(place(99))
      expect.unreachable()
    } catch (err) {
      expect((err as WorldEditError).code).toBe('too-many-assets')
    }
    expect(doc.version).toBe(version)
    expect(doc.placed).toHaveLength(MAX_PLACED_ASSETS)
  })

  it('validates every field of the placed asset', () => {
    const bad = (asset: Record<string, unknown>): string | undefined =>
      editProblem({ ...place(), asset: { ...place().asset, ...asset } })?.path
    expect(editProblem(place())).toBeNull()
    expect(editProblem({ kind: 'place', description: 'x' })?.path).toBe('asset')
    expect(editProblem({ ...place(), description: 3 })?.path).toBe('description')
    expect(bad({ assetId: '' })).toBe('asset.assetId')
    expect(bad({ assetId: 'x'.repeat(300) })).toBe('asset.assetId')
    expect(bad({ name: 7 })).toBe('asset.name')
    expect(bad({ splats: 1.5 })).toBe('asset.splats')
    expect(bad({ splats: -1 })).toBe('asset.splats')
    expect(bad({ position: [0, Number.NaN, 0] })).toBe('asset.position')
    expect(bad({ position: [0, 0] })).toBe('asset.position')
    expect(bad({ anchor: [0, 0, Infinity] })).toBe('asset.anchor')
    expect(bad({ yaw: '0' })).toBe('asset.yaw')
    expect(bad({ scale: 0 })).toBe('asset.scale')
    expect(bad({ radius: -2 })).toBe('asset.radius')
    const doc = docWith(create)
    expect(() => doc.apply({ ...place(), asset: { ...place().asset, scale: -1 } })).toThrow(/asset.scale/)
    expect(doc.version).toBe(1)
  })
})
