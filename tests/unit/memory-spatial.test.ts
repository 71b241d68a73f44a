import { describe, expect, it } from 'vitest'
import type { Frame } from '../../src/core/frame'
import { SpatialMemory } from '../../src/core/memory/spatial-memory'
import { smallestK } from '../../src/core/memory/context-retrieval'
import { pose, yawQuat, type Pose, type Vec3 } from '../../src/core/pose'
import { FrameScheduler } from '../../src/core/stream/frame-scheduler'
import type { FrameKey } from '../../src/core/stream/frame-key'
import { exploredFrames } from '../../src/session/explored-frames'

const SIZE = 16
const BYTES = SIZE * SIZE * 8 // rgba + float32 depth

function frame(p: Pose, id = 0): Frame {
  return {
    requestId: id,
    pose: p,
    camera: { model: 'perspective', width: SIZE, height: SIZE, fovYDeg: 90 },
    worldVersion: 0,
    modelId: 'test',
    rgba: new Uint8Array(SIZE * SIZE * 4),
    depth: new Float32Array(SIZE * SIZE),
    modelMs: 1,
  }
}
const key = (dir: number, worldVersion = 0, cell: Vec3 = [0, 0, 0], level = 0): FrameKey => ({
  worldVersion,
  cell,
  dir,
  level,
})

describe('SpatialMemory keying', () => {
  it('stores and finds frames by (version, cell, direction, level); a frame serves later versions', () => {
    const m = new SpatialMemory()
    const f = frame(pose([0, 0, 0]))
    m.put(key(0, 3), f)
    expect(m.get(key(0, 3))).toBe(f)
    expect(m.get(key(0, 7))).toBe(f)
    expect(m.get(key(0, 2))).toBeUndefined()
    expect(m.get(key(1, 3))).toBeUndefined()
    expect(m.get(key(0, 3, [0, 0, 1]))).toBeUndefined()
    expect(m.get(key(0, 3, [0, 0, 0], 1))).toBeUndefined()
    expect(m.bytes).toBe(BYTES)
  })

  it('an edit ends validity at its version; re-putting replaces without double counting', () => {
    const m = new SpatialMemory()
    m.put(key(1), frame(pose([0, 0, 0])))
    m.put(key(2), frame(pose([0, 0, 0])))
    m.put(key(2), frame(pose([0, 0, 0])))
    expect(m.bytes).toBe(2 * BYTES)
    m.invalidate((k) => k.dir === 1, 5)
    expect(m.has(key(1, 4))).toBe(true)
    expect(m.has(key(1, 5))).toBe(false)
    expect(m.has(key(2, 9))).toBe(true)
    m.invalidate((k) => k.dir === 2)
    expect(m.bytes).toBe(BYTES)
  })

  it('forgets the frames an edit closed, and only those, with their bytes', () => {
    const m = new SpatialMemory()
    m.put(key(1), frame(pose([0, 0, 0])))
    m.put(key(2), frame(pose([0, 0, 0])))
    m.put(key(1, 5), frame(pose([0, 0, 0])))
    m.invalidate((k) => k.dir === 1 && k.worldVersion < 5, 5)
    expect(m.size).toBe(3)
    expect(m.forgetBefore(5).map((k) => [k.dir, k.worldVersion])).toEqual([[1, 0]])
    expect(m.has(key(1, 4))).toBe(false)
    expect(m.has(key(1, 5))).toBe(true)
    expect(m.has(key(2, 9))).toBe(true)
    expect(m.size).toBe(2)
    expect(m.bytes).toBe(2 * BYTES)
    expect(m.forgetBefore(5)).toEqual([])
  })

  it('serves as the scheduler coverage: stored frames are not asked for again', () => {
    const m = new SpatialMemory()
    const s = new FrameScheduler({ coverage: m })
    const viewer = pose([1, 1.5, 1])
    const first = s.next({ now: 0, pose: viewer, regions: [], worldVersion: 0, inFlight: [] }).issue[0]
    m.put(first.key, frame(first.request.pose))
    const second = s.next({ now: 1, pose: viewer, regions: [], worldVersion: 0, inFlight: [] }).issue[0]
    expect(second.key).not.toEqual(first.key)
  })
})

describe('SpatialMemory context retrieval', () => {
  const m = new SpatialMemory()
  const poses: [string, Pose][] = [
    ['here, same way', pose([0, 0, 0])],
    ['1 m away, same way', pose([1, 0, 0])],
    ['here, 90 degrees left', pose([0, 0, 0], yawQuat(Math.PI / 2))],
    ['here, behind', pose([0, 0, 0], yawQuat(Math.PI))],
    ['30 m away', pose([30, 0, 0])],
  ]
  poses.forEach(([, p], i) => m.put(key(i), frame(p, i)))

  it.each([
    [1, ['here, same way']],
    [2, ['here, same way', '1 m away, same way']],
    [4, ['here, same way', '1 m away, same way', 'here, 90 degrees left', '30 m away']],
  ] as [number, string[]][])('K = %i nearest, position plus view angle, never facing away', (k, want) => {
    const got = m.nearest(pose([0.1, 0, 0]), k, { worldVersion: 0 })
    expect(got.map((s) => poses[s.frame.requestId][0])).toEqual(want)
  })

  it('only frames valid at the asked version', () => {
    expect(m.nearest(pose([0, 0, 0]), 5, { worldVersion: -1 })).toHaveLength(0)
  })

  it('smallestK is a stable partial sort', () => {
    expect(smallestK([5, 1, 4, 1, 3], 3, (x) => x)).toEqual([1, 1, 3])
    expect(smallestK([2, 1], 0, (x) => x)).toEqual([])
  })
})

describe('SpatialMemory eviction', () => {
  it('drops least recently used evictable frames first, keeping the budget', () => {
    const m = new SpatialMemory({ budgetBytes: 3 * BYTES })
    for (let i = 0; i < 3; i++) m.put(key(i), frame(pose([i, 0, 0])), { regenerable: true })
    m.get(key(0)) // used: now the newest
    const evicted = m.put(key(3), frame(pose([3, 0, 0])), { regenerable: true })
    expect(evicted.map((k) => k.dir)).toEqual([1])
    expect(m.bytes).toBe(3 * BYTES)
    expect(m.overBudget).toBe(false)
  })

  it('never drops the only copy of unpersisted, unrepeatable work, even over budget', () => {
    const m = new SpatialMemory({ budgetBytes: 2 * BYTES })
    for (let i = 0; i < 4; i++) m.put(key(i), frame(pose([i, 0, 0])))
    expect(m.size).toBe(4)
    expect(m.overBudget).toBe(true)
    m.put(key(9), frame(pose([9, 0, 0])), { persisted: true })
    // The persisted one went, being the only evictable frame: away, still covering its slot.
    expect(m.get(key(9))).toBeUndefined()
    expect(m.has(key(9))).toBe(true)
    expect(m.awaySize).toBe(1)
    expect([0, 1, 2, 3].every((d) => m.get(key(d)) !== undefined)).toBe(true)
    // Once storage has written them, they may go.
    m.markPersisted(key(0))
    m.markPersisted(key(1))
    expect(m.size).toBe(2)
    expect(m.overBudget).toBe(false)
    expect([m.get(key(2)), m.get(key(3))].every(Boolean)).toBe(true)
  })

  it('forgets a regenerable frame it evicts that storage does not hold: the model is asked again', () => {
    const m = new SpatialMemory({ budgetBytes: BYTES })
    m.put(key(0), frame(pose([0, 0, 0])), { regenerable: true })
    m.put(key(1), frame(pose([1, 0, 0])), { regenerable: true })
    expect(m.has(key(0))).toBe(false)
    expect(m.awaySize).toBe(0)
  })
})

describe('SpatialMemory frames away (in storage only)', () => {
  it('sends persisted frames away on request; their slots stay covered and they come back', () => {
    const m = new SpatialMemory()
    const far = frame(pose([3000, 0, 0]))
    m.put(key(0), frame(pose([0, 0, 0])), { persisted: true })
    m.put(key(1), far, { persisted: true })
    m.put(key(2), frame(pose([3000, 0, 5]))) // not on disk yet: stays
    const gone = m.sendAway((s) => s.frame.pose.position[0] > 1000)
    expect(gone.map((k) => k.dir)).toEqual([1])
    expect(m.size).toBe(2)
    expect(m.bytes).toBe(2 * BYTES)
    expect(m.has(key(1))).toBe(true)
    expect(m.has(key(1, 5))).toBe(true) // valid at later versions, as in memory
    expect(m.get(key(1))).toBeUndefined()
    expect([...m.frames()].map((s) => s.key.dir).sort()).toEqual([0, 2])
    expect(m.awayKeys(() => true).map((k) => k.dir)).toEqual([1])
    expect(m.bringBack(key(1), far)).toBe(true)
    expect(m.get(key(1))).toBe(far)
    expect(m.awaySize).toBe(0)
    expect(m.bytes).toBe(3 * BYTES)
  })

  it('does not bring back a frame an edit closed, or a new world dropped, while it was read', () => {
    const m = new SpatialMemory()
    m.put(key(0, 1), frame(pose([0, 0, 0])), { persisted: true })
    m.put(key(1, 1), frame(pose([0, 0, 0])), { persisted: true })
    m.sendAway(() => true)
    m.invalidate((k) => k.dir === 0, 2) // an edit at version 2 touches slot 0
    m.forgetBefore(2)
    expect(m.has(key(0, 2))).toBe(false) // asked for again
    expect(m.has(key(1, 2))).toBe(true)
    expect(m.bringBack(key(0, 1), frame(pose([0, 0, 0])))).toBe(false)
    expect(m.get(key(0, 2))).toBeUndefined()
    m.invalidate(() => true)
    expect(m.awaySize).toBe(0)
    expect(m.bringBack(key(1, 1), frame(pose([0, 0, 0])))).toBe(false)
    expect(m.size).toBe(0)
  })

  it('uncovers a lost frame, and lists a stored frame put away without its pixels', () => {
    const m = new SpatialMemory()
    m.putAway(key(4, 2))
    expect(m.has(key(4, 3))).toBe(true)
    expect(m.size).toBe(0)
    m.lost(key(4, 2))
    expect(m.has(key(4, 3))).toBe(false)
  })
})

describe('SpatialMemory.framesAt and exploredFrames (export of everything explored)', () => {
  it('lists the frames a version is made of, here and away, finest first; a frame storage lost is counted', async () => {
    const m = new SpatialMemory()
    const world = { id: 'w', prompt: '', version: 2, regions: [] }
    m.put(key(0, 0, [0, 0, 0], 0), frame(pose([0, 0, 0]), 1), { persisted: true })
    m.put(key(1, 0, [0, 0, 0], 1), frame(pose([0, 0, 0]), 2), { persisted: true })
    m.put(key(2, 0, [9, 0, 0], 0), frame(pose([36, 0, 0]), 3), { persisted: true })
    m.putAway(key(3, 0, [90, 0, 0], 1))
    m.putAway(key(4, 0, [91, 0, 0], 0))
    // An edit at version 2 closes the frame at cell 9 and the away one at cell 91.
    m.invalidate((k) => k.cell[0] === 9 || k.cell[0] === 91, 2)
    const { here, away } = m.framesAt(2)
    expect(here.map((s) => s.frame.requestId).sort()).toEqual([1, 2])
    expect(away.map((k) => k.cell[0])).toEqual([90])
    // Version 1 still has all of them (undo).
    expect(m.framesAt(1).here).toHaveLength(3)

    const read: number[] = []
    const sink = {
      loadFrame: (_w: unknown, k: FrameKey) => {
        read.push(k.cell[0])
        return Promise.resolve(null)
      },
    }
    const explored = exploredFrames(m, world, sink, 2)
    expect(explored.total).toBe(3)
    const order: number[] = []
    for await (const chunk of explored.chunks) for (const f of chunk) order.push(f.requestId)
    // Level 1 first (the fine one here; the fine away one is gone from storage), then level 0.
    expect(order).toEqual([2, 1])
    expect(read).toEqual([90])
    expect(explored.missing).toBe(1)
  })

  it('counts a frame whose read fails (storage throws) as missing, and goes on with the rest', async () => {
    const m = new SpatialMemory()
    const world = { id: 'w', prompt: '', version: 0, regions: [] }
    m.put(key(0, 0, [0, 0, 0], 0), frame(pose([0, 0, 0]), 1), { persisted: true })
    m.putAway(key(1, 0, [50, 0, 0], 0))
    m.putAway(key(2, 0, [51, 0, 0], 0))
    const sink = {
      loadFrame: (_w: unknown, k: FrameKey) =>
        k.cell[0] === 50
          ? Promise.reject(new Error('IndexedDB: the transaction was aborted'))
          : Promise.resolve(frame(pose([204, 0, 0]), 3)),
    }
    const explored = exploredFrames(m, world, sink)
    const got: number[] = []
    for await (const chunk of explored.chunks) for (const f of chunk) got.push(f.requestId)
    expect(got.sort()).toEqual([1, 3])
    expect(explored.missing).toBe(1)
  })
})
