import { describe, expect, it } from 'vitest'
import type { CameraSpec } from '../../src/core/camera'
import { FrameLifter } from '../../src/core/lift/frame-lifter'
import { groundPlane, renderSyntheticFrame, type SyntheticScene } from '../../src/core/lift/synthetic-frame'
import { MATERIAL } from '../../src/core/material'
import { pose, rotateVec, yawPitchQuat, type Quat, type Vec3 } from '../../src/core/pose'
import { LiftCore } from '../../src/session/lifter'

const cam64: CameraSpec = { model: 'perspective', width: 64, height: 64, fovYDeg: 90 }
const lookDown = pose([0.3, 1.6, -0.2], yawPitchQuat(0.4, -0.5))

describe('FrameLifter: a ground plane', () => {
  it.each<[string, CameraSpec, number]>([
    ['perspective 64', cam64, 1],
    ['perspective 128 stride 2', { ...cam64, width: 128, height: 128 }, 2],
    ['equirect 128x64', { model: 'equirect', width: 128, height: 64 }, 1],
  ])('%s: every splat centre lies on the plane', (_name, camera, stride) => {
    const frame = renderSyntheticFrame(groundPlane(0), lookDown, camera)
    const b = new FrameLifter({ stride }).lift(frame)
    expect(b.count).toBeGreaterThan(100)
    for (let i = 0; i < b.count; i++)
      expect(Math.abs(b.centers[3 * i + 1])).toBeLessThan(1e-3 * (1 + dist(b, i, lookDown.position)))
  })

  it('sky pixels (depth <= 0) make no splats', () => {
    const up = pose([0, 1.6, 0], yawPitchQuat(0, 0.9))
    const frame = renderSyntheticFrame(groundPlane(0), up, cam64)
    expect(frame.depth.every((d) => d === 0)).toBe(true)
    expect(new FrameLifter().lift(frame).count).toBe(0)
    const half = renderSyntheticFrame(groundPlane(0), pose([0, 1.6, 0]), cam64)
    const surface = half.depth.filter((d) => d > 0).length
    const lifted = new FrameLifter().lift(half).count
    expect(lifted).toBeLessThanOrEqual(surface)
    expect(lifted).toBeGreaterThan(surface * 0.9)
  })

  it('splats face the camera, are thin along the ray, sized by depth, opaque and coloured', () => {
    const frame = renderSyntheticFrame(groundPlane(0), lookDown, cam64)
    const b = new FrameLifter().lift(frame)
    const f = 1 / (2 * Math.tan(Math.PI / 4)) // normalised focal length of a 90 degree frame
    for (let i = 0; i < b.count; i += 7) {
      const c: Vec3 = [b.centers[3 * i], b.centers[3 * i + 1], b.centers[3 * i + 2]]
      const toCam = norm(sub(lookDown.position, c))
      const q = [...b.quats.subarray(4 * i, 4 * i + 4)] as Quat
      expect(Math.hypot(...q)).toBeCloseTo(1, 5)
      const normal = rotateVec(q, [0, 0, 1])
      expect(dot(normal, toCam)).toBeGreaterThan(0.9999)
      const [sx, sy, sz] = b.scales.subarray(3 * i, 3 * i + 3)
      expect(sx).toBe(sy)
      expect(sz).toBeLessThan(sx * 0.2)
      // The footprint at z-depth d is d / (focal length in pixels); sigma is 0.6 of it.
      const zDepth = dot(sub(c, lookDown.position), rotateVec(lookDown.rotation, [0, 0, -1]))
      expect(sx).toBeCloseTo((0.6 * zDepth) / (f * 64), 5)
      expect(b.opacities[i]).toBeGreaterThan(0.9)
      for (let k = 0; k < 3; k++) expect(b.colors[3 * i + k]).toBeGreaterThanOrEqual(0)
    }
    expect(b.colors.subarray(0, 3 * b.count).some((v) => v > 0.7)).toBe(true)
  })
})

describe('FrameLifter: depth edges', () => {
  // A 1 m wide wall 2 m away in front of a back wall 10 m away.
  const walls: SyntheticScene = (o, d) => {
    const tNear = (-2 - o[2]) / d[2]
    const x = o[0] + d[0] * tNear
    if (tNear > 0 && x >= -0.5 && x <= 0.5) return { t: tNear, rgb: [255, 0, 0] }
    const tFar = (-10 - o[2]) / d[2]
    return tFar > 0 ? { t: tFar, rgb: [0, 0, 255] } : null
  }
  const at = pose([0, 0, 0])

  it('no splat spans the edge: none float between the walls, none large enough to bridge', () => {
    const frame = renderSyntheticFrame(walls, at, cam64)
    // A blurred model output: one column at each silhouette has a depth halfway between.
    for (let y = 0; y < 64; y++)
      for (let x = 1; x < 64; x++) {
        const i = y * 64 + x
        if (frame.depth[i - 1] === 10 && frame.depth[i] === 2) frame.depth[i - 1] = 6
      }
    const b = new FrameLifter().lift(frame)
    let near = 0
    for (let i = 0; i < b.count; i++) {
      const z = -b.centers[3 * i + 2]
      expect(Math.abs(z - 2) < 1e-3 || Math.abs(z - 10) < 1e-2).toBe(true)
      expect(b.scales[3 * i]).toBeLessThan(0.1 * 8)
      if (z < 3) near++
    }
    expect(near).toBeGreaterThan(50)
  })

  it('the near side of an edge is shrunk, the far side dropped', () => {
    const frame = renderSyntheticFrame(walls, at, cam64)
    const b = new FrameLifter({ dedup: false }).lift(frame)
    const scales = new Set<number>()
    for (let i = 0; i < b.count; i++)
      if (-b.centers[3 * i + 2] < 3) scales.add(Number(b.scales[3 * i].toFixed(6)))
    expect(scales.size).toBe(2) // interior and shrunk silhouette
    const surface = frame.depth.filter((d) => d > 0).length
    expect(b.count).toBeLessThan(surface)
  })
})

describe('FrameLifter: de-duplication', () => {
  const scene = groundPlane(0)
  it('the same frame twice adds nothing the second time', () => {
    const lifter = new FrameLifter()
    const frame = renderSyntheticFrame(scene, lookDown, cam64)
    expect(lifter.lift(frame).count).toBeGreaterThan(1000)
    expect(lifter.lift(frame).count).toBe(0)
  })

  it('a second pose over the same spot adds few splats', () => {
    const lifter = new FrameLifter()
    const first = lifter.lift(
      renderSyntheticFrame(scene, pose([0, 1.6, 0], yawPitchQuat(0, -1.2)), cam64),
    ).count
    const again = lifter.lift(
      renderSyntheticFrame(scene, pose([0.15, 1.7, 0.1], yawPitchQuat(0.08, -1.15)), cam64),
    )
    expect(again.count).toBeLessThan(first * 0.15)
  })

  it('a finer frame of the same spot refines (adds splats); a coarser one does not', () => {
    const p = pose([0, 1.6, 0], yawPitchQuat(0, -1.2))
    const lifter = new FrameLifter()
    lifter.lift(renderSyntheticFrame(scene, p, cam64))
    const fine = lifter.lift(renderSyntheticFrame(scene, p, { ...cam64, width: 128, height: 128 })).count
    expect(fine).toBeGreaterThan(128 * 128 * 0.5)
    expect(lifter.lift(renderSyntheticFrame(scene, p, { ...cam64, width: 32, height: 32 })).count).toBe(0)
  })

  it('is deterministic: two lifters give bit-identical batches', () => {
    const frames = [lookDown, pose([1, 1.6, 1], yawPitchQuat(2, -0.3))].map((p) =>
      renderSyntheticFrame(scene, p, cam64),
    )
    const run = (): Float32Array[] => {
      const l = new FrameLifter()
      return frames.flatMap((f) => {
        const b = l.lift(f)
        return [b.centers, b.scales, b.quats, b.colors, b.opacities]
      })
    }
    expect(run()).toEqual(run())
  })
})

function sub(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}
function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}
function norm(a: Vec3): Vec3 {
  const n = Math.hypot(...a)
  return [a[0] / n, a[1] / n, a[2] / n]
}
function dist(b: { centers: Float32Array }, i: number, p: Vec3): number {
  return Math.hypot(b.centers[3 * i] - p[0], b.centers[3 * i + 1] - p[1], b.centers[3 * i + 2] - p[2])
}

describe("LiftCore: each splat keeps its pixel's material", () => {
  it('materials travel with their splats through de-duplication and page grouping', () => {
    // The checkerboard's light squares are water, the dark ones grass: colour and material must agree.
    const frame = renderSyntheticFrame(groundPlane(0), lookDown, { ...cam64, width: 96, height: 96 })
    const material = new Uint8Array(96 * 96)
    for (let i = 0; i < material.length; i++)
      material[i] = frame.rgba[4 * i] === 200 ? MATERIAL.water : MATERIAL.grass
    const core = new LiftCore({ pageSize: 4 })
    const r = core.lift({ ...frame, material })
    expect(r.pages.length).toBeGreaterThan(4)
    expect(r.materials).toHaveLength(r.batch.count)
    let water = 0
    for (let i = 0; i < r.batch.count; i++) {
      const wet = Math.round(r.batch.colors[3 * i]! * 255) === 200
      expect(r.materials![i]).toBe(wet ? MATERIAL.water : MATERIAL.grass)
      if (wet) water++
    }
    expect(water).toBeGreaterThan(r.batch.count / 4)
    expect(water).toBeLessThan((3 * r.batch.count) / 4)
    // A second frame from a little closer adds only new splats, with their own materials; a
    // frame without materials gives none.
    const nearer = renderSyntheticFrame(
      groundPlane(0),
      pose([0.3, 1.2, -0.2], yawPitchQuat(0.4, -0.5)),
      cam64,
    )
    const m2 = new Uint8Array(64 * 64).fill(MATERIAL.sand)
    const r2 = core.lift({ ...nearer, material: m2 })
    expect(r2.batch.count).toBeGreaterThan(0)
    expect([...r2.materials!].every((m) => m === MATERIAL.sand)).toBe(true)
    expect(new LiftCore().lift(frame).materials).toBeUndefined()
  })
})

describe('FrameLifter.removeWhere with several footprints', () => {
  it('forgets several places in one pass as it would one by one: the same frames fill them again alike', () => {
    // Frames over a ground plane from a row of viewpoints; three discs forgotten, then the same
    // frames lifted again: what comes back must be the same whichever way they were forgotten.
    const frames = [-12, -4, 4, 12].flatMap((x) =>
      [0, 1.6, 3.2, 4.8].map((yaw) =>
        renderSyntheticFrame(groundPlane(0), pose([x, 1.6, 0], yawPitchQuat(yaw, -0.6)), cam64),
      ),
    )
    const discs = [
      { center: [-10, -3] as [number, number], radius: 3 },
      { center: [-6, -2] as [number, number], radius: 3 }, // overlaps the first
      { center: [9, 2] as [number, number], radius: 4 },
    ]
    const run = (forget: (l: FrameLifter) => void): number[] => {
      const lifter = new FrameLifter()
      for (const f of frames) lifter.lift(f)
      forget(lifter)
      return frames.map((f) => lifter.lift(f).count)
    }
    const oneByOne = run((l) => discs.forEach((d) => l.removeWhere(d)))
    const together = run((l) => l.removeWhere(discs))
    expect(oneByOne.reduce((a, b) => a + b)).toBeGreaterThan(100)
    expect(together).toEqual(oneByOne)
    // And nothing is lifted twice: a third pass adds nothing in either case.
    const lifter = new FrameLifter()
    for (const f of frames) lifter.lift(f)
    lifter.removeWhere(discs)
    for (const f of frames) lifter.lift(f)
    expect(frames.map((f) => lifter.lift(f).count).reduce((a, b) => a + b)).toBe(0)
  })
})
