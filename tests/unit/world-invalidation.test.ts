import { describe, expect, it } from 'vitest'
import { parseCommand } from '../../src/core/command'
import type { SplatBatch } from '../../src/core/lift/splat-batch'
import { SplatWorld } from '../../src/core/lift/splat-world'
import { groundPlane, renderSyntheticFrame } from '../../src/core/lift/synthetic-frame'
import { SpatialMemory } from '../../src/core/memory'
import { pose, yawPitchQuat, yawQuat, type Pose } from '../../src/core/pose'
import { styleVector } from '../../src/core/style'
import { FrameScheduler, footprintContains, type FrameKey } from '../../src/core/stream'
import {
  WorldDocument,
  affectedPages,
  invalidateChange,
  keyPredicateFor,
  planEdit,
} from '../../src/core/world'

/** Byte-for-byte equality of two splat pages (vitest's deep equality is slow on large typed arrays). */
function sameBytes(a: SplatBatch | undefined, b: SplatBatch | undefined): boolean {
  if (!a || !b || a.count !== b.count) return false
  const fields = ['centers', 'scales', 'quats', 'colors', 'opacities'] as const
  return fields.every((f) =>
    Buffer.from(a[f].buffer, a[f].byteOffset, a[f].byteLength).equals(
      Buffer.from(b[f].buffer, b[f].byteOffset, b[f].byteLength),
    ),
  )
}

const cam = { model: 'perspective' as const, width: 48, height: 48, fovYDeg: 90 }
const down = (x: number): Pose => pose([x, 20, 16], yawPitchQuat(0, -Math.PI / 2))
/** Two areas 2 km apart: far beyond a frame's 200 m range and any region radius. */
const AREA_A = [16, 48, 80, 112]
const AREA_B = [2016, 2048, 2080, 2112]

function newWorld(): WorldDocument {
  const doc = new WorldDocument()
  const style = Array.from(styleVector())
  doc.apply({
    kind: 'create',
    description: 'a meadow',
    region: { center: [0, 0], radius: 4000, style, seed: 1 },
  })
  return doc
}

describe('an edit invalidates only what it touches', () => {
  it('"add a lake over there" removes splats in its disc; the other area stays bit-identical', () => {
    const splats = new SplatWorld()
    for (const x of [...AREA_A, ...AREA_B])
      splats.addFrame(renderSyntheticFrame(groundPlane(0), down(x), cam))
    const ids = splats.store.pageIds()
    const snapshot = new Map(ids.map((id) => [id, structuredClone(splats.store.view(id)!)]))
    const revisions = new Map(ids.map((id) => [id, splats.store.page(id)!.revision]))

    const doc = newWorld()
    const plan = planEdit(parseCommand('add a lake over there'), {
      pose: pose([0, 1.6, 60], yawQuat(0)),
      target: [48, 0, 16],
      world: doc,
      options: { expandRadius: 40 },
    })
    if (plan.kind !== 'edit') throw new Error(JSON.stringify(plan))
    const change = doc.apply(plan.edit)
    expect(change.footprints).toEqual([{ center: [48, 16], radius: 40 }])

    const predicted = affectedPages(change.footprints, ids, splats.store.pageSize)
    const { pages } = invalidateChange(change, { splats })
    expect(pages.length).toBeGreaterThan(0)
    expect(pages.every((id) => predicted.includes(id))).toBe(true)

    const bPages = ids.filter((id) => Number(id.split(',')[0]) >= 2000 / 32)
    expect(bPages.length).toBeGreaterThanOrEqual(4)
    for (const id of bPages) {
      expect(pages).not.toContain(id)
      expect(sameBytes(splats.store.view(id), snapshot.get(id))).toBe(true)
      expect(splats.store.page(id)!.revision).toBe(revisions.get(id))
    }
    for (const id of ids.filter((i) => !pages.includes(i)))
      expect(sameBytes(splats.store.view(id), snapshot.get(id))).toBe(true)
    // Nothing is left inside the lake's disc, and the A splats outside it survived.
    let inside = 0
    let outside = 0
    for (const id of splats.store.pageIds()) {
      const b = splats.store.view(id)!
      for (let i = 0; i < b.count; i++) {
        const x = b.centers[3 * i]!
        if (footprintContains(change.footprints[0]!, x, b.centers[3 * i + 2]!, -1e-3)) inside++
        else if (x < 1000) outside++
      }
    }
    expect(inside).toBe(0)
    expect(outside).toBeGreaterThan(0)
  })

  it('frames whose view meets the edit stop being valid at its version; far ones carry over', () => {
    const memory = new SpatialMemory()
    const scheduler = new FrameScheduler({ coverage: memory })
    const keysAt = (x: number): FrameKey[] =>
      scheduler.tiles.map((_, dir) => ({
        worldVersion: 1,
        cell: scheduler.grid.cellOf([x, 1.6, 16]),
        dir,
        level: 0,
      }))
    const near = keysAt(48)
    const far = keysAt(2048)
    for (const k of [...near, ...far])
      memory.put(k, renderSyntheticFrame(groundPlane(0), down(48), { ...cam, width: 8, height: 8 }))

    const doc = newWorld()
    const edit = {
      kind: 'expand' as const,
      description: 'a lake',
      region: {
        center: [60, 16] as [number, number],
        radius: 40,
        style: Array.from(styleVector({ water: 0.9 })),
        seed: 9,
      },
    }
    const change = doc.apply(edit)
    expect(change.version).toBe(2)
    invalidateChange(change, { scheduler, memory })

    const at = (k: FrameKey, v: number): FrameKey => ({ ...k, worldVersion: v })
    // Inside the disc every direction sees the edit; version 1 keeps its frames for history.
    expect(near.every((k) => !memory.has(at(k, 2)) && memory.has(at(k, 1)))).toBe(true)
    expect(far.every((k) => memory.has(at(k, 2)))).toBe(true)
    // The scheduler asks for the near cell again at the new version, not for the far one.
    const wanted = (x: number): number =>
      scheduler
        .candidates({ pose: pose([x, 1.6, 16]), worldVersion: 2, regions: doc.regions })
        .filter((c) => c.key.level === 0).length
    expect(wanted(48)).toBe(scheduler.tiles.length)
    expect(wanted(2048)).toBe(0)
  })

  it('keyPredicateFor: no footprints match nothing; a distant key sees an edit only if it faces it', () => {
    const scheduler = new FrameScheduler()
    const geo = scheduler.geometry
    expect(keyPredicateFor([], geo)({ worldVersion: 1, cell: [0, 0, 0], dir: 0, level: 0 })).toBe(false)
    const match = keyPredicateFor([{ center: [0, -100], radius: 20 }], geo)
    const seeing = scheduler.tiles.map((_, dir) => match({ worldVersion: 1, cell: [0, 0, 0], dir, level: 0 }))
    expect(seeing.some(Boolean)).toBe(true)
    expect(seeing.every(Boolean)).toBe(false)
  })

  it('affectedPages is the pages whose square meets a footprint', () => {
    const ids = ['0,0', '1,0', '2,0', '-1,-1', '5,5', 'junk']
    expect(affectedPages([{ center: [32, 16], radius: 1 }], ids, 32)).toEqual(['0,0', '1,0'])
    expect(
      affectedPages(
        [
          { center: [-1, -1], radius: 0.5 },
          { center: [170, 170], radius: 2 },
        ],
        ids,
        32,
      ),
    ).toEqual(['-1,-1', '5,5'])
    expect(affectedPages([], ids, 32)).toEqual([])
  })
})
