/**
 * The view ready before the head gets there: head traces (walk, turn, teleport) through the
 * scheduler and the viewer motion, with a source that answers one frame at a time
 * (tests/support/view-completeness.ts). Prediction must make the arrived view sharper sooner.
 */
import { describe, expect, it } from 'vitest'
import { yawPitchQuat } from '../../src/core/pose'
import { FrameScheduler } from '../../src/core/stream'
import { ViewerMotion } from '../../src/session/viewer-motion'
import { teleportTrace, turnTrace, viewCompleteness, walkTrace } from '../support/view-completeness'

/** A headset's CPU: three times this machine's wasm frame times. */
const slow = (size: number) => 3 * (8 + 4.5e-3 * size * size)

describe('view completeness with and without prediction', () => {
  it('a teleport aimed for a second lands in a view already sharp', () => {
    const without = viewCompleteness(teleportTrace(), { predict: false })
    const predicted = viewCompleteness(teleportTrace(), { predict: true })
    expect(without.at0_5).toBe(0)
    expect(predicted.at0_5).toBeGreaterThan(0.5)
    expect(predicted.at2).toBeGreaterThanOrEqual(without.at2)
  })

  it('a walk that stops finds the view of the cell it walked into refined', () => {
    const without = viewCompleteness(walkTrace(), { predict: false })
    const predicted = viewCompleteness(walkTrace(), { predict: true })
    expect(predicted.at0_5).toBeGreaterThan(without.at0_5 + 0.3)
    expect(predicted.at2).toBeGreaterThanOrEqual(without.at2)
  })

  it('a head turning on a slow device finds the view it turns to refined sooner', () => {
    const without = viewCompleteness(turnTrace(), { predict: false, latencyMs: slow })
    const predicted = viewCompleteness(turnTrace(), { predict: true, latencyMs: slow })
    expect(predicted.at0_5).toBeGreaterThan(without.at0_5)
    expect(predicted.at2).toBeGreaterThan(without.at2 + 0.3)
  })
})

describe('ViewerMotion.lookAhead: where a turning head will look', () => {
  const tick = (m: ViewerMotion, ms: number, yawDeg: number) =>
    m.update(ms, 0, 1.6, 0, ...yawPitchQuat((yawDeg * Math.PI) / 180, 0))

  it('is null standing still and looking around slowly, ahead of the head while it turns', () => {
    const m = new ViewerMotion()
    for (let i = 0; i < 30; i++) tick(m, i * 14, i * 0.1)
    expect(m.lookAhead).toBeNull()
    // 120 degrees a second to the left, for half a second.
    const turning = new ViewerMotion()
    for (let i = 0; i <= 36; i++) tick(turning, i * 14, i * 14 * 0.12)
    const yawNow = 36 * 14 * 0.12
    const ahead = turning.lookAhead!
    const aheadYaw = (Math.atan2(-ahead[0], -ahead[2]) * 180) / Math.PI
    // About half a second ahead (60 degrees), smoothed.
    expect(aheadYaw - yawNow).toBeGreaterThan(40)
    expect(aheadYaw - yawNow).toBeLessThan(65)
  })

  it('a snap turn is a jump, not a turn to extrapolate', () => {
    const m = new ViewerMotion()
    for (let i = 0; i < 10; i++) tick(m, i * 14, 0)
    tick(m, 140, 30)
    tick(m, 154, 30)
    expect(m.lookAhead).toBeNull()
  })
})

describe('FrameScheduler: a destination', () => {
  it("asks for the destination's view at every level after the view here, and keeps it in flight", () => {
    const s = new FrameScheduler({ levels: [32, 64], viewOnlyFrom: 1 })
    const pose = { position: [2, 2.6, 2] as [number, number, number], rotation: yawPitchQuat(0, 0) }
    const destination: [number, number, number] = [-10, 2.6, -14]
    const there = s.grid.cellOf(destination)
    const c = s.candidates({ pose, destination, worldVersion: 1, regions: [] })
    const at = c.filter((k) => k.key.cell.every((v, i) => v === there[i]))
    expect(at.length).toBeGreaterThan(0)
    expect(new Set(at.map((k) => k.key.level))).toEqual(new Set([0, 1]))
    expect(at.every((k) => k.reason === 'motion')).toBe(true)
    // Its coarse frames come right after the view here, before the periphery here.
    const firstThere = c.findIndex((k) => at.includes(k))
    expect(c.slice(0, firstThere).every((k) => k.reason === 'view')).toBe(true)
    // In flight, it is not cancelled while the destination stays.
    const d = s.next({ now: 0, pose, destination, worldVersion: 1, regions: [], inFlight: [] })
    const issued = d.issue.map((r) => ({ id: r.id, key: r.key, issuedAt: 0, reason: r.reason }))
    const away = { id: 999, key: at[0]!.key, issuedAt: 0, reason: 'motion' as const }
    const kept = s.next({
      now: 10,
      pose,
      destination,
      worldVersion: 1,
      regions: [],
      inFlight: [...issued, away],
    })
    expect(kept.cancel.map((r) => r.id)).not.toContain(999)
    const dropped = s.next({ now: 20, pose, worldVersion: 1, regions: [], inFlight: [...issued, away] })
    expect(dropped.cancel.map((r) => r.id)).toContain(999)
  })
})
