import { describe, expect, it } from 'vitest'
import { pose, yawQuat, type Pose, type Vec3 } from '../../src/core/pose'
import type { RequestReason } from '../../src/core/stream/classify'
import {
  FrameScheduler,
  type InFlightRequest,
  type ScheduledRequest,
} from '../../src/core/stream/frame-scheduler'
import type { FrameSchedulerOptions } from '../../src/core/stream/scheduler-options'

const TILES = 22
const LEVELS = 3

/** A fake source on a fake clock: each request takes `latencyMs`, served in order, `depth` at a time. */
class Sim {
  now = 0
  inFlight: ScheduledRequest[] = []
  issued: ScheduledRequest[] = []
  cancelled: InFlightRequest[] = []
  constructor(
    readonly s: FrameScheduler,
    readonly latencyMs = 100,
    readonly modelMs = 100,
  ) {}

  step(
    viewer: Pose,
    extra: { velocity?: Vec3; target?: Vec3; worldVersion?: number } = {},
  ): ScheduledRequest[] {
    const d = this.s.next({
      now: this.now,
      pose: viewer,
      regions: [],
      worldVersion: 0,
      inFlight: this.inFlight,
      ...extra,
    })
    const gone = new Set(d.cancel.map((r) => r.id))
    this.cancelled.push(...d.cancel)
    this.inFlight = this.inFlight.filter((r) => !gone.has(r.id)).concat(d.issue)
    this.issued.push(...d.issue)
    this.now += this.latencyMs
    const done = this.inFlight.shift()
    if (done) this.s.frameArrived(done, this.now, this.modelMs)
    return d.issue
  }

  run(viewer: Pose, steps: number, extra = {}): ScheduledRequest[] {
    const out: ScheduledRequest[] = []
    for (let i = 0; i < steps; i++) out.push(...this.step(viewer, extra))
    return out
  }
}

const here = pose([1, 1.5, 1])
const make = (o: FrameSchedulerOptions = {}): FrameScheduler => new FrameScheduler(o)

describe('FrameScheduler camera heights', () => {
  it("takes a cell's frames from its centre, or from the eye where the eye is higher in the same height cell", () => {
    // From below the eye a grazing surface's rows part seen from the eye (striped near water at
    // the fjord's spawn, eye 1.6 m, frames from 1.0 m); from above, they overlap.
    const first = (viewer: Pose): number[] => new Sim(make()).run(viewer, 1)[0]!.request.pose.position
    // Cell (0, 0) is the square round the origin: its centre (0, 0).
    expect(first(pose([1, 1.6, 1]))).toEqual([0, 1.6, 0])
    expect(first(pose([1, 0.4, 1]))).toEqual([0, 1, 0])
    expect(first(pose([1, 2.6, 1]))).toEqual([0, 3, 0])
    expect(first(pose([1, 3.9, 1]))).toEqual([0, 3.9, 0])
    // The cells around at the same height (walked into next) are taken from the eye's height too.
    const sim = new Sim(make())
    const walking = sim.run(pose([1.9, 1.6, 1]), 40, { velocity: [1.5, 0, 0] })
    const next = walking.find((r) => r.key.cell[0] === 1)
    expect(next?.request.pose.position).toEqual([4, 1.6, 0])
  })
})

describe('FrameScheduler ordering', () => {
  it('asks first for the coarse tile in view, then low res all round, then the view sharp, then the rest', () => {
    const sim = new Sim(make())
    const all = sim.run(here, TILES * LEVELS + 5)
    expect(all).toHaveLength(TILES * LEVELS)
    expect(all[0]).toMatchObject({ reason: 'view', key: { dir: 0, level: 0 } })
    expect(all[0].request.camera).toMatchObject({ model: 'perspective', width: 64, height: 64, fovYDeg: 90 })
    // The cell's centre, raised to the eye (1.5 m, over the centre's 1 m).
    expect(all[0].request.pose.position).toEqual([0, 1.5, 0])
    const rank: Record<RequestReason, number> = { view: 0, target: 1, motion: 2, periphery: 3, behind: 4 }
    // No hole anywhere first: the whole sphere at the coarse level, view first, behind last.
    const coarse = all.slice(0, TILES)
    expect(coarse.every((r) => r.key.level === 0)).toBe(true)
    const ranks = coarse.map((r) => rank[r.reason])
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
    expect(ranks.at(-1)).toBe(4)
    // Then the view refined at every level, before any refinement out of view.
    const refined = all.slice(TILES)
    const inView = refined.filter((r) => r.reason === 'view')
    expect(inView.length).toBeGreaterThan(0)
    expect(refined.slice(0, inView.length)).toEqual(inView)
    expect(inView.map((r) => r.key.level)).toEqual([...inView.map((r) => r.key.level)].sort((a, b) => a - b))
    expect(inView.some((r) => r.key.level === LEVELS - 1)).toBe(true)
    const rest = refined.slice(inView.length).map((r) => r.key.level)
    expect(rest).toEqual([...rest].sort((a, b) => a - b))
    expect(new Set(all.map((r) => `${r.key.dir}/${r.key.level}`)).size).toBe(TILES * LEVELS)
  })

  it('foveaFrom: the finest level only for the one tile where the viewer looks', () => {
    const sim = new Sim(make({ levels: [16, 32, 64, 128], viewOnlyFrom: 2, foveaFrom: 3 }))
    const all = sim.run(here, 4 * TILES)
    const foveal = all.filter((r) => r.key.level === 3)
    expect(foveal).toHaveLength(1)
    expect(foveal[0]).toMatchObject({ reason: 'view', key: { dir: 0 } })
    // The rest of the view still gets the level below.
    expect(all.filter((r) => r.key.level === 2).length).toBeGreaterThan(1)
    // Turned a quarter to the left: the foveal frame of the tile now in front, and only that one.
    const turned = sim.run(pose(here.position, yawQuat(Math.PI / 2)), 4 * TILES)
    const next = turned.filter((r) => r.key.level === 3)
    expect(next).toHaveLength(1)
    expect(next[0]!.key.dir).not.toBe(0)
    expect(next[0]!.key.dir).toBe(sim.s.tiles.findIndex((t) => t.forward[0] < -0.99))
  })

  it('viewOnlyFrom: the sharpest level only where the viewer looks or points', () => {
    const sim = new Sim(make({ viewOnlyFrom: 2 }))
    const all = sim.run(here, TILES * LEVELS + 5)
    const sharp = all.filter((r) => r.key.level === 2)
    expect(all.filter((r) => r.key.level < 2)).toHaveLength(2 * TILES)
    expect(sharp.length).toBeGreaterThan(0)
    expect(sharp.length).toBeLessThan(TILES / 2)
    for (const r of sharp) expect(r.reason).toBe('view')
    // Turning round asks for the sharp frames of the new view, and nothing else.
    const turned = sim.run(pose(here.position, yawQuat(Math.PI)), TILES)
    expect(turned.length).toBeGreaterThan(0)
    for (const r of turned) expect(r).toMatchObject({ reason: 'view', key: { level: 2 } })
  })

  it('serves the gaze target right after the view', () => {
    const sim = new Sim(make())
    const first = sim.run(here, 10, { target: [30, 1, 1] })
    const targets = first.filter((r) => r.reason === 'target')
    expect(targets.length).toBeGreaterThan(0)
    const views = first.filter((r) => r.reason === 'view').length
    expect(views).toBeGreaterThan(0)
    expect(first.map((r) => r.reason).slice(0, views + 1)).toEqual([
      ...Array<string>(views).fill('view'),
      'target',
    ])
    // Looking towards +X is yaw -90 degrees, tile 6 of the horizon band.
    expect(targets.map((r) => r.key.dir)).toContain(6)
  })

  it('walking: asks for the next cell ahead before the periphery', () => {
    const s = make()
    const sim = new Sim(s)
    const walker = pose([1.5, 1.5, 1])
    const out = sim.run(walker, 30, { velocity: [2, 0, 0] })
    const ahead = out.filter((r) => r.key.cell[0] === 1)
    expect(ahead.length).toBeGreaterThan(0)
    expect(ahead.every((r) => r.reason === 'motion' && r.key.level === 0)).toBe(true)
    const firstPeriphery = out.findIndex((r) => r.reason === 'periphery' || r.reason === 'behind')
    expect(firstPeriphery).toBeGreaterThan(0)
    expect(out.findIndex((r) => r.key.cell[0] === 1)).toBeLessThan(firstPeriphery)
  })
})

describe('FrameScheduler coverage', () => {
  it('never asks again for a covered view: 0 requests on revisit', () => {
    const sim = new Sim(make())
    sim.run(here, TILES * LEVELS + 2)
    sim.run(pose([30, 1.5, 30]), TILES * LEVELS + 2)
    const before = sim.issued.length
    expect(sim.run(pose([1.2, 1.4, 0.7], yawQuat(2)), 20)).toHaveLength(0)
    expect(sim.issued.length).toBe(before)
  })

  it('an edit re-requests only the keys whose footprint it meets, at the new version', () => {
    const s = make()
    const sim = new Sim(s)
    sim.run(here, TILES * LEVELS + 2)
    const far = pose([300, 1.5, 300])
    sim.run(far, TILES * LEVELS + 2)
    const changed = s.invalidate({ center: [40, 1], radius: 5 }, 1)
    expect(changed.length).toBeGreaterThan(0)
    expect(changed.length).toBeLessThan(TILES * LEVELS)
    const redo = sim.run(here, TILES * LEVELS, { worldVersion: 1 })
    expect(redo.map((r) => `${r.key.dir}/${r.key.level}`).sort()).toEqual(
      changed.map((k) => `${k.dir}/${k.level}`).sort(),
    )
    expect(redo.every((r) => r.request.worldVersion === 1)).toBe(true)
    // The edit is out of range of the far cell and the tiles facing away from it.
    expect(sim.run(far, 5, { worldVersion: 1 })).toHaveLength(0)
    expect(changed.some((k) => k.dir === 2)).toBe(false) // yaw 90: looks down -X, away from the edit
    // Undoing to the old version asks for nothing: version 0 frames are still valid for version 0.
    expect(sim.run(here, 5, { worldVersion: 0 })).toHaveLength(0)
  })

  it('an edit predicate over keys forgets exactly those keys', () => {
    const s = make()
    const sim = new Sim(s)
    sim.run(here, TILES * LEVELS + 2)
    expect(s.invalidate((k) => k.dir === 3 && k.level === 2)).toHaveLength(1)
    expect(sim.run(here, 5).map((r) => [r.key.dir, r.key.level])).toEqual([[3, 2]])
  })
})

describe('FrameScheduler viewer cell (hysteresis)', () => {
  it('a head swaying across a cell edge asks for one cell only, and leaving the cell moves on', () => {
    const sim = new Sim(make())
    // A head standing on the edge x = 2 between cells 0 and 1 drifts a few centimetres either side.
    const sway = [2, 1.97, 2.02, 1.96, 2.01, 1.98]
    for (let i = 0; i < TILES * LEVELS + 2; i++) sim.step(pose([sway[i % sway.length]!, 1.5, 5]))
    const cells = new Set(sim.issued.map((r) => r.key.cell.join(',')))
    expect([...cells]).toEqual(['1,0,1'])
    expect(sim.issued).toHaveLength(TILES * LEVELS)
    // Still within the margin (0.5 m of a 4 m cell): nothing new.
    expect(sim.run(pose([1.55, 1.5, 5]), 5)).toHaveLength(0)
    // Clearly past the edge: the next cell's frames.
    const next = sim.run(pose([1.4, 1.5, 5]), 5)
    expect(next.length).toBeGreaterThan(0)
    expect(next.every((r) => r.key.cell.join(',') === '0,0,1')).toBe(true)
    // Walking back in, the old cell holds until its own margin is crossed, then it is covered.
    expect(sim.run(pose([1.8, 1.5, 5]), 3).every((r) => r.key.cell[0] === 0)).toBe(true)
    expect(sim.run(pose([2.6, 1.5, 5]), 3)).toHaveLength(0)
  })

  it('the height cell follows the eye exactly: no sticky height from a first look at a default height', () => {
    const sim = new Sim(make())
    // The eye starts at 1.6 m (cell y 0) before the ground is known, then stands at 2.1 m (cell y 1).
    sim.step(pose([2, 1.6, 6]))
    const later = sim.run(pose([2, 2.1, 6]), 4)
    expect(later.length).toBeGreaterThan(0)
    expect(later.every((r) => r.key.cell[1] === 1)).toBe(true)
  })
})

describe('FrameScheduler cancellation (latest wins)', () => {
  it('cancels requests for a cell the viewer has left', () => {
    const s = make({ source: { kind: 'edge', maxInFlight: 4 } })
    const d1 = s.next({ now: 0, pose: here, regions: [], worldVersion: 0, inFlight: [] })
    expect(d1.issue).toHaveLength(4)
    const d2 = s.next({ now: 50, pose: pose([20, 1.5, 1]), regions: [], worldVersion: 0, inFlight: d1.issue })
    expect(d2.cancel.map((r) => r.id).sort()).toEqual(d1.issue.map((r) => r.id).sort())
    expect(d2.issue).toHaveLength(4)
    expect(d2.issue.every((r) => r.key.cell[0] === 5)).toBe(true)
  })

  it('cancels refinement of a view the viewer turned away from, keeps coarse frames', () => {
    const s = make({ levelWeight: 0.1, source: { kind: 'edge', maxInFlight: 4 } })
    const d1 = s.next({ now: 0, pose: here, regions: [], worldVersion: 0, inFlight: [] })
    const refine = d1.issue.filter((r) => r.key.level > 0)
    expect(refine.length).toBeGreaterThan(0)
    const back = pose(here.position, yawQuat(Math.PI))
    const d2 = s.next({ now: 10, pose: back, regions: [], worldVersion: 0, inFlight: d1.issue })
    expect(d2.cancel.map((r) => r.id).sort()).toEqual(refine.map((r) => r.id).sort())
  })

  it('keeps a refinement asked for behind the viewer while it is slower than the schedule', () => {
    // A frame takes four schedules to arrive (a sharp level on a CPU): each key is asked for once.
    const s = make()
    let inFlight: ScheduledRequest[] = []
    let age = 0
    const issued: ScheduledRequest[] = []
    for (let t = 0; t < 4 * TILES * LEVELS + 20; t++) {
      const d = s.next({ now: t * 80, pose: here, regions: [], worldVersion: 0, inFlight })
      const gone = new Set(d.cancel.map((r) => r.id))
      inFlight = inFlight.filter((r) => !gone.has(r.id)).concat(d.issue)
      issued.push(...d.issue)
      if (inFlight.length > 0 && ++age === 4) {
        s.frameArrived(inFlight.shift()!, t * 80, 300)
        age = 0
      }
    }
    expect(issued).toHaveLength(TILES * LEVELS)
    expect(inFlight).toHaveLength(0)
  })

  it('cancels in-flight requests an edit invalidated, keeps the unaffected ones', () => {
    const s = make({ source: { kind: 'edge', maxInFlight: 4 } })
    const d1 = s.next({ now: 0, pose: here, regions: [], worldVersion: 0, inFlight: [] })
    const hit = d1.issue[0]
    s.invalidate((k) => k.dir === hit.key.dir, 1)
    const d2 = s.next({ now: 5, pose: here, regions: [], worldVersion: 1, inFlight: d1.issue })
    expect(d2.cancel.map((r) => r.id)).toEqual([hit.id])
    // A late arrival of the cancelled frame does not count as coverage for the new version.
    s.frameArrived(hit, 100, 100)
    expect(s.coverage.has({ ...hit.key, worldVersion: 1 })).toBe(false)
    expect(s.coverage.has(hit.key)).toBe(true)
  })
})

describe('FrameScheduler concurrency', () => {
  it.each([
    ['local worker', { kind: 'local' as const }, 100, 100, 1],
    ['edge before any measurement', { kind: 'edge' as const }, NaN, NaN, 4],
    ['edge with network latency', { kind: 'edge' as const }, 200, 60, 4],
    ['edge on loopback', { kind: 'edge' as const }, 52, 50, 2],
    ['edge with an explicit cap', { kind: 'edge' as const, maxInFlight: 2 }, 400, 50, 2],
  ])('%s', (_name, source, latency, model, expected) => {
    const s = make({ source })
    for (let i = 0; i < 30 && latency === latency; i++) s.latency.record(latency, model)
    const d = s.next({ now: 0, pose: here, regions: [], worldVersion: 0, inFlight: [] })
    expect(d.concurrency).toBe(expected)
    expect(d.issue).toHaveLength(expected)
  })

  it('never exceeds the concurrency with requests already in flight', () => {
    const s = make({ source: { kind: 'edge', maxInFlight: 3 } })
    const d1 = s.next({ now: 0, pose: here, regions: [], worldVersion: 0, inFlight: [] })
    const d2 = s.next({ now: 1, pose: here, regions: [], worldVersion: 0, inFlight: d1.issue })
    expect(d2.issue).toHaveLength(0)
    const d3 = s.next({ now: 2, pose: here, regions: [], worldVersion: 0, inFlight: d1.issue.slice(1) })
    expect(d3.issue).toHaveLength(1)
    // Still in flight: not asked for twice.
    const inFlight = d1.issue.slice(1).map((r) => `${r.key.dir}/${r.key.level}`)
    expect(inFlight).not.toContain(`${d3.issue[0].key.dir}/${d3.issue[0].key.level}`)
  })
})
