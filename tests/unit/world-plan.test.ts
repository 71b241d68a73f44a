import { describe, expect, it } from 'vitest'
import { parseCommand } from '../../src/core/command'
import { pose, yawQuat, type Vec3 } from '../../src/core/pose'
import { MAX_REGIONS } from '../../src/core/region'
import { DEFAULT_STYLE, STYLE_INDEX, styleVector } from '../../src/core/style'
import { WorldDocument, cloneRegion, planEdit, type EditPlan, type WorldEdit } from '../../src/core/world'

const deg = Math.PI / 180
/** Viewer at the origin facing -X (yaw 90): ahead is -X, left is +Z. */
const viewer = pose([0, 1.6, 0], yawQuat(90 * deg))
const target: Vec3 = [120, 0.5, -80]

function world(): WorldDocument {
  const doc = new WorldDocument()
  doc.apply({
    kind: 'create',
    description: 'a meadow',
    region: { center: [0, 0], radius: 4000, style: Array.from(styleVector()), seed: 3 },
  })
  return doc
}

const plan = (utterance: string, doc: WorldDocument, t: Vec3 | null = null): EditPlan =>
  planEdit(parseCommand(utterance), { pose: viewer, target: t, world: doc })

function edit(p: EditPlan): WorldEdit {
  if (p.kind !== 'edit') throw new Error(`expected an edit, got ${JSON.stringify(p)}`)
  return p.edit
}

const near = (a: readonly number[], b: readonly number[]): boolean =>
  a.every((v, i) => Math.abs(v - b[i]!) < 1e-9)

describe('planEdit: placement of expansions and restyles', () => {
  // Each row: utterance, target, and what the edit must be.
  const rows: {
    say: string
    target: Vec3 | null
    kind: string
    center?: [number, number]
    check?: (e: WorldEdit) => void
  }[] = [
    {
      say: 'add a lake over there',
      target,
      kind: 'expand',
      center: [120, -80],
      check: (e) => {
        if (e.kind !== 'expand') throw new Error()
        expect(e.region.radius).toBe(60)
        expect(e.region.style[STYLE_INDEX.water]).toBeGreaterThanOrEqual(0.6)
        expect(e.description).toBe('a lake')
      },
    },
    { say: 'add a lake', target, kind: 'expand', center: [120, -80] },
    { say: 'add a lake', target: null, kind: 'expand', center: [-63, 0] },
    { say: 'add a forest to my left', target: null, kind: 'expand', center: [0, 63] },
    { say: 'put some hills behind me', target: null, kind: 'expand', center: [63, 0] },
    // Nearer than radius + shore (60 + 3 m), an expansion moves out along the aim: the viewer
    // stands on its shore.
    { say: 'add a desert here', target: null, kind: 'expand', center: [-63, 0] },
    { say: 'add a lake over there', target: [-4, 0.2, 0], kind: 'expand', center: [-63, 0] },
    { say: 'add a lake over there', target: [-30, 0.2, 40], kind: 'expand', center: [-37.8, 50.4] },
    {
      say: 'make it night',
      target: null,
      kind: 'restyle',
      check: (e) => {
        if (e.kind !== 'restyle') throw new Error()
        expect(e.scope).toBe('world')
        expect(e.set).toEqual({ timeOfDay: Math.fround(0.02) })
      },
    },
    {
      say: 'turn this area into autumn',
      target,
      kind: 'restyle',
      center: [120, -80],
      check: (e) => {
        if (e.kind !== 'restyle' || e.scope !== 'area') throw new Error()
        expect(e.radius).toBe(40)
        expect(Object.keys(e.set).sort()).toEqual([
          'fog',
          'foliageB',
          'foliageG',
          'foliageR',
          'groundB',
          'groundG',
          'groundR',
        ])
        expect(e.set.foliageR).toBeGreaterThan(DEFAULT_STYLE.foliageR)
      },
    },
    { say: 'turn this area into autumn', target: null, kind: 'restyle', center: [-5, 0] },
    { say: 'make that area snowy', target, kind: 'restyle', center: [120, -80] },
  ]
  it.each(rows)('"$say" (target: $target)', ({ say, target: t, kind, center, check }) => {
    const p = plan(say, world(), t)
    const e = edit(p)
    expect(e.kind).toBe(kind)
    if (center) {
      const at =
        e.kind === 'expand' ? e.region.center : e.kind === 'restyle' && e.scope === 'area' ? e.center : null
      expect(at && near(at, center)).toBe(true)
      expect(p.kind === 'edit' && p.focus && near(p.focus, center)).toBe(true)
    }
    check?.(e)
  })

  it('"add a lake over there" aimed at the viewer\'s feet leaves them on the shore', () => {
    for (const t of [
      [-4, 0, 0],
      [0, 0, 0],
      [20, 0, -20],
    ] as Vec3[]) {
      const e = edit(plan('add a lake over there', world(), t))
      if (e.kind !== 'expand') throw new Error()
      const d = Math.hypot(e.region.center[0] - viewer.position[0], e.region.center[1] - viewer.position[2])
      expect(d).toBeCloseTo(e.region.radius + 3, 9)
    }
  })

  it('expansions toward a direction step past what is already there', () => {
    const doc = world()
    doc.apply(edit(plan('add a forest to my left', doc)))
    const second = edit(plan('add a lake to my left', doc))
    if (second.kind !== 'expand') throw new Error()
    expect(near(second.region.center, [0, 153])).toBe(true)
  })
})

describe('planEdit: non-edits and errors', () => {
  it('"add a lake over there" without a target asks to point first, with suggestions', () => {
    const p = plan('add a lake over there', world())
    expect(p).toEqual({
      kind: 'error',
      error: expect.stringMatching(/point at a place first/i) as unknown,
      suggestions: ['add a lake here', 'add a lake ahead'],
    })
  })

  it('"make that area snowy" without a target asks to point first', () => {
    const p = plan('make that area snowy', world())
    expect(p.kind === 'error' && p.error).toMatch(/point at a place first/i)
  })

  const refines: { say: string; target: Vec3 | null; center: [number, number] }[] = [
    { say: 'expand here', target: null, center: [-5, 0] },
    { say: 'expand here', target, center: [120, -80] },
    { say: 'show me more', target: null, center: [-50, 0] },
    { say: 'fill in that area', target, center: [120, -80] },
  ]
  it.each(refines)('"$say" (target: $target) refines without an edit', ({ say, target: t, center }) => {
    const doc = world()
    const p = plan(say, doc, t)
    if (p.kind !== 'refine') throw new Error(JSON.stringify(p))
    expect(near(p.footprint.center, center)).toBe(true)
    expect(p.footprint.radius).toBe(30)
    expect(doc.version).toBe(1)
  })

  it('save is a marker for the app', () => {
    expect(plan('save my world', world())).toEqual({ kind: 'save', save: true })
  })

  it('unknown speech changes nothing and offers suggestions', () => {
    const p = plan('what time is it in tokyo', world())
    expect(p.kind).toBe('error')
    expect(p.kind === 'error' && p.suggestions.length).toBeGreaterThan(0)
  })

  it('undo and redo need something to undo or redo', () => {
    expect(plan('undo', world())).toMatchObject({ kind: 'error', error: 'There is nothing to undo.' })
    expect(plan('redo', world())).toMatchObject({ kind: 'error', error: 'There is nothing to redo.' })
  })

  it('a crowded place refuses expansions with a clear error', () => {
    const doc = world()
    for (let i = 1; i < MAX_REGIONS; i++) doc.apply(edit(plan('add a lake ahead', doc)))
    const p = plan('add a lake ahead', doc)
    expect(p).toMatchObject({ kind: 'error', suggestions: ['undo', 'make this area a lake'] })
    expect(p.kind === 'error' && p.error).toMatch(`already has ${MAX_REGIONS - 1} added areas`)
  })
})

describe('planEdit then apply', () => {
  it('"undo" after an expand restores the previous regions; "redo" brings it back', () => {
    const doc = world()
    const before = doc.regions.map(cloneRegion)
    doc.apply(edit(plan('add a lake over there', doc, target)))
    const after = doc.regions.map(cloneRegion)
    expect(doc.regions.length).toBe(2)
    const undo = doc.apply(edit(plan('undo', doc)))
    expect(doc.regions).toEqual(before)
    expect(undo.footprints).toEqual([{ center: [120, -80], radius: 60 }])
    doc.apply(edit(plan('redo', doc)))
    expect(doc.regions).toEqual(after)
    expect(doc.version).toBe(4)
  })

  it('"create a desert world" makes a new base region at the start', () => {
    const e = edit(plan('create a desert world', world()))
    if (e.kind !== 'create') throw new Error()
    expect(e.region.center).toEqual([0, 0])
    expect(e.region.radius).toBe(4000)
    expect(e.region.style[STYLE_INDEX.sand]).toBeGreaterThan(0.5)
  })

  it('an area restyle in an expansion restyles it, keeping its other features', () => {
    const doc = world()
    doc.apply(edit(plan('add a lake over there', doc, target)))
    const lake = cloneRegion(doc.regions[1]!)
    const change = doc.apply(edit(plan('turn this area into autumn', doc, [125, 0, -75])))
    expect(doc.regions.map((r) => r.id)).toEqual(['base', 'r2'])
    expect(change.footprints).toEqual([{ center: [120, -80], radius: 60 }])
    expect(doc.regions[1]!.style[STYLE_INDEX.water]).toBe(lake.style[STYLE_INDEX.water])
    expect(doc.regions[1]!.style[STYLE_INDEX.foliageR]).not.toBe(lake.style[STYLE_INDEX.foliageR])
  })
})
