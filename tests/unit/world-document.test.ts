import { describe, expect, it } from 'vitest'
import { MAX_REGIONS } from '../../src/core/region'
import { STYLE_INDEX, styleVector } from '../../src/core/style'
import {
  WorldDocument,
  WorldEditError,
  cloneRegion,
  type RegionData,
  type WorldEdit,
} from '../../src/core/world'

const data = (x: number, z: number, radius: number, water = 0.3, seed = 7): RegionData => ({
  center: [x, z],
  radius,
  style: Array.from(styleVector({ water })),
  seed,
})
const create: WorldEdit = { kind: 'create', description: 'a meadow', region: data(0, 0, 4000, 0.3, 1) }
const lake = (x: number, z: number): WorldEdit => ({
  kind: 'expand',
  description: 'a lake',
  region: data(x, z, 60, 0.9),
})
const night: WorldEdit = { kind: 'restyle', scope: 'world', description: 'night', set: { timeOfDay: 0.02 } }

const clock = (): (() => number) => {
  let t = 1000
  return () => t++
}

describe('WorldDocument sequences', () => {
  // Each row: the edits applied, then the expected version and region ids.
  const rows: {
    name: string
    edits: WorldEdit[]
    version: number
    ids: string[]
    canUndo: boolean
    canRedo: boolean
  }[] = [
    { name: 'empty', edits: [], version: 0, ids: [], canUndo: false, canRedo: false },
    { name: 'create', edits: [create], version: 1, ids: ['base'], canUndo: false, canRedo: false },
    {
      name: 'expand twice',
      edits: [create, lake(100, 0), lake(0, 100)],
      version: 3,
      ids: ['base', 'r2', 'r3'],
      canUndo: true,
      canRedo: false,
    },
    {
      name: 'expand, undo',
      edits: [create, lake(100, 0), { kind: 'undo' }],
      version: 3,
      ids: ['base'],
      canUndo: false,
      canRedo: true,
    },
    {
      name: 'expand, undo, redo',
      edits: [create, lake(100, 0), { kind: 'undo' }, { kind: 'redo' }],
      version: 4,
      ids: ['base', 'r2'],
      canUndo: true,
      canRedo: false,
    },
    {
      name: 'undo then a new edit drops redo',
      edits: [create, lake(100, 0), { kind: 'undo' }, lake(0, 100)],
      version: 4,
      ids: ['base', 'r4'],
      canUndo: true,
      canRedo: false,
    },
    {
      name: 'remove',
      edits: [create, lake(100, 0), lake(0, 100), { kind: 'remove', description: '', regionId: 'r2' }],
      version: 4,
      ids: ['base', 'r3'],
      canUndo: true,
      canRedo: false,
    },
    {
      name: 'remove, undo restores order',
      edits: [
        create,
        lake(100, 0),
        lake(0, 100),
        { kind: 'remove', description: '', regionId: 'r2' },
        { kind: 'undo' },
      ],
      version: 5,
      ids: ['base', 'r2', 'r3'],
      canUndo: true,
      canRedo: true,
    },
    {
      name: 'area restyle outside expansions adds a region',
      edits: [
        create,
        {
          kind: 'restyle',
          scope: 'area',
          description: 'autumn',
          center: [500, 0],
          radius: 40,
          set: { foliageR: 0.5 },
        },
      ],
      version: 2,
      ids: ['base', 'r2'],
      canUndo: true,
      canRedo: false,
    },
    {
      name: 'area restyle inside an expansion changes it',
      edits: [
        create,
        lake(100, 0),
        {
          kind: 'restyle',
          scope: 'area',
          description: 'autumn',
          center: [110, 0],
          radius: 40,
          set: { foliageR: 0.5 },
        },
      ],
      version: 3,
      ids: ['base', 'r2'],
      canUndo: true,
      canRedo: false,
    },
    {
      name: 'create over a world is undoable',
      edits: [create, lake(100, 0), create, { kind: 'undo' }],
      version: 4,
      ids: ['base', 'r2'],
      canUndo: true,
      canRedo: true,
    },
  ]
  it.each(rows)('$name', ({ edits, version, ids, canUndo, canRedo }) => {
    const doc = new WorldDocument({ now: clock() })
    const versions = edits.map((e) => doc.apply(e).version)
    expect(versions).toEqual(edits.map((_, i) => i + 1))
    expect(doc.version).toBe(version)
    expect(doc.regions.map((r) => r.id)).toEqual(ids)
    expect([doc.canUndo, doc.canRedo]).toEqual([canUndo, canRedo])
    expect(doc.history.map((h) => h.version)).toEqual(versions)
  })

  it('records history for the prompt panel', () => {
    const doc = new WorldDocument({ now: clock() })
    doc.apply(create)
    doc.apply(lake(100, 0))
    doc.apply({ kind: 'undo' })
    expect(doc.history.map((h) => [h.version, h.edit.kind, h.description, h.time])).toEqual([
      [1, 'create', 'create: a meadow', 1000],
      [2, 'expand', 'expand: a lake', 1001],
      [3, 'undo', 'undo: expand: a lake', 1002],
    ])
  })
})

describe('WorldDocument footprints and undo', () => {
  it('an expand reports exactly the new region disc', () => {
    const doc = new WorldDocument()
    doc.apply(create)
    const change = doc.apply(lake(120, -40))
    expect(change.footprints).toEqual([{ center: [120, -40], radius: 60 }])
  })

  it('a world restyle reports every region and changes only the named feature', () => {
    const doc = new WorldDocument()
    doc.apply(create)
    doc.apply(lake(100, 0))
    doc.apply(lake(-100, 0))
    const before = doc.regions.map(cloneRegion)
    const change = doc.apply(night)
    expect(change.footprints).toEqual(before.map((r) => ({ center: r.center, radius: r.radius })))
    doc.regions.forEach((r, i) => {
      expect(r.style[STYLE_INDEX.timeOfDay]).toBe(Math.fround(0.02))
      const others = Array.from(r.style).filter((_, k) => k !== STYLE_INDEX.timeOfDay)
      expect(others).toEqual(Array.from(before[i]!.style).filter((_, k) => k !== STYLE_INDEX.timeOfDay))
    })
  })

  it('undo and redo restore bit-identical tables and report their footprints', () => {
    const doc = new WorldDocument()
    doc.apply(create)
    doc.apply(lake(100, 0))
    const v2 = doc.regions.map(cloneRegion)
    doc.apply(night)
    const v3 = doc.regions.map(cloneRegion)
    const undo = doc.apply({ kind: 'undo' })
    expect(undo.version).toBe(4)
    expect(doc.regions).toEqual(v2)
    doc.regions.forEach((r, i) =>
      expect(new Uint8Array(r.style.buffer)).toEqual(new Uint8Array(v2[i]!.style.buffer)),
    )
    expect(undo.footprints).toEqual([
      { center: [0, 0], radius: 4000 },
      { center: [100, 0], radius: 60 },
    ])
    const undo2 = doc.apply({ kind: 'undo' })
    expect(undo2.footprints).toEqual([{ center: [100, 0], radius: 60 }])
    doc.apply({ kind: 'redo' })
    const redo = doc.apply({ kind: 'redo' })
    expect(redo.version).toBe(7)
    expect(doc.regions).toEqual(v3)
  })

  it('a restyle that changes nothing reports no footprints', () => {
    const doc = new WorldDocument()
    doc.apply(create)
    doc.apply(night)
    expect(doc.apply(night).footprints).toEqual([])
  })
})

describe('WorldDocument refusals leave the document unchanged', () => {
  const cases: { name: string; edits: WorldEdit[]; code: string }[] = [
    { name: 'expand with no world', edits: [lake(0, 0)], code: 'no-world' },
    { name: 'undo the root create', edits: [create, { kind: 'undo' }], code: 'nothing-to-undo' },
    { name: 'redo with nothing undone', edits: [create, { kind: 'redo' }], code: 'nothing-to-redo' },
    {
      name: 'remove the base',
      edits: [create, { kind: 'remove', description: '', regionId: 'base' }],
      code: 'base-region',
    },
    {
      name: 'remove an unknown region',
      edits: [create, { kind: 'remove', description: '', regionId: 'r9' }],
      code: 'unknown-region',
    },
    {
      name: 'NaN centre',
      edits: [create, { kind: 'expand', description: '', region: data(Number.NaN, 0, 60) }],
      code: 'invalid-edit',
    },
    {
      name: 'negative radius',
      edits: [create, { kind: 'expand', description: '', region: data(0, 0, -1) }],
      code: 'invalid-edit',
    },
    {
      name: 'unknown feature',
      edits: [create, { kind: 'restyle', scope: 'world', description: '', set: { colour: 1 } as never }],
      code: 'invalid-edit',
    },
    {
      name: `more than ${MAX_REGIONS - 1} expansions in one place`,
      edits: [create, ...Array.from({ length: MAX_REGIONS }, (_, i) => lake(200 * i, 0))],
      code: 'crowded-place',
    },
  ]
  it.each(cases)('$name', ({ edits, code }) => {
    const doc = new WorldDocument()
    for (const e of edits.slice(0, -1)) doc.apply(e)
    const version = doc.version
    const regions = doc.regions
    let error: unknown
    try {
      doc.apply(edits[edits.length - 1]!)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(WorldEditError)
    expect((error as WorldEditError).code).toBe(code)
    expect((error as WorldEditError).message.length).toBeGreaterThan(10)
    expect(doc.version).toBe(version)
    expect(doc.regions).toBe(regions)
  })

  it('the crowded-place message says what to do', () => {
    const doc = new WorldDocument()
    doc.apply(create)
    for (let i = 1; i < MAX_REGIONS; i++) doc.apply(lake(200 * i, 0))
    expect(() => doc.apply(lake(0, 500))).toThrow(
      /most one place can hold: undo one, restyle one .*farther away/,
    )
  })

  it('holds far more regions than the model has rows, spread over the world', () => {
    const doc = new WorldDocument()
    doc.apply(create)
    for (let i = 0; i < 60; i++) doc.apply(lake(500 * i, (i % 2) * 300))
    expect(doc.regions).toHaveLength(61)
    doc.apply({ kind: 'undo' })
    expect(doc.regions).toHaveLength(60)
  })
})

describe('WorldDocument replay', () => {
  it('the log replays to the same document', () => {
    const doc = new WorldDocument({ now: clock() })
    const edits: WorldEdit[] = [
      create,
      lake(100, 0),
      night,
      { kind: 'undo' },
      lake(0, -90),
      { kind: 'remove', description: '', regionId: 'r2' },
      { kind: 'undo' },
      { kind: 'redo' },
    ]
    for (const e of edits) doc.apply(e)
    const again = WorldDocument.replay(doc.history)
    expect(again.version).toBe(doc.version)
    expect(again.regions).toEqual(doc.regions)
    expect(again.history).toEqual(doc.history)
    expect([again.canUndo, again.canRedo]).toEqual([doc.canUndo, doc.canRedo])
  })
})
