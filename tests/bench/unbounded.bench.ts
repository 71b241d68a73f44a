/**
 * Unbounded worlds (#14): the app's session walks a scripted path far past the 2 km the reference
 * model's fields once covered (straight out, a square loop, back to the start) with the on-device
 * runtime (onnxruntime-web, wasm, in a worker thread), and reports what a long walk costs.
 *
 * The walk stands at a viewpoint every HOP metres and lets the session cover it at the coarse
 * level (64 px, the whole sphere), as the app does first wherever the viewer is: a walk at that
 * grain, not every 4 m cell, so 10 km fits in a few minutes of CPU. The eye stands over the
 * session's learnt ground as the app's walkers do (the ground probe finds it where nothing has
 * been lifted yet). Frames are encoded as storage writes them (gzip) to size what IndexedDB would
 * hold. The tile seam is measured separately with the model alone: the colour step between two
 * views 0.1 m apart across a tile border against two 0.1 m apart inside a tile.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { ThreadRenderer } from '../../src/edge/thread-renderer'
import type { Frame, FrameRequest } from '../../src/core/frame'
import { yawPitchQuat, yawQuat } from '../../src/core/pose'
import { encodePrompt } from '../../src/core/prompt'
import { baseRegion } from '../../src/core/world/base-region'
import { EYE_HEIGHT, SPAWN_EYE } from '../../src/core/world/spawn'
import { loadNodeRuntime } from '../../src/model/node-loader'
import { WorldSession, type WorldSpec } from '../../src/session'
import { RendererSource } from '../../src/sources/renderer-source'
import { decodeFrame, encodeFrame } from '../../src/storage/frame-codec'
import type { FrameRecord } from '../../src/storage/schema'
import { keyId } from '../../src/core/stream'
import { round, type BenchContext, type BenchResult } from './harness'

export const area = 'unbounded'

/** Metres between viewpoints along the path. */
const HOP = 100
/** The app's desktop splat budget (session-options), and a Quest's. */
const DESKTOP_BUDGET = 1_500_000
const QUEST_BUDGET = 500_000

const prompt = encodePrompt('a misty pine forest with a river at sunset')
const regions = [baseRegion({ style: prompt.style, seed: prompt.seed })]
const world: WorldSpec = { id: 'unbounded', prompt: 'bench', version: 1, regions }

/** Out `out` metres along +x, a square loop of `side` metres (north first), back to the start. */
function path(out: number, side: number): [number, number][] {
  const corners: [number, number][] = [
    [0, 0],
    [out, 0],
    [out, -side],
    [out - side, -side],
    [out - side, 0],
    [out, 0],
    [0, 0],
  ]
  const points: [number, number][] = []
  for (let c = 1; c < corners.length; c++) {
    const [ax, az] = corners[c - 1]!
    const [bx, bz] = corners[c]!
    const n = Math.round(Math.hypot(bx - ax, bz - az) / HOP)
    for (let i = c === 1 ? 0 : 1; i <= n; i++)
      points.push([ax + ((bx - ax) * i) / n, az + ((bz - az) * i) / n])
  }
  return points
}

/** Area (km²) within `radius` of any point of the path: what its frames can have lifted. */
function exploredKm2(points: readonly [number, number][], radius: number): number {
  const cell = 25
  const seen = new Set<string>()
  const r = Math.ceil(radius / cell)
  for (const [x, z] of points) {
    const cx = Math.round(x / cell)
    const cz = Math.round(z / cell)
    for (let i = -r; i <= r; i++)
      for (let j = -r; j <= r; j++) if (Math.hypot(i, j) * cell <= radius) seen.add(`${cx + i},${cz + j}`)
  }
  return (seen.size * cell * cell) / 1e6
}

/** A full collection before each heap reading (the runner does not start Node with --expose-gc). */
setFlagsFromString('--expose-gc')
const collect = runInNewContext('gc') as () => void

/** The JS heap and the array buffers (splats, frames, tables) apart, MB, after a full collection. */
function heapParts(): { heap: number; buffers: number } {
  collect()
  const m = process.memoryUsage()
  return { heap: m.heapUsed / (1024 * 1024), buffers: m.arrayBuffers / (1024 * 1024) }
}

/** Splats in pages whose centre is within 150 m of the start. */
function splatsNearStart(session: WorldSession): number {
  const store = session.store
  let n = 0
  for (const id of store.pageIds()) {
    const p = store.page(id)!
    if (Math.hypot((p.cx + 0.5) * store.pageSize, (p.cz + 0.5) * store.pageSize) < 150) n += p.batch.count
  }
  return n
}

async function walk(ctx: BenchContext, budget: number): Promise<BenchResult[]> {
  const out = ctx.quick ? 1000 : 3000
  const side = ctx.quick ? 500 : 1000
  const points = path(out, side)
  const renderer = await ThreadRenderer.start({ backend: 'web' })
  let now = 0
  let storedBytes = 0
  // Stands in for IndexedDB (which Node lacks): the records storage would write, gzip and all,
  // read back and decoded as the app's world store does.
  const stored = new Map<string, FrameRecord>()
  let readBack = 0
  const session = new WorldSession(
    {
      source: new RendererSource(renderer),
      levels: [64],
      panoramaWidth: 0,
      splatBudget: budget,
      now: () => now,
      sink: {
        saveFrame: async (w, key, frame: Frame) => {
          const r = await encodeFrame(keyId(key), w.id, key, frame)
          storedBytes += r.rgba.size + r.depth.size + (r.material?.size ?? 0)
          stored.set(r.id, r)
          return true
        },
        savePanorama: () => undefined,
        loadFrame: async (_w, key) => {
          const r = stored.get(keyId(key))
          readBack++
          return r ? decodeFrame(r) : null
        },
      },
    },
    world,
  )
  session.streaming = true
  // Measured once the start is covered: the model's thread is warm and its first tile prepared.
  let heapStart = NaN
  let partsStart = { heap: NaN, buffers: NaN }
  const perKm: number[] = []
  const perKmParts: { heap: number; buffers: number }[] = []
  const splatsPerKm: number[] = []
  let peakSplats = 0
  let parts = {}
  let walked = 0
  let eyeY = SPAWN_EYE[1]
  // The way back retraces the way out: every viewpoint on it was covered then.
  const returnFrom = points.length - Math.round(out / HOP)
  let callsBeforeReturn = 0
  let startSplats = 0
  let fewestAtStart = Infinity
  try {
    for (let p = 0; p < points.length; p++) {
      const [x, z] = points[p]!
      if (p > 0) walked += Math.hypot(x - points[p - 1]![0], z - points[p - 1]![1])
      if (p === returnFrom) callsBeforeReturn = session.stats.modelCalls
      const heading = p + 1 < points.length ? points[p + 1]! : points[p - 1]!
      const q = yawQuat(Math.atan2(-(heading[0] - x), -(heading[1] - z)))
      for (let step = 0; step < 400; step++) {
        const ground = session.ground.knownHeightAt(x, z)
        if (ground !== null) eyeY = ground + EYE_HEIGHT
        session.tick(x, eyeY, z, q[0], q[1], q[2], q[3])
        await session.settled()
        now += 100
        if (session.stats.errors > 0) throw new Error(`walk failed: ${session.stats.lastError}`)
        if (session.isIdle && step > 0) break
      }
      peakSplats = Math.max(peakSplats, session.store.count)
      if (p === 0) {
        startSplats = splatsNearStart(session)
        partsStart = heapParts()
        heapStart = partsStart.heap + partsStart.buffers
      } else fewestAtStart = Math.min(fewestAtStart, splatsNearStart(session))
      parts = {
        frames_in_memory_mb: round(session.memory.bytes / (1024 * 1024), 1),
        frames_in_memory: session.memory.size,
        frames_away: session.memory.awaySize,
        frames_read_back: readBack,
        splats: session.store.count,
        ground_columns: session.ground.columns,
        ground_live_columns: session.ground.liveColumns,
      }
      if (walked >= (perKm.length + 1) * 1000) {
        const now = heapParts()
        perKm.push(round(now.heap + now.buffers - heapStart, 1))
        perKmParts.push({
          heap: round(now.heap - partsStart.heap, 1),
          buffers: round(now.buffers - partsStart.buffers, 1),
        })
        splatsPerKm.push(session.store.count)
      }
    }
  } finally {
    session.dispose()
    await renderer.dispose()
  }
  await new Promise((r) => setTimeout(r, 200)) // the last gzip encodes
  const backAtStart = splatsNearStart(session)
  if (budget !== DESKTOP_BUDGET) {
    // A Quest's budget is reached on the way out: the start is forgotten, and lifted again from
    // the frames in memory on the way back.
    return [
      { name: 'unbounded.quest_peak_splats', value: peakSplats, unit: 'splats', budget },
      {
        name: 'unbounded.quest_return_model_calls',
        value: session.stats.modelCalls - callsBeforeReturn,
        unit: 'calls',
        goal: 0,
      },
      {
        name: 'unbounded.quest_start_splats_on_return',
        value: round(backAtStart / startSplats, 3),
        unit: 'ratio of the splats near the start when first covered',
        first: startSplats,
        fewest_while_away: fewestAtStart,
        back: backAtStart,
      },
    ]
  }
  return [
    {
      name: 'unbounded.walk_km',
      value: round(walked / 1000, 2),
      unit: 'km',
      viewpoints: points.length,
      hop_m: HOP,
    },
    {
      name: 'unbounded.peak_splats',
      value: peakSplats,
      unit: 'splats',
      budget,
      frames: session.stats.frames,
      start_splats_on_return: round(backAtStart / startSplats, 3),
    },
    {
      name: 'unbounded.peak_heap_mb',
      value: Math.max(...perKm),
      unit: 'MB',
      per_km: perKm,
      after_first_km: round(Math.max(...perKm.slice(1)) - perKm[0]!, 1),
      splats_per_km: splatsPerKm,
      js_heap_and_buffers_per_km: perKmParts,
      at_end: parts,
      note: 'growth over the covered start: page heap plus array buffers (splats, frames in memory, learnt ground)',
    },
    {
      name: 'unbounded.return_model_calls',
      value: session.stats.modelCalls - callsBeforeReturn,
      unit: 'calls',
      goal: 0,
      way_out_calls: callsBeforeReturn,
    },
    {
      name: 'unbounded.storage_mb_per_km2',
      value: round(storedBytes / (1024 * 1024) / exploredKm2(points, 150), 2),
      unit: 'MB/km²',
      stored_mb: round(storedBytes / (1024 * 1024), 1),
      explored_km2: round(exploredKm2(points, 150), 2),
    },
  ]
}

/** Mean per-pixel colour difference (0-255) of two frames over pixels with a surface in both. */
function colourStep(a: Frame, b: Frame): number {
  let sum = 0
  let n = 0
  for (let i = 0; i < a.depth.length; i++) {
    if (!(a.depth[i]! > 0 && b.depth[i]! > 0)) continue
    for (let c = 0; c < 3; c++) sum += Math.abs(a.rgba[4 * i + c]! - b.rgba[4 * i + c]!)
    n += 3
  }
  return sum / Math.max(n, 1)
}

async function seam(): Promise<BenchResult> {
  const rt = await loadNodeRuntime({ backend: 'node' })
  const view = (x: number, z: number, yaw: number): FrameRequest => ({
    id: 1,
    pose: { position: [x, 40, z], rotation: yawPitchQuat(yaw, -0.2) },
    camera: { model: 'perspective', width: 128, height: 64 },
    worldVersion: 1,
    regions,
  })
  const across: number[] = []
  const within: number[] = []
  try {
    // Borders at x = 256 + 512 k (the camera's tile changes between the two views) and, for the
    // baseline, the same 0.1 m step in the middle of a tile.
    for (const [bx, z, yaw] of [
      [256, 30, 1.5],
      [1792, -200, -1.2],
      [5376, 700, 0.4],
    ] as const) {
      const a = await rt.render(view(bx - 0.05, z, yaw))
      const b = await rt.render(view(bx + 0.05, z, yaw))
      across.push(colourStep(a, b))
      const c = await rt.render(view(bx - 200, z, yaw))
      const d = await rt.render(view(bx - 199.9, z, yaw))
      within.push(colourStep(c, d))
    }
  } finally {
    await rt.dispose()
  }
  const value = Math.max(...across)
  const baseline = Math.max(...within)
  return {
    name: 'unbounded.seam_max_diff',
    value: round(value, 3),
    unit: 'mean |rgb| step (0-255) between views 0.1 m apart across a tile border',
    baseline: round(baseline, 3),
    ratio: round(value / baseline, 2),
  }
}

export async function* bench(ctx: BenchContext): AsyncGenerator<BenchResult> {
  yield await seam()
  yield* await walk(ctx, DESKTOP_BUDGET)
  yield* await walk(ctx, QUEST_BUDGET)
}
