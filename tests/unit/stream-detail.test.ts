/**
 * Detail frames: narrow tiles asked for where a standing viewer looks, once the view's wide tiles
 * are in at every level; and their splats taking the place of the wide frames' splats they saw.
 */
import { describe, expect, it } from 'vitest'
import type { Frame } from '../../src/core/frame'
import { frameSight } from '../../src/core/lift/frame-sight'
import { createSplatBatch } from '../../src/core/lift/splat-batch'
import { groundPlane, renderSyntheticFrame } from '../../src/core/lift/synthetic-frame'
import { SplatStore } from '../../src/core/lift/splat-store'
import { seededRandom } from '../../src/core/random'
import { forwardOf, pose, rotateVec, yawPitchQuat, yawQuat, type Pose, type Vec3 } from '../../src/core/pose'
import {
  DETAIL_BANDS,
  DETAIL_DIR0,
  DETAIL_LEVEL,
  DETAIL_TILE_FOV_DEG,
  isDetailKey,
  makeDetailTiles,
} from '../../src/core/stream/detail-tiles'
import { angleBetween, type DirectionTile } from '../../src/core/stream/direction-tiles'
import { FrameScheduler, type ScheduledRequest } from '../../src/core/stream/frame-scheduler'
import { keyMeetsFootprint } from '../../src/core/stream/key-footprint'
import { CELL_HYSTERESIS } from '../../src/core/stream/viewer-cell'
import { FrameOrigins } from '../../src/session/frame-origins'

const here = pose([1, 1.5, 1])

/** Runs the scheduler against a source that answers each request at once; returns what it asked. */
function serve(s: FrameScheduler, viewer: Pose, steps: number, extra: { velocity?: Vec3 } = {}) {
  const asked: ScheduledRequest[] = []
  for (let i = 0; i < steps; i++) {
    const d = s.next({ now: i * 100, pose: viewer, regions: [], worldVersion: 0, inFlight: [], ...extra })
    for (const r of d.issue) {
      asked.push(r)
      s.frameArrived(r, i * 100 + 50, 50)
    }
    if (d.issue.length === 0) break
  }
  return asked
}

/**
 * How far direction `d` lies inside a detail tile's square frustum: half its field of view less
 * the larger of the two angles off its axis (negative outside; -Infinity behind it).
 */
function marginInTile(t: DirectionTile, d: Vec3): number {
  const c = rotateVec([-t.rotation[0], -t.rotation[1], -t.rotation[2], t.rotation[3]], d)
  if (c[2] >= 0) return -Infinity
  const half = (DETAIL_TILE_FOV_DEG / 2) * (Math.PI / 180)
  return half - Math.max(Math.abs(Math.atan(c[0] / -c[2])), Math.abs(Math.atan(c[1] / -c[2])))
}

describe('detail tiles', () => {
  it('cover every direction from the feet to 35 degrees up, each inside some frustum with margin', () => {
    const tiles = makeDetailTiles()
    expect(tiles).toHaveLength(DETAIL_BANDS.reduce((n, b) => n + b.count, 0))
    let worst = Infinity
    for (let pitch = -89; pitch <= 35; pitch += 2)
      for (let yaw = 0; yaw < 360; yaw += 3) {
        const d = forwardOf({
          position: [0, 0, 0],
          rotation: yawPitchQuat((yaw * Math.PI) / 180, (pitch * Math.PI) / 180),
        })
        worst = Math.min(worst, Math.max(...tiles.map((t) => marginInTile(t, d))))
      }
    expect(worst).toBeGreaterThan(0)
  })
})

describe('FrameScheduler detail frames', () => {
  it('asks for none unless given a size', () => {
    const asked = serve(new FrameScheduler(), here, 200)
    expect(asked.some((r) => isDetailKey(r.key))).toBe(false)
  })

  it('standing: after the view at every level, the detail tiles around the view, nearest first', () => {
    const s = new FrameScheduler({ detailSize: 256 })
    const asked = serve(s, here, 300)
    const detail = asked.filter((r) => isDetailKey(r.key))
    expect(detail.length).toBeGreaterThanOrEqual(6)
    const first = asked.findIndex((r) => isDetailKey(r.key))
    // Every wide tile in view was asked for at its finest level before the first detail frame.
    const finestInView = asked.filter((r) => !isDetailKey(r.key) && r.reason === 'view' && r.key.level === 2)
    expect(finestInView.length).toBeGreaterThan(0)
    for (const r of finestInView) expect(asked.indexOf(r)).toBeLessThan(first)
    // ... and no wide refinement out of view came before it.
    expect(asked.slice(0, first).some((r) => r.key.level > 0 && r.reason !== 'view')).toBe(false)
    const forward = forwardOf(here)
    const tiles = makeDetailTiles()
    const angles = detail.map((r) => angleBetween(tiles[r.key.dir - DETAIL_DIR0]!.forward, forward))
    for (let i = 1; i < angles.length; i++) expect(angles[i]!).toBeGreaterThan(angles[i - 1]! - 1e-9)
    // Every direction within 50 degrees of the gaze (the default cone) lies in an asked tile, the
    // lower corners of the view included, up to 35 degrees above the horizon (what the tiles
    // cover: above it the panorama draws the sky); no tile asked is centred farther off than the
    // cone and a tile's half-diagonal.
    const asked30 = detail.map((r) => tiles[r.key.dir - DETAIL_DIR0]!)
    const cone = (50 * Math.PI) / 180
    let missed = 0
    let sampled = 0
    for (let pitch = -60; pitch <= 35; pitch += 2)
      for (let yaw = -60; yaw <= 60; yaw += 2) {
        const d = forwardOf({
          position: [0, 0, 0],
          rotation: yawPitchQuat((yaw * Math.PI) / 180, (pitch * Math.PI) / 180),
        })
        if (angleBetween(d, forward) > cone) continue
        sampled++
        if (!asked30.some((t) => marginInTile(t, d) >= 0)) missed++
      }
    expect(sampled).toBeGreaterThan(500)
    expect(missed).toBe(0)
    expect(Math.max(...angles)).toBeLessThan(cone + (22 * Math.PI) / 180)
    for (const r of detail) {
      const t = tiles[r.key.dir - DETAIL_DIR0]!
      expect(r.key.level).toBe(DETAIL_LEVEL)
      expect(r.request.camera).toEqual({ model: 'perspective', width: 256, height: 256, fovYDeg: 30 })
      // From the eye itself (1 m off the cell's centre on both axes), not from the cell's camera.
      expect(r.request.pose).toEqual({ position: [...here.position], rotation: [...t.rotation] })
    }
    for (const r of asked.filter((r) => !isDetailKey(r.key)))
      expect(r.request.pose.position).toEqual([0, here.position[1], 0])
    // Covered: never asked again.
    expect(serve(s, here, 50).filter((r) => isDetailKey(r.key))).toEqual([])
  })

  it('walking: none, and one in flight is cancelled once the viewer moves or turns away', () => {
    const walked = serve(new FrameScheduler({ detailSize: 256 }), here, 300, { velocity: [0, 0, -1.4] })
    expect(walked.some((r) => isDetailKey(r.key))).toBe(false)

    const t = new FrameScheduler({ detailSize: 256 })
    const before = serve(t, here, 300)
    const last = before.filter((r) => isDetailKey(r.key)).at(-1)!
    // The same request in flight at a scheduler that has not had it yet: standing still it stays;
    // walking, or turned round, it goes.
    const inFlight = [last]
    const uncovered = new FrameScheduler({ detailSize: 256 })
    const state = { now: 0, regions: [], worldVersion: 0, inFlight }
    expect(uncovered.next({ ...state, pose: here }).cancel).toEqual([])
    expect(uncovered.next({ ...state, pose: here, velocity: [1.4, 0, 0] }).cancel).toEqual(inFlight)
    const behind = { position: here.position, rotation: yawQuat(Math.PI) }
    expect(uncovered.next({ ...state, pose: behind }).cancel).toEqual(inFlight)
  })

  it('an edit in front invalidates the detail frames that saw it, not those looking away from it', () => {
    const s = new FrameScheduler({ detailSize: 256 })
    const geo = s.geometry
    const tiles = makeDetailTiles()
    const ahead = tiles.findIndex((t) => t.forward[2] < -0.99)
    const behind = tiles.findIndex((t) => t.forward[2] > 0.95)
    expect(behind).toBeGreaterThanOrEqual(0)
    const key = (i: number) => ({
      worldVersion: 0,
      cell: [0, 0, 0] as Vec3,
      dir: DETAIL_DIR0 + i,
      level: DETAIL_LEVEL,
    })
    const lake = { center: [2, -60] as [number, number], radius: 10 }
    expect(keyMeetsFootprint(key(ahead), lake, geo)).toBe(true)
    expect(keyMeetsFootprint(key(behind), lake, geo)).toBe(false)
  })
})

describe('detail frames from the eye, and the edits that invalidate them', () => {
  it("an edit a detail frame saw from anywhere in its viewer's cell invalidates it", () => {
    const s = new FrameScheduler({ detailSize: 256 })
    const geo = s.geometry
    const tiles = makeDetailTiles()
    const random = seededRandom(7)
    // The viewer keeps a cell until 0.5 m past its edge (viewer-cell.ts): eyes up to 2.5 m off
    // its centre on each axis take its detail frames.
    const reach = 2 + 4 * CELL_HYSTERESIS
    let seen = 0
    for (let i = 0; i < 4000; i++) {
      const eye: [number, number] = [(random() * 2 - 1) * reach, (random() * 2 - 1) * reach]
      const t = tiles[Math.floor(random() * tiles.length)]!
      const f = {
        center: [(random() * 2 - 1) * 60, (random() * 2 - 1) * 60] as [number, number],
        radius: 0.5 + random() * 8,
      }
      // Whether the disc meets the frame's yaw wedge from the eye (exact for a wedge from a point).
      const dx = f.center[0] - eye[0]
      const dz = f.center[1] - eye[1]
      const d = Math.hypot(dx, dz)
      let off = Math.abs(Math.atan2(-dx, -dz) - t.yaw) % (2 * Math.PI)
      if (off > Math.PI) off = 2 * Math.PI - off
      const sees = d <= f.radius || off <= t.yawHalfExtent + Math.asin(f.radius / d)
      if (!sees) continue
      seen++
      const key = {
        worldVersion: 0,
        cell: [0, 0, 0] as Vec3,
        dir: DETAIL_DIR0 + t.index,
        level: DETAIL_LEVEL,
      }
      expect(keyMeetsFootprint(key, f, geo), `eye ${eye.join()} disc ${f.center.join()} r ${f.radius}`).toBe(
        true,
      )
    }
    expect(seen).toBeGreaterThan(500)
  })
})

/** A flat ground at y = 0 seen from `eye` looking along yaw/pitch (the synthetic scene's frame). */
function groundFrame(eye: Vec3, yaw: number, pitch: number, size: number, fovYDeg: number): Frame {
  const camera = { model: 'perspective' as const, width: size, height: size, fovYDeg }
  return renderSyntheticFrame(
    groundPlane(0),
    { position: eye, rotation: yawPitchQuat(yaw, pitch) },
    camera,
    1,
  )
}

describe('frameSight: what a detail frame takes the place of', () => {
  const eye: Vec3 = [0, 2, 0]
  const frame = groundFrame(eye, 0, -0.4, 128, 30)
  const sight = frameSight(frame, 150)!
  const pixel = (0.5 * 2 * Math.tan(Math.PI / 12)) / 128 // footprint per metre of depth

  it('takes coarse splats on the surface it saw, and floaters in front of it', () => {
    // On the ground straight ahead (inside the frustum, pitched 23 degrees down: ~4.7 m ahead).
    const p: Vec3 = [0, 0, -4.7]
    const d = 4.7 * Math.cos(0.4) + 2 * Math.sin(0.4)
    expect(sight.test(p[0], p[1], p[2], 3 * pixel * d)).toBe(true)
    // A splat floating half a metre above that ground, in front of it from here.
    expect(sight.test(0, 0.5, -4.7, 3 * pixel * d)).toBe(true)
  })

  it('keeps what it did not see: behind the surface, outside the frustum, beyond reach, or as fine as its own', () => {
    const d = 4.7 * Math.cos(0.4) + 2 * Math.sin(0.4)
    expect(sight.test(0, -1, -4.7, 3 * pixel * d)).toBe(false) // under the ground
    expect(sight.test(4, 0, -4.7, 3 * pixel * d)).toBe(false) // off to the side
    expect(sight.test(0, 0, 4.7, 3 * pixel * d)).toBe(false) // behind the camera
    expect(sight.test(0, 0, -4.7, 0.6 * pixel * d)).toBe(false) // as fine as its own splats
    expect(frameSight(frame, 3)!.test(0, 0, -4.7, 3 * pixel * d)).toBe(false) // past maxDepth
    expect(frameSight({ ...frame, camera: { model: 'equirect', width: 64, height: 32 } }, 150)).toBeNull()
  })

  it('says which ground rectangles (store pages) it may reach: ahead in its wedge, not behind or aside', () => {
    expect(sight.mayMeetRect(-16, -48, 16, -16)).toBe(true) // ahead
    expect(sight.mayMeetRect(-16, -16, 16, 16)).toBe(true) // under the camera
    expect(sight.mayMeetRect(-16, 16, 16, 48)).toBe(false) // behind
    expect(sight.mayMeetRect(64, -40, 96, -8)).toBe(false) // off to the right, outside 15 degrees
    expect(sight.mayMeetRect(-16, -400, 16, -368)).toBe(false) // beyond reach
    // Looking straight down, every heading is in view.
    const down = frameSight(groundFrame(eye, 0, -Math.PI / 2, 16, 30), 150)!
    expect(down.mayMeetRect(-16, 16, 16, 48)).toBe(true)
  })
})

describe('a detail frame in the store', () => {
  it("removes the wide frames' splats it saw, of any view, and keeps its own and everything else", () => {
    const origins = new FrameOrigins(150)
    const cell: Vec3 = [0, 0, 0]
    const wide = origins.of({ worldVersion: 0, cell, dir: 0, level: 2 }, groundFrame([0, 2, 0], 0, 0, 8, 90))
    const other = origins.of(
      { worldVersion: 0, cell: [1, 0, 0], dir: 3, level: 1 },
      groundFrame([4, 2, 0], 0, 0, 8, 90),
    )
    const detailFrame = groundFrame([0, 2, 0], 0, -0.4, 128, 30)
    const detail = origins.of(
      { worldVersion: 0, cell, dir: DETAIL_DIR0 + 3, level: DETAIL_LEVEL },
      detailFrame,
    )
    expect(detail.replaces).toEqual([])
    expect(detail.replacesSeen).toBeDefined()
    const store = new SplatStore()
    const add = (points: Vec3[], sigma: number, origin: number) => {
      const b = createSplatBatch(points.length)
      points.forEach((p, i) => {
        b.centers.set(p, 3 * i)
        b.scales.set([sigma, sigma, sigma / 10], 3 * i)
        b.quats.set([0, 0, 0, 1], 4 * i)
      })
      b.count = points.length
      store.add(b, origin)
    }
    add(
      [
        [0, 0, -4.75],
        [0.25, 0, -5],
        [0, 0, 10],
      ],
      0.05,
      wide.origin,
    ) // two seen, one behind the viewer
    add(
      [
        [-0.125, 0, -4.75],
        [0, -1, -4.5],
      ],
      0.05,
      other.origin,
    ) // one seen, one under the ground
    add([[0, 0, -4.5]], 0.005, detail.origin) // the detail frame's own
    const changed = store.removeSeen(detail.replacesSeen!.sight, detail.replacesSeen!.replaced)
    expect(changed.length).toBeGreaterThan(0)
    expect(store.count).toBe(3)
    const left = store.pageIds().flatMap((id) => {
      const v = store.view(id)!
      return Array.from({ length: v.count }, (_, i) => [...v.centers.subarray(3 * i, 3 * i + 3)])
    })
    expect(left).toEqual(
      expect.arrayContaining([
        [0, 0, 10],
        [0, -1, -4.5],
        [0, 0, -4.5],
      ]),
    )
  })
})
