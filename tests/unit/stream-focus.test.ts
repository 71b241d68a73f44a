import { describe, expect, it } from 'vitest'
import { pose } from '../../src/core/pose'
import { FrameScheduler } from '../../src/core/stream/frame-scheduler'
import type { Footprint } from '../../src/core/stream/footprint'
import { keyMeetsFootprint } from '../../src/core/stream/key-footprint'

// The focus is what an edit hands the scheduler: the new region's footprint, served before
// anything else and coarse first, wherever the viewer looks.
describe('FrameScheduler focus', () => {
  const viewer = pose([0, 1.6, 0])
  // Behind the viewer (who looks down -Z), so without focus these keys would come last.
  const focus: Footprint = { center: [0, 60], radius: 20 }

  it('orders every key meeting the focus first, coarse levels before fine', () => {
    const s = new FrameScheduler({ levels: [32, 64] })
    const plain = s.candidates({ pose: viewer, worldVersion: 1, regions: [] })
    const focused = s.candidates({ pose: viewer, worldVersion: 1, regions: [], focus })
    expect(focused).toHaveLength(plain.length)
    const meets = focused.map((c) => keyMeetsFootprint(c.key, focus, s.geometry))
    const n = meets.filter(Boolean).length
    expect(n).toBeGreaterThan(0)
    expect(n).toBeLessThan(focused.length)
    // All focus keys form the head of the list...
    expect(meets.slice(0, n).every(Boolean)).toBe(true)
    // ...coarse ones first...
    const levels = focused.slice(0, n).map((c) => c.key.level)
    expect(levels).toEqual([...levels].sort((a, b) => a - b))
    // ...and without focus the first key is in view, not in the footprint behind.
    expect(keyMeetsFootprint(plain[0]!.key, focus, s.geometry)).toBe(false)
  })

  it('issues a focus key first from next()', () => {
    const s = new FrameScheduler({ levels: [32, 64] })
    const d = s.next({ now: 0, pose: viewer, worldVersion: 1, regions: [], inFlight: [], focus })
    expect(d.issue.length).toBeGreaterThan(0)
    expect(keyMeetsFootprint(d.issue[0]!.key, focus, s.geometry)).toBe(true)
    expect(d.issue[0]!.key.level).toBe(0)
  })
})
