import { describe, expect, it } from 'vitest'
import { forwardOf, pose, yawQuat } from '../../src/core/pose'
import {
  applyLook,
  DESKTOP_RUN_FACTOR,
  DESKTOP_WALK_SPEED,
  emptyMoveKeys,
  moveKeyOf,
  walkStep,
} from '../../src/app/desktop-move'

const out = new Float64Array(2)

describe('desktop walking', () => {
  it('walks forward along the view direction of src/core/pose at walking speed', () => {
    for (const yaw of [0, 0.7, Math.PI / 2, -2.1]) {
      walkStep({ ...emptyMoveKeys(), forward: true }, yaw, 0.5, out)
      const f = forwardOf(pose([0, 0, 0], yawQuat(yaw)))
      expect(out[0]).toBeCloseTo(f[0] * DESKTOP_WALK_SPEED * 0.5, 9)
      expect(out[1]).toBeCloseTo(f[2] * DESKTOP_WALK_SPEED * 0.5, 9)
    }
  })

  it('strafes right at yaw 0 along +X, and diagonals are not faster', () => {
    walkStep({ ...emptyMoveKeys(), right: true }, 0, 1, out)
    expect(out[0]).toBeCloseTo(DESKTOP_WALK_SPEED, 9)
    expect(out[1]).toBeCloseTo(0, 9)
    walkStep({ ...emptyMoveKeys(), forward: true, left: true, fast: true }, 0, 1, out)
    expect(Math.hypot(out[0], out[1])).toBeCloseTo(DESKTOP_WALK_SPEED * DESKTOP_RUN_FACTOR, 9)
    expect(out[0]).toBeLessThan(0)
    expect(out[1]).toBeLessThan(0)
  })

  it('stands still with no keys, opposite keys or a non-positive time step', () => {
    walkStep(emptyMoveKeys(), 1, 1, out)
    expect([...out]).toEqual([0, 0])
    walkStep({ ...emptyMoveKeys(), forward: true, back: true }, 1, 1, out)
    expect([...out]).toEqual([0, 0])
    walkStep({ ...emptyMoveKeys(), forward: true }, 1, 0, out)
    expect([...out]).toEqual([0, 0])
  })

  it('maps WASD by position and the arrows; ignores other keys', () => {
    expect(moveKeyOf('KeyW')).toBe('forward')
    expect(moveKeyOf('ArrowLeft')).toBe('left')
    expect(moveKeyOf('ShiftRight')).toBe('fast')
    expect(moveKeyOf('KeyQ')).toBeNull()
  })

  it('mouse-look turns left on a leftward drag and clamps pitch short of vertical', () => {
    const turned = applyLook(0, 0, -100, 0)
    expect(turned.yaw).toBeGreaterThan(0)
    const up = applyLook(0, 0, 0, -1e6)
    expect(up.pitch).toBeLessThan(Math.PI / 2)
    expect(up.pitch).toBeGreaterThan(1.4)
  })
})
