import { describe, expect, it } from 'vitest'
import { Matrix4, Quaternion, Vector3, Euler } from 'three'
import {
  forwardOf,
  normalizeQuat,
  pose,
  poseToMatrix,
  rotateVec,
  yawPitchQuat,
  yawQuat,
} from '../../src/core/pose'

describe('pose math (three.js convention)', () => {
  it('poseToMatrix is the row-major transpose of three.Matrix4.compose', () => {
    const q = new Quaternion().setFromEuler(new Euler(0.3, -1.1, 0.2, 'YXZ'))
    const p = pose([1.5, 2, -3], [q.x, q.y, q.z, q.w])
    const ours = poseToMatrix(p)
    const theirs = new Matrix4().compose(new Vector3(1.5, 2, -3), q, new Vector3(1, 1, 1)).transpose()
    for (let i = 0; i < 16; i++) expect(ours[i]).toBeCloseTo(theirs.elements[i]!, 6)
  })

  it('yaw turns left: a quarter turn looks down -X', () => {
    const f = forwardOf(pose([0, 0, 0], yawQuat(Math.PI / 2)))
    expect(f[0]).toBeCloseTo(-1, 6)
    expect(f[2]).toBeCloseTo(0, 6)
  })

  it('yawPitchQuat matches three Euler YXZ (yaw, then pitch)', () => {
    const q = yawPitchQuat(0.7, 0.4)
    const t = new Quaternion().setFromEuler(new Euler(0.4, 0.7, 0, 'YXZ'))
    expect(q[0]).toBeCloseTo(t.x, 6)
    expect(q[1]).toBeCloseTo(t.y, 6)
    expect(q[2]).toBeCloseTo(t.z, 6)
    expect(q[3]).toBeCloseTo(t.w, 6)
  })

  it('rotateVec agrees with three', () => {
    const q = normalizeQuat([0.1, 0.7, -0.2, 0.6])
    const v = rotateVec(q, [1, 2, 3])
    const t = new Vector3(1, 2, 3).applyQuaternion(new Quaternion(...q))
    expect(v[0]).toBeCloseTo(t.x, 6)
    expect(v[1]).toBeCloseTo(t.y, 6)
    expect(v[2]).toBeCloseTo(t.z, 6)
  })

  it('normalizeQuat rejects a zero quaternion', () => {
    expect(() => normalizeQuat([0, 0, 0, 0])).toThrow(/zero/)
  })
})
