/**
 * The streaming session in Node with an injected clock and a synthetic frame source (a checkered
 * ground plane, exact geometry): what it asks for first, what an edit throws away and serves
 * first, what a splat budget evicts, and that restored frames cost no model call.
 */
import { describe, expect, it } from 'vitest'
import type { Frame, FrameRequest } from '../../src/core/frame'
import { groundPlane, renderSyntheticFrame } from '../../src/core/lift/synthetic-frame'
import { footprintContains } from '../../src/core/stream/footprint'
import { enforceSplatBudget } from '../../src/session/splat-budget'
import { keyId, type FrameKey } from '../../src/core/stream'
import type { FrameSink } from '../../src/session/world-spec'
import type { SplatStore } from '../../src/core/lift'
import { exploreStart, WorldSession, type WorldSessionOptions, type WorldSpec } from '../../src/session'
import { exploredFrames } from '../../src/session/explored-frames'
import { PANORAMA_ID_BASE } from '../../src/session/sky-panorama'
import { exportWorld } from '../../src/app/files/export-world'
import { exportWorkerApi } from '../../src/app/files/export-api'
import { importLimits, readSplatFile } from '../../src/core/formats'
import { WorldDocument } from '../../src/core/world'

const scene = groundPlane(0)
const WORLD: WorldSpec = { id: 'w1', prompt: 'a test plane', version: 1, regions: [] }
/** Standing at the spawn, looking down -Z (identity rotation). */
const EYE = [0, 1.6, 0] as const
const AHEAD = [0, 0, 0, 1] as const

/** A frame source that draws the plane and records every request, in order. */
class PlaneSource {
  readonly requests: FrameRequest[] = []
  failNext = 0
  render(req: FrameRequest): Promise<Frame> {
    this.requests.push(req)
    if (this.failNext > 0) {
      this.failNext--
      return Promise.reject(new Error('source down'))
    }
    const frame = renderSyntheticFrame(scene, req.pose, req.camera, req.id)
    return Promise.resolve({ ...frame, worldVersion: req.worldVersion, modelMs: 5 })
  }
}

/** A horizon band tile: one of the sky panorama's requests, and a perspective one. */
const isBandTile = (r: FrameRequest): boolean => r.id >= PANORAMA_ID_BASE && r.camera.model === 'perspective'

/** Splats in pages whose centre lies within 100 m of the spawn. */
function splatsNearSpawn(store: SplatStore): number {
  let n = 0
  for (const id of store.pageIds()) {
    const p = store.page(id)!
    if (Math.hypot((p.cx + 0.5) * store.pageSize, (p.cz + 0.5) * store.pageSize) < 100) n += p.batch.count
  }
  return n
}

function setup(options: Partial<WorldSessionOptions> = {}) {
  const clock = { t: 0 }
  const source = new PlaneSource()
  const session = new WorldSession(
    { source, levels: [32, 64], panoramaWidth: 0, now: () => clock.t, ...options },
    WORLD,
  )
  session.streaming = true
  /** One display frame at the spawn, then the frames it asked for arrive, then 100 ms pass. */
  const step = async (pos: readonly number[] = EYE) => {
    session.tick(pos[0]!, pos[1]!, pos[2]!, AHEAD[0], AHEAD[1], AHEAD[2], AHEAD[3])
    await session.settled()
    clock.t += 100
  }
  const untilIdle = async (pos: readonly number[] = EYE, max = 200) => {
    for (let i = 0; i < max && !session.isIdle; i++) await step(pos)
    expect(session.isIdle).toBe(true)
  }
  return { clock, source, session, step, untilIdle }
}

describe('WorldSession (injected clock)', () => {
  it('asks for nothing before streaming starts, then for coarse views in front first', async () => {
    const { session, source, step, untilIdle } = setup()
    session.streaming = false
    await step()
    expect(source.requests).toHaveLength(0)
    session.streaming = true
    await step()
    const first = session.requestLog[0]!
    expect(first.level).toBe(0)
    expect(first.size).toBe(32)
    // The first view looks the way the viewer looks (-Z), not behind them.
    expect(first.forward[2]).toBeLessThan(0)
    await untilIdle()
    const levels = session.requestLog.map((r) => r.level)
    // Every coarse frame before the first fine one.
    expect(levels.lastIndexOf(0)).toBeLessThan(levels.indexOf(1))
    expect(session.stats.frames).toBe(source.requests.length)
    expect(session.stats.splats).toBeGreaterThan(1000)
    // Idle: more display frames at the same pose ask for nothing.
    const calls = session.stats.modelCalls
    for (let i = 0; i < 5; i++) await step()
    expect(session.stats.modelCalls).toBe(calls)
  })

  it('holds two ticks after a restore is filed: the walkers stand the eye on the restored ground first', async () => {
    // A reopened world's first tick saw the eye where the last world left it (1 m up here, under
    // the 1.6 m eye the walkers set a frame later) and asked the model for a tile from there.
    const { session, source, step } = setup()
    await session.filed()
    await step([0, 1, 0])
    await step([0, 1, 0])
    expect(source.requests).toHaveLength(0)
    await step()
    expect(source.requests.length).toBeGreaterThan(0)
    expect(session.settleTicks).toBe(0)
  })

  it('asks for the next frame at the next display frame once one arrives, not a schedule interval later', async () => {
    // A worker runs one frame at a time; waiting up to 80 ms to ask for the next one left it idle
    // most of the time when frames take ~26 ms (64 px on wasm): one frame per 80 ms at most.
    const { session, source, clock } = setup()
    for (let i = 0; i < 10; i++) {
      session.tick(EYE[0], EYE[1], EYE[2], AHEAD[0], AHEAD[1], AHEAD[2], AHEAD[3])
      await session.settled()
      clock.t += 16
    }
    // Ten display frames of 16 ms: one request each (three at 80 ms intervals before).
    expect(source.requests.length).toBeGreaterThanOrEqual(9)
    expect(source.requests.length).toBeLessThanOrEqual(11)
  })

  it('asks for the sky panorama supersampled and keeps it anti-aliased at panoramaWidth', async () => {
    const { session, source, step } = setup({ panoramaWidth: 64, panoramaSupersample: 2 })
    await step()
    const asked = source.requests.find((r) => r.camera.model === 'equirect')!
    expect(asked.camera).toMatchObject({ width: 128, height: 64 })
    expect(session.panorama!.camera).toMatchObject({ model: 'equirect', width: 64, height: 32 })
    // Depth keeps its meaning through the downsampling: ground below the horizon, sky above.
    expect(session.panorama!.depth.some((d) => d > 0)).toBe(true)
    expect(session.panorama!.depth.some((d) => d === 0)).toBe(true)
  })

  it('shows a quick preview panorama first and takes the sharp one once the view is covered', async () => {
    const { session, source, step, untilIdle } = setup({
      panoramaWidth: 64,
      panoramaSupersample: 2,
      panoramaPreviewWidth: 32,
      panoramaBand: 0,
    })
    const panoramas = () => source.requests.filter((r) => r.camera.model === 'equirect')
    await step()
    // The preview goes out before any tile frame, unsupersampled; the sharp one waits.
    expect(source.requests[0]!.camera).toMatchObject({ model: 'equirect', width: 32, height: 16 })
    expect(panoramas()).toHaveLength(1)
    expect(session.panorama!.camera.width).toBe(32)
    await untilIdle()
    await step()
    expect(panoramas().map((r) => r.camera.width)).toEqual([32, 128])
    expect(session.panorama!.camera).toMatchObject({ width: 64, height: 32 })
    // Sharp and idle: nothing more is asked.
    const calls = session.stats.modelCalls
    for (let i = 0; i < 5; i++) await step()
    expect(session.stats.modelCalls).toBe(calls)
  })

  it('then takes the band round the horizon again, finer, one tile at a time, and holds and stores the composed panorama', async () => {
    const saved: Frame[] = []
    const sink: FrameSink = { saveFrame: () => {}, savePanorama: (_w, f) => void saved.push(f) }
    const { session, source, step } = setup({ panoramaWidth: 128, panoramaPreviewWidth: 0, sink })
    const tilesAsked = (): FrameRequest[] => source.requests.filter(isBandTile)
    // Idle comes back between tiles (each arrival wakes the session): at most one tile a schedule.
    let most = 0
    for (let i = 0; i < 200 && session.panorama?.camera.width !== 256; i++) {
      const before = tilesAsked().length
      await step()
      most = Math.max(most, tilesAsked().length - before)
    }
    expect(most).toBe(1)
    const sharp = saved[0]!
    expect(sharp.camera.width).toBe(128)
    // None before the sharp panorama was asked for.
    const sharpAt = source.requests.findIndex((r) => r.camera.model === 'equirect' && r.camera.width === 128)
    expect(source.requests.findIndex((r) => tilesAsked().includes(r))).toBeGreaterThan(sharpAt)
    const tiles = tilesAsked()
    expect(tiles).toHaveLength(8)
    for (const t of tiles) expect(t.pose.position).toEqual(sharp.pose.position)
    expect(new Set(tiles.map((t) => t.pose.rotation.join())).size).toBe(8)
    const composed = session.panorama!
    expect(composed.camera).toMatchObject({ model: 'equirect', width: 256, height: 128 })
    expect(saved.at(-1)).toBe(composed)
    // The plane seen through the band, 8 degrees under the horizon: distance along the ray, to
    // the tiles' pixel (1.2 degrees here).
    const row = Math.round(128 * (0.5 + 8 / 180))
    const lat = (0.5 - (row + 0.5) / 128) * Math.PI
    const truth = sharp.pose.position[1] / Math.sin(-lat)
    expect(Math.abs(composed.depth[row * 256 + 128]! - truth) / truth).toBeLessThan(0.1)
    // Held and stored: nothing more is asked.
    const calls = session.stats.modelCalls
    for (let i = 0; i < 5; i++) await step()
    expect(session.stats.modelCalls).toBe(calls)
  })

  it('keeps taking the band through an edit that keeps the panorama, and holds it for the new version', async () => {
    const { session, source, step } = setup({ panoramaWidth: 128, panoramaPreviewWidth: 0 })
    for (let i = 0; i < 200 && source.requests.filter(isBandTile).length < 3; i++) await step()
    // A small edit 8 m ahead: the far field, and so the panorama, stays.
    const footprint = { center: [0, -8] as [number, number], radius: 4 }
    session.applyChange({ ...WORLD, version: 2 }, { version: 2, footprints: [footprint] }, footprint)
    for (let i = 0; i < 300 && session.panorama?.camera.width !== 256; i++) await step()
    expect(session.panorama!.camera.width).toBe(256)
    expect(source.requests.filter(isBandTile)).toHaveLength(8)
  })

  it('gives the band up after its tiles fail twice: the sharp panorama stays, and the source is not asked again', async () => {
    const { session, source, step } = setup({ panoramaWidth: 128, panoramaPreviewWidth: 0 })
    // The band's tiles fail; everything else is drawn.
    const render = source.render.bind(source)
    source.render = (req) => {
      if (!isBandTile(req)) return render(req)
      source.requests.push(req)
      return Promise.reject(new Error('source down'))
    }
    for (let i = 0; i < 200 && source.requests.filter(isBandTile).length < 2; i++) await step()
    for (let i = 0; i < 20; i++) await step()
    expect(source.requests.filter(isBandTile)).toHaveLength(2)
    expect(session.panorama!.camera.width).toBe(128)
    expect(session.stats.lastError).toMatch(/source down/)
  })

  it('consults the scheduler at most every 80 ms of its clock, one request in flight', async () => {
    const { session, clock } = setup()
    session.tick(...EYE, ...AHEAD)
    const afterFirst = session.stats.modelCalls
    expect(afterFirst).toBe(1)
    clock.t += 50
    session.tick(...EYE, ...AHEAD)
    expect(session.stats.modelCalls).toBe(afterFirst)
    expect(session.inFlight).toBe(1)
    await session.settled()
    clock.t += 40
    session.tick(...EYE, ...AHEAD)
    expect(session.stats.modelCalls).toBe(afterFirst + 1)
  })

  it('after an edit, drops only what the footprint meets and serves it first, coarse first', async () => {
    const { session, step, untilIdle } = setup()
    await untilIdle()
    const pagesBefore = new Set(session.store.pageIds())
    const footprint = { center: [0, -8] as [number, number], radius: 4 }
    const changed = session.applyChange(
      { ...WORLD, version: 2 },
      { version: 2, footprints: [footprint] },
      footprint,
    )
    expect(changed.length).toBeGreaterThan(0)
    // Pages away from the edit are still there, untouched.
    const kept = [...pagesBefore].filter((id) => !changed.includes(id))
    expect(kept.length).toBeGreaterThan(0)
    for (const id of kept) expect(session.store.pageIds()).toContain(id)
    expect(session.focus).toEqual(footprint)
    const logged = session.requestLog.length
    await step()
    const next = session.requestLog.slice(logged)
    expect(next.length).toBeGreaterThan(0)
    expect(next[0]!.worldVersion).toBe(2)
    expect(next[0]!.focused).toBe(true)
    expect(next[0]!.level).toBe(0)
    await untilIdle()
    // Focus is dropped once everything is covered again; the edited ground has splats again.
    expect(session.focus).toBeNull()
    const store = session.store
    const refilled = store.pageIds().some((id) => {
      const p = store.page(id)!
      return footprintContains(
        footprint,
        (p.cx + 0.5) * store.pageSize,
        (p.cz + 0.5) * store.pageSize,
        store.pageSize,
      )
    })
    expect(refilled).toBe(true)
  })

  it('a finer frame of a view replaces its coarse frame: the store ends as if only the fine level were asked', async () => {
    const both = setup({ levels: [32, 64] })
    await both.untilIdle()
    const fine = setup({ levels: [64] })
    await fine.untilIdle()
    const sigmas = (st: typeof both.session.store): number[] =>
      st
        .pageIds()
        .flatMap((id) => Array.from(st.view(id)!.scales.filter((_, i) => i % 3 === 0)))
        .sort((a, b) => a - b)
    // Before, the 32 px frames' splats (twice as wide) stayed under the 64 px ones and blurred
    // them (a quarter more splats). The coarse frames' marks still steer de-duplication a little.
    const [a, b] = [both.session.store.count, fine.session.store.count]
    expect(Math.abs(a - b)).toBeLessThan(b * 0.005)
    const [sa, sb] = [sigmas(both.session.store), sigmas(fine.session.store)]
    expect(sa.at(-1)).toBe(sb.at(-1))
    expect(sa[Math.floor(sa.length * 0.99)]).toBe(sb[Math.floor(sb.length * 0.99)])
  })

  it('keeps the splat budget by evicting the farthest pages, and keeps their frames', async () => {
    const full = setup()
    await full.untilIdle()
    const budget = Math.floor(full.session.store.count / 2)
    const { session, untilIdle } = setup({ splatBudget: budget })
    await untilIdle()
    expect(session.store.count).toBeLessThanOrEqual(budget)
    expect(session.store.count).toBeGreaterThan(0)
    expect(session.memory.size).toBe(full.session.memory.size)
    // Farthest pages first: evict from the full session's pages directly, the viewer off-centre.
    const store = full.session.store
    const [vx, vz] = [store.pageSize * 0.75, store.pageSize * 0.6]
    const dist = (id: string) => {
      const p = store.page(id)!
      return Math.hypot((p.cx + 0.5) * store.pageSize - vx, (p.cz + 0.5) * store.pageSize - vz)
    }
    const before = store.pageIds()
    const farthest = before.reduce((a, b) => (dist(b) > dist(a) ? b : a))
    const far = new Map(before.map((id) => [id, dist(id)]))
    const dirty = new Set<string>()
    enforceSplatBudget(store, store.count - 1, vx, vz, dirty)
    expect([...dirty][0]).toBe(farthest)
    expect(store.page(farthest)).toBeUndefined()
    expect(store.count).toBeGreaterThan(0)
    const keptMax = Math.max(...store.pageIds().map((id) => far.get(id)!))
    for (const id of dirty) expect(far.get(id)!).toBeGreaterThanOrEqual(keptMax)
  })

  it('over budget forgets the farthest places, and lifts them again from memory when the viewer comes back', async () => {
    const one = setup()
    await one.untilIdle()
    const { session, source, step, untilIdle } = setup({
      splatBudget: Math.floor(one.session.store.count * 1.5),
    })
    const store = session.store
    const nearStart = () => splatsNearSpawn(store)
    await untilIdle(EYE)
    const atStart = nearStart()
    expect(atStart).toBeGreaterThan(1000)
    for (const x of [400, 800]) {
      await step([x, 1.6, 0])
      await untilIdle([x, 1.6, 0])
    }
    expect(store.count).toBeLessThanOrEqual(Math.floor(one.session.store.count * 1.5))
    expect(nearStart()).toBeLessThan(atStart * 0.2)
    const calls = source.requests.length
    await step(EYE)
    await untilIdle(EYE)
    // Back where it started: the place is drawn again, from the frames memory kept, no model call.
    // (Pages dropped from the store alone stayed covered in the lifter: it came back empty.)
    expect(nearStart()).toBeGreaterThan(atStart * 0.9)
    expect(source.requests.length).toBe(calls)
  })

  it('a long walk keeps only what is near; the far frames come back from storage with no model call', async () => {
    // Stands in for IndexedDB (which Node lacks): the frames the sink was given, by key, written
    // once a microtask later, as the world store resolves saveFrame once the record is on disk.
    const disk = new Map<string, Frame>()
    const reads: string[] = []
    const id = (k: FrameKey) => keyId(k)
    const sink: FrameSink = {
      saveFrame: async (_w, key, frame) => {
        await Promise.resolve()
        disk.set(id(key), frame)
        return true
      },
      savePanorama: () => undefined,
      loadFrame: (_w, key) => {
        reads.push(id(key))
        return Promise.resolve(disk.get(id(key)) ?? null)
      },
    }
    const { session, source, step, untilIdle } = setup({ keepRadius: 300, sink })
    const store = session.store
    const nearStart = () => splatsNearSpawn(store)
    await untilIdle(EYE)
    const atStart = nearStart()
    const startFrames = session.memory.size
    const startGround = session.ground.heightAt(0, -5)
    for (const x of [400, 800, 1200]) {
      await step([x, 1.6, 0])
      await untilIdle([x, 1.6, 0])
    }
    // Out at 1.2 km: the start's splats and frames have left memory; its ground has settled.
    expect(nearStart()).toBe(0)
    expect(session.ground.liveColumns).toBeLessThan(session.ground.columns / 2)
    expect(session.ground.heightAt(0, -5)).toBe(startGround)
    expect(session.memory.awaySize).toBeGreaterThanOrEqual(2 * startFrames)
    const farthest = Math.max(
      ...[...store.pageIds()].map((pid) => {
        const p = store.page(pid)!
        return Math.hypot((p.cx + 0.5) * store.pageSize - 1200, (p.cz + 0.5) * store.pageSize)
      }),
    )
    expect(farthest).toBeLessThanOrEqual(300 + 64 + store.pageSize)
    for (const { frame } of session.memory.frames())
      expect(Math.abs(frame.pose.position[0] - 1200)).toBeLessThanOrEqual(300 + 150 + 64 + 64 + 4)
    // Exporting everything explored lifts every frame again, the away ones read from "disk": the
    // file holds the start as well as where the viewer stands, not only the resident splats.
    const readsBefore = reads.length
    const exported = await exportWorld(
      'spz',
      {
        prompt: 'a plane',
        doc: new WorldDocument(),
        viewer: { position: [1200, 1.6, 0], rotation: [...AHEAD] },
        pages: { ids: () => [], view: () => undefined },
        placed: () => [],
        panorama: null,
        explored: () => exploredFrames(session.memory, session.world, sink),
        lifter: session.liftConfig,
      },
      exportWorkerApi,
      { area: 'explored' },
    )
    expect(exported.frames).toEqual({ lifted: session.memory.size + session.memory.awaySize, missing: 0 })
    expect(reads.length - readsBefore).toBe(session.memory.awaySize)
    const file = await readSplatFile(exported.bytes, { limits: importLimits('desktop') })
    if (file.kind !== 'splats') throw new Error('expected splats')
    const xs = file.splats.centers.filter((_, i) => i % 3 === 0)
    expect(xs.filter((x) => Math.abs(x) < 100).length).toBeGreaterThan(atStart * 0.5)
    expect(xs.filter((x) => Math.abs(x - 1200) < 100).length).toBeGreaterThan(1000)
    expect(file.splats.count).toBeGreaterThan(store.count)
    // One frame at the start is gone from storage meanwhile (quota, another tab's collection): a
    // fine one, as a coarse one is not asked for again where its view's fine frame stands.
    const lostKey = session.memory.awayKeys((k) => k.cell[0] === 0 && k.cell[2] === 0 && k.level === 1)[0]!
    disk.delete(id(lostKey))
    const calls = source.requests.length
    await step(EYE)
    await untilIdle(EYE)
    // Back at the start: the same place, read back and lifted again; only the lost frame is asked for.
    expect(reads.length).toBeGreaterThanOrEqual(startFrames)
    expect(nearStart()).toBeGreaterThan(atStart * 0.9)
    expect(session.ground.heightAt(0, -5)).toBe(startGround)
    expect(source.requests.length - calls).toBe(1)
    const asked = source.requests[source.requests.length - 1]!
    const grid = session.scheduler.grid
    expect(grid.cellOf(asked.pose.position)).toEqual(lostKey.cell)
  })

  it('without a sink that reads frames back, keeps every frame in memory on a long walk', async () => {
    const { session, untilIdle, step } = setup({ keepRadius: 300 })
    await untilIdle(EYE)
    const startFrames = session.memory.size
    await step([1200, 1.6, 0])
    await untilIdle([1200, 1.6, 0])
    expect(session.memory.awaySize).toBe(0)
    expect(session.memory.size).toBeGreaterThan(startFrames)
  })

  it('restores stored frames with no model call for what they cover', async () => {
    const first = setup()
    await first.untilIdle()
    const { session, source, untilIdle } = setup()
    for (const { key, frame } of first.session.memory.frames()) session.restoreFrame(key, frame)
    // Lifting is asynchronous (a worker in the app): restored frames are filed once it answers.
    await session.settled()
    expect(session.stats.restoredFrames).toBe(first.session.memory.size)
    expect(session.store.count).toBe(first.session.store.count)
    expect(session.ground.columns).toBeGreaterThan(0)
    await untilIdle()
    expect(source.requests).toHaveLength(0)
  })

  it('standing still, detail frames sharpen the view: their splats replace the wide ones they saw, and come back from storage', async () => {
    const wide = setup()
    await wide.untilIdle()
    const sharp = setup({ detailSize: 64 })
    // Sharpening (a detail frame in flight) only once the wide frames are in, and not at the end.
    let sharpening = 0
    for (let i = 0; i < 200 && !sharp.session.isIdle; i++) {
      sharp.session.tick(EYE[0], EYE[1], EYE[2], AHEAD[0], AHEAD[1], AHEAD[2], AHEAD[3])
      if (sharp.session.sharpening) {
        sharpening++
        expect(sharp.source.requests.at(-1)!.camera.fovYDeg).toBe(30)
      }
      await sharp.session.settled()
      sharp.clock.t += 100
    }
    expect(sharpening).toBeGreaterThanOrEqual(6)
    expect(sharp.session.sharpening).toBe(false)
    await sharp.untilIdle()
    const detail = sharp.source.requests.filter((r) => r.camera.fovYDeg === 30)
    expect(detail.length).toBeGreaterThanOrEqual(6)
    expect(wide.source.requests.some((r) => r.camera.fovYDeg === 30)).toBe(false)
    // In front, 4-20 m out and within 10 degrees of straight ahead: what the viewer looks at.
    const widest = (st: SplatStore): number => {
      let w = 0
      for (const id of st.pageIds()) {
        const v = st.view(id)!
        for (let i = 0; i < v.count; i++) {
          const [x, , z] = [v.centers[3 * i]!, 0, v.centers[3 * i + 2]!]
          if (z < -20 || z > -4 || Math.abs(x) > -z * 0.18) continue
          w = Math.max(w, v.scales[3 * i]!)
        }
      }
      return w
    }
    // A 64 px frame over 30 degrees is 2.3 times finer than a 64 px one over 90: nothing as wide as
    // the wide frames' splats is left where the detail frames looked.
    expect(widest(sharp.session.store)).toBeLessThan(widest(wide.session.store) * 0.6)
    const back = setup({ detailSize: 64 })
    for (const { key, frame } of sharp.session.memory.frames()) back.session.restoreFrame(key, frame)
    await back.session.settled()
    expect(widest(back.session.store)).toBeLessThan(widest(wide.session.store) * 0.6)
    await back.untilIdle()
    expect(back.source.requests).toHaveLength(0)
  })

  it('pauses a second after a failed request instead of hammering the source', async () => {
    const { session, source, clock } = setup()
    source.failNext = 1
    session.tick(...EYE, ...AHEAD)
    await session.settled()
    expect(session.stats.errors).toBe(1)
    expect(session.stats.lastError).toBe('source down')
    clock.t += 500
    session.tick(...EYE, ...AHEAD)
    expect(source.requests).toHaveLength(1)
    clock.t += 600
    session.tick(...EYE, ...AHEAD)
    expect(source.requests).toHaveLength(2)
  })
})

describe('exploreStart (the CLI generate loop, on the session)', () => {
  it('explores every tile of the start cell once per level, deterministically', async () => {
    const start = {
      position: [...EYE] as [number, number, number],
      rotation: [...AHEAD] as [number, number, number, number],
    }
    const a = await exploreStart(new PlaneSource(), [], start, { levels: [32] })
    const b = await exploreStart(new PlaneSource(), [], start, { levels: [32] })
    expect(a.frames).toBeGreaterThan(4)
    expect(a.splats.count).toBeGreaterThan(1000)
    expect(b.frames).toBe(a.frames)
    expect(Buffer.from(b.splats.centers.buffer, 0, b.splats.count * 12)).toEqual(
      Buffer.from(a.splats.centers.buffer, 0, a.splats.count * 12),
    )
  })
})
