/**
 * The lift queue's filing of a detail frame: its splats first, then the wide splats it saw taken
 * out one store page per call (a display frame's share on the main thread), the frame counted as
 * filed only once that is done, and the store ending as if it had been done at once.
 */
import { describe, expect, it } from 'vitest'
import { WorldGround } from '../../src/core/ground/world-ground'
import { SplatStore } from '../../src/core/lift/splat-store'
import { groundPlane, renderSyntheticFrame } from '../../src/core/lift/synthetic-frame'
import { yawPitchQuat, yawQuat, type Pose } from '../../src/core/pose'
import { DETAIL_DIR0, DETAIL_LEVEL } from '../../src/core/stream/detail-tiles'
import { FrameOrigins } from '../../src/session/frame-origins'
import { LiftQueue } from '../../src/session/lift-queue'
import { InProcessLifter } from '../../src/session/lifter'

const scene = groundPlane(0)
const eye: [number, number, number] = [2, 1.6, 2]

/** `msPerRead`: how far the clock moves each time the queue reads it (0: time stands still). */
function setup(msPerRead = 0) {
  const store = new SplatStore({ pageSize: 8 })
  const dirty = new Set<string>()
  let filed = 0
  let clock = 0
  const queue = new LiftQueue(new InProcessLifter({ pageSize: 8 }), store, new WorldGround(), dirty, {
    filed: () => filed++,
    failed: (msg) => {
      throw new Error(msg)
    },
    now: () => (clock += msPerRead),
  })
  const origins = new FrameOrigins(150)
  const lift = (pose: Pose, size: number, fovYDeg: number, dir: number, level: number) => {
    const frame = {
      ...renderSyntheticFrame(scene, pose, { model: 'perspective', width: size, height: size, fovYDeg }, 1),
      worldVersion: 0,
      modelMs: 0,
    }
    const at = origins.of({ worldVersion: 0, cell: [0, 0, 0], dir, level }, frame)
    queue.submit(frame, at)
    return at
  }
  return { store, queue, lift, filed: () => filed }
}

describe('LiftQueue with a detail frame', () => {
  it('takes the wide splats it saw out one page per call, and counts the frame filed only then', async () => {
    const paced = setup()
    const atOnce = setup()
    const detail = []
    for (const s of [paced, atOnce]) {
      // Two wide frames looking ahead and to the left, then a detail frame looking ahead and down.
      s.lift({ position: eye, rotation: yawQuat(0) }, 32, 90, 0, 0)
      s.lift({ position: eye, rotation: yawQuat(Math.PI / 4) }, 32, 90, 1, 0)
      detail.push(
        s.lift({ position: eye, rotation: yawPitchQuat(0, -0.4) }, 48, 30, DETAIL_DIR0 + 3, DETAIL_LEVEL),
      )
      await s.queue.settled()
    }
    // The pages its replacing looks at, once the wide frames are in.
    while (atOnce.queue.backlog > 1) atOnce.queue.apply(1000, () => {})
    const seenPages = atOnce.store.pagesSeenBy(detail[1]!.replacesSeen!.sight).length
    expect(seenPages).toBeGreaterThan(2)
    while (atOnce.queue.backlog > 0) atOnce.queue.apply(1000, () => {})
    // The app's share per display frame: 8 page spans. The detail frame stays first (not filed)
    // for at least one call per page its replacing looks at.
    let detailCalls = 0
    while (paced.queue.backlog > 0) {
      if (paced.queue.backlog === 1) {
        detailCalls++
        expect(paced.filed()).toBe(2)
      }
      paced.queue.pump(8)
    }
    expect(paced.filed()).toBe(3)
    expect(detailCalls).toBeGreaterThanOrEqual(seenPages)
    expect(paced.store.count).toBe(atOnce.store.count)
    expect(paced.store.pageIds()).toEqual(atOnce.store.pageIds())
    // And something was taken: fewer than the three frames' splats filed.
    const wideOnly = setup()
    wideOnly.lift({ position: eye, rotation: yawQuat(0) }, 32, 90, 0, 0)
    wideOnly.lift({ position: eye, rotation: yawQuat(Math.PI / 4) }, 32, 90, 1, 0)
    wideOnly.lift({ position: eye, rotation: yawPitchQuat(0, -0.4) }, 48, 30, 7, 0)
    await wideOnly.queue.settled()
    while (wideOnly.queue.backlog > 0) wideOnly.queue.apply(1000, () => {})
    expect(paced.store.count).toBeLessThan(wideOnly.store.count)
  })

  it('stops filing once a task has spent its time, one page at least, and ends with the same store', async () => {
    // Each page costs 1 ms on this clock: a 2.5 ms budget files 3 pages a call, a 0 ms one 1.
    const counts = []
    for (const budget of [Infinity, 2.5, 0]) {
      const s = setup(1)
      s.lift({ position: eye, rotation: yawQuat(0) }, 32, 90, 0, 0)
      s.lift({ position: eye, rotation: yawQuat(Math.PI / 4) }, 32, 90, 1, 0)
      await s.queue.settled()
      let calls = 0
      while (s.queue.backlog > 0) {
        const before = s.store.pageIds().length + s.store.count
        s.queue.pump(8, budget)
        calls++
        expect(s.store.pageIds().length + s.store.count).toBeGreaterThan(before)
      }
      counts.push({ calls, count: s.store.count, pages: s.store.pageIds() })
    }
    expect(counts[1]!.calls).toBeGreaterThan(counts[0]!.calls)
    expect(counts[2]!.calls).toBeGreaterThan(counts[1]!.calls)
    for (const c of counts.slice(1)) {
      expect(c.count).toBe(counts[0]!.count)
      expect(c.pages).toEqual(counts[0]!.pages)
    }
  })
})
