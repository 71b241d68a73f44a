import { describe, expect, it } from 'vitest'
import { createSnapTurnState, rotateAbout, snapTurnStep } from '../../src/xr/snap-turn'
import { STICK_DEAD_ZONE, stickStep } from '../../src/xr/stick-move'

describe('stick walking', () => {
  const out = [0, 0]

  it('moves forward along the head direction at the set speed', () => {
    // Looking down -Z, stick fully forward (y = -1), 2 m/s for half a second: 1 m towards -Z.
    expect(stickStep(0, -1, 0, -1, 2, 0.5, out)).toBe(1)
    expect(out[0]).toBeCloseTo(0, 9)
    expect(out[1]).toBeCloseTo(-1, 9)
  })

  it('strafes right and follows a turned head', () => {
    stickStep(1, 0, 0, -1, 2, 1, out)
    expect(out[0]).toBeCloseTo(2, 9)
    expect(out[1]).toBeCloseTo(0, 9)
    // Head looking down +X: forward goes +X, right goes +Z.
    stickStep(0, -1, 1, 0, 2, 1, out)
    expect(out).toEqual([2, 0])
    stickStep(1, 0, 1, 0, 2, 1, out)
    expect(out[0]).toBeCloseTo(0, 9)
    expect(out[1]).toBeCloseTo(2, 9)
  })

  it('is not faster on diagonals, and ignores the dead zone', () => {
    stickStep(Math.SQRT1_2, -Math.SQRT1_2, 0, -1, 2, 1, out)
    expect(Math.hypot(out[0]!, out[1]!)).toBeCloseTo(2, 6)
    expect(stickStep(STICK_DEAD_ZONE * 0.9, 0, 0, -1, 2, 1, out)).toBe(0)
    expect(out).toEqual([0, 0])
    expect(stickStep(0, -1, 0, -1, 2, 0, out)).toBe(0)
  })
})

describe('snap turn', () => {
  it('turns once per flick, by exactly the set angle, right = clockwise', () => {
    const s = createSnapTurnState()
    expect(snapTurnStep(s, 1, 30)).toBeCloseTo(-Math.PI / 6, 12)
    expect(snapTurnStep(s, 1, 30)).toBe(0)
    expect(snapTurnStep(s, 0.5, 30)).toBe(0)
    expect(snapTurnStep(s, 0, 30)).toBe(0)
    expect(snapTurnStep(s, -0.8, 45)).toBeCloseTo(Math.PI / 4, 12)
  })

  it('needs the stick back near the centre to re-arm (no double turn from jitter)', () => {
    const s = createSnapTurnState()
    expect(snapTurnStep(s, 0.9, 30)).not.toBe(0)
    expect(snapTurnStep(s, 0.55, 30)).toBe(0)
    expect(snapTurnStep(s, 0.65, 30)).toBe(0)
    expect(snapTurnStep(s, 0.2, 30)).toBe(0)
    expect(snapTurnStep(s, 0.65, 30)).not.toBe(0)
  })

  it('rotates about the head so the head stays put', () => {
    const out = [0, 0]
    // Origin at (0, 0), head at (1, 0); turn 90 degrees left: the origin swings to (1, 1).
    rotateAbout(0, 0, 1, 0, Math.PI / 2, out)
    expect(out[0]).toBeCloseTo(1, 12)
    expect(out[1]).toBeCloseTo(1, 12)
    rotateAbout(1, 0, 1, 0, 1.234, out)
    expect(out).toEqual([1, 0])
  })
})
