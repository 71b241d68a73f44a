/** Unity and Unreal conventions (docs/coordinates.md) on known points and random rotations. */
import { describe, expect, it } from 'vitest'
import { rotateVec, type Quat, type Vec3 } from '../../src/core/pose'
import {
  changeAxes,
  det3,
  engineAxes,
  inverseChange,
  mulVec,
  OPENCV_FROM_THREE,
  pointToEngine,
  quatToEngine,
  toUnity,
  toUnreal,
  type Engine,
} from '../../src/core/formats'
import { maxAbsDiff, maxAngleDeg, randomBatch } from '../support/formats-fixtures'

const close = (got: readonly number[], want: readonly number[]): void =>
  got.forEach((g, i) => expect(g).toBeCloseTo(want[i]!, 6))

describe('engine axes', () => {
  it('Unity: right stays +X, up stays +Y, the viewer forward (-Z) becomes +Z; metres', () => {
    close(pointToEngine('unity', [1, 0, 0]), [1, 0, 0])
    close(pointToEngine('unity', [0, 1, 0]), [0, 1, 0])
    close(pointToEngine('unity', [0, 0, -1]), [0, 0, 1])
    close(pointToEngine('unity', [2, 1.7, -3]), [2, 1.7, 3])
  })

  it('Unreal: forward (-Z) -> +X, right (+X) -> +Y, up (+Y) -> +Z, centimetres', () => {
    close(pointToEngine('unreal', [0, 0, -1]), [100, 0, 0])
    close(pointToEngine('unreal', [1, 0, 0]), [0, 100, 0])
    close(pointToEngine('unreal', [0, 1, 0]), [0, 0, 100])
    close(pointToEngine('unreal', [2, 1.7, -3]), [300, 200, 170])
  })

  it('both engines are left-handed: the change mirrors (det -1)', () => {
    expect(det3(engineAxes('unity').matrix)).toBe(-1)
    expect(det3(engineAxes('unreal').matrix)).toBe(-1)
    expect(det3(OPENCV_FROM_THREE.matrix)).toBe(1)
  })

  it('Unity rotations are (-x, -y, z, w), the usual z-mirror rule', () => {
    const q: Quat = [0.1, 0.2, 0.3, Math.sqrt(1 - 0.14)]
    const u = quatToEngine('unity', q)
    const sign = Math.sign(u[3]!) || 1
    close(
      u.map((x) => x * sign),
      [-0.1, -0.2, 0.3, q[3]],
    )
  })

  it.each<Engine>(['unity', 'unreal'])('%s rotations move splat axes where the points go', (engine) => {
    // The engine rotation applied to a mirrored local axis equals the mirrored three.js result:
    // R' (D v) = M R v, with D = diag(1, 1, -1) (see changeQuat).
    const b = randomBatch(50, 3)
    const m = engineAxes(engine).matrix
    for (let i = 0; i < b.count; i++) {
      const q = [...b.quats.subarray(4 * i, 4 * i + 4)] as Quat
      const e = quatToEngine(engine, q) as Quat
      for (const v of [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ] as Vec3[]) {
        const want = mulVec(m, ...rotateVec(q, v))
        close(rotateVec(e, [v[0], v[1], -v[2]]), want)
      }
    }
  })

  it('batch conversions scale centres and sizes by the unit and round-trip back', () => {
    const b = randomBatch(200, 5)
    const ue = toUnreal(b)
    expect(ue.centers[0]).toBeCloseTo(-100 * b.centers[2]!, 2)
    expect(ue.scales[0]).toBeCloseTo(100 * b.scales[0]!, 3)
    const back = changeAxes(ue, inverseChange(engineAxes('unreal')))
    expect(maxAbsDiff(b.centers, back.centers, 600)).toBeLessThan(1e-4)
    expect(maxAbsDiff(b.scales, back.scales, 600)).toBeLessThan(1e-5)
    expect(maxAngleDeg(b.quats, back.quats, 200)).toBeLessThan(0.1)
    const un = changeAxes(toUnity(b), inverseChange(engineAxes('unity')))
    expect(maxAngleDeg(b.quats, un.quats, 200)).toBeLessThan(0.1)
    expect(maxAbsDiff(b.colors, un.colors, 600)).toBe(0)
  })
})
