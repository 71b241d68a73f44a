import { describe, expect, it } from 'vitest'
import { pose, rotateVec, yawPitchQuat, yawQuat, type Vec3 } from '../../src/core/pose'
import type { Placement } from '../../src/core/prompt'
import type { Region } from '../../src/core/region'
import { styleVector } from '../../src/core/style'
import { frontierPoint, resolvePlacement, viewerYaw } from '../../src/core/world'

const deg = Math.PI / 180
const at = (yawDeg: number) => pose([10, 1.6, -20], yawQuat(yawDeg * deg))

// Viewer at (x 10, z -20). Camera looks down -Z; positive yaw turns left (counter-clockwise from
// above), so at yaw 90 the viewer faces -X, their left is +Z and their right is -Z.
const rows: { yaw: number; placement: Placement; point: [number, number] }[] = [
  { yaw: 0, placement: 'ahead', point: [10, -70] },
  { yaw: 0, placement: 'behind', point: [10, 30] },
  { yaw: 0, placement: 'left', point: [-40, -20] },
  { yaw: 0, placement: 'right', point: [60, -20] },
  { yaw: 0, placement: 'here', point: [10, -25] },
  { yaw: 90, placement: 'ahead', point: [-40, -20] },
  { yaw: 90, placement: 'behind', point: [60, -20] },
  { yaw: 90, placement: 'left', point: [10, 30] },
  { yaw: 90, placement: 'right', point: [10, -70] },
  { yaw: 90, placement: 'here', point: [5, -20] },
  { yaw: 180, placement: 'left', point: [60, -20] },
  { yaw: -90, placement: 'ahead', point: [60, -20] },
]

const close = (a: readonly number[], b: readonly number[]): void => {
  expect(a.length).toBe(b.length)
  a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 9))
}

describe('resolvePlacement', () => {
  it.each(rows)('yaw $yaw, $placement -> $point', ({ yaw, placement, point }) => {
    const r = resolvePlacement(placement, at(yaw), null)
    if (!('point' in r)) throw new Error(r.error)
    close(r.point, point)
  })

  it('direction words agree with the pose math (camera -X is left, -Z ahead)', () => {
    for (const yaw of [0, 37, 90, 200, -120]) {
      const p = at(yaw)
      const expect3 = (local: Vec3, placement: Placement): void => {
        const d = rotateVec(p.rotation, local)
        const r = resolvePlacement(placement, p, null)
        if (!('point' in r)) throw new Error(r.error)
        close(r.point, [10 + 50 * d[0], -20 + 50 * d[2]])
      }
      expect3([-1, 0, 0], 'left')
      expect3([1, 0, 0], 'right')
      expect3([0, 0, -1], 'ahead')
      expect3([0, 0, 1], 'behind')
    }
  })

  it('here and there use the target, its height ignored', () => {
    const target: Vec3 = [33, 4, 71]
    for (const placement of ['here', 'there', 'none'] as const) {
      expect(resolvePlacement(placement, at(45), target)).toEqual({ point: [33, 71] })
    }
  })

  it('there without a target asks to point first', () => {
    const r = resolvePlacement('there', at(0), null)
    expect(r).toEqual({ error: expect.stringMatching(/point at a place first/i) as unknown })
  })

  it('distances are options', () => {
    const left = resolvePlacement('left', at(0), null, { directionDistance: 40 })
    if (!('point' in left)) throw new Error(left.error)
    close(left.point, [-30, -20])
    const here = resolvePlacement('here', at(0), undefined, { hereDistance: 2 })
    if (!('point' in here)) throw new Error(here.error)
    close(here.point, [10, -22])
  })

  it('heading survives pitch, even looking straight down or up', () => {
    for (const pitch of [-89, -90, -30, 0, 45, 90]) {
      expect(viewerYaw(pose([0, 0, 0], yawPitchQuat(60 * deg, pitch * deg)))).toBeCloseTo(60 * deg, 6)
    }
  })
})

const region = (id: string, x: number, z: number, radius: number): Region => ({
  id,
  center: [x, z],
  radius,
  style: styleVector(),
  seed: 1,
})
const base = region('base', 0, 0, 4000)

describe('frontierPoint', () => {
  it('with only the base region: the minimum distance ahead', () => {
    close(frontierPoint([0, 0], 0, [base], 60, 50), [0, -50])
  })

  it('steps past expansions in the way, overlapping each by half the new radius', () => {
    // One 60 m region centred 50 m ahead: clear by 60 + 30 -> centre at 140 m.
    close(frontierPoint([0, 0], 0, [base, region('r2', 0, -50, 60)], 60, 50), [0, -140])
    // A second one behind the first, listed first: passes repeat until nothing moves.
    const chain = [base, region('r3', 0, -180, 60), region('r2', 0, -50, 60)]
    close(frontierPoint([0, 0], 0, chain, 60, 50), [0, -270])
  })

  it('ignores expansions off to the side, and follows the yaw', () => {
    close(frontierPoint([0, 0], 0, [base, region('r2', 200, -50, 60)], 60, 50), [0, -50])
    close(frontierPoint([5, 5], Math.PI / 2, [base, region('r2', -45, 5, 60)], 60, 50), [-135, 5])
  })
})
