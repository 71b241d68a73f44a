/**
 * `npm run bench -- --only memory`: world memory measured on a scripted closed-loop walk through a
 * generated world (the reference model on ORT-node), driven through the app's own WorldSession:
 * scheduler -> source -> spatial memory -> lifting -> splat pages.
 *
 * - memory.revisit_model_calls: model calls while walking the loop again 4 times (all views seen).
 * - memory.reload_model_calls: a fresh session restored from the first one's frames (what storage
 *   hands back after a reload), standing at the start pose: model calls before moving.
 * - memory.splat_growth_ratio: splats after 5 loops / after the first.
 * - memory.loop_psnr_db: the splats seen from the start pose (a CPU point render) before vs after
 *   the loops; identical images are reported as 100 dB.
 * - memory.lift_splats_per_s, memory.restore_ms: lifting throughput and reload time.
 * - memory.tick_us: main-thread JS of one session tick (per display frame) while idle.
 * - memory.render_main_ms, memory.render_script_ms, memory.render_alloc_bytes_per_frame: main-thread
 *   JS per animation frame and bytes allocated per frame while 500k splats are drawn, the app's
 *   render path against a bare Spark page in the same run (render-cost.ts; headless Chromium).
 */
import { WorldSession, type WorldSpec } from '../../src/session'
import { regionsFromPrompt } from '../../src/app/world-prompt'
import type { Frame, FrameRequest } from '../../src/core/frame'
import type { FrameSource, SourceStatus } from '../../src/core/frame-source'
import type { SplatStore } from '../../src/core/lift'
import { yawQuat, rotateVec, type Vec3 } from '../../src/core/pose'
import { loadNodeRuntime } from '../../src/model/node-loader'
import type { FrameModelRuntime } from '../../src/model'
import { SourceSelector } from '../../src/sources/source-selector'
import { median, round, type BenchContext, type BenchResult } from './harness'
import { measureRenderCost, type RenderCost } from './render-cost'

export const area = 'memory'

/** A FrameSource over the Node runtime that counts calls. */
class CountingSource implements FrameSource {
  readonly kind = 'worker'
  readonly maxInFlight = 1
  calls = 0
  constructor(private readonly runtime: FrameModelRuntime) {}
  status(): SourceStatus {
    return { health: 'ready', modelId: this.runtime.modelId, backend: 'cpu', error: null }
  }
  subscribe(): () => void {
    return () => {}
  }
  render(req: FrameRequest): Promise<Frame> {
    this.calls++
    return this.runtime.render(req)
  }
  dispose(): void {}
}

const PROMPT = 'a misty pine forest with a river at sunset'
const world: WorldSpec = { id: 'bench', prompt: PROMPT, version: 1, regions: regionsFromPrompt(PROMPT) }

/** A square loop of `side` metres around the spawn, walked in 1 m steps facing the walking direction. */
function loopPath(side: number): { x: number; z: number; yaw: number }[] {
  const corners: [number, number][] = [
    [0, 6],
    [side, 6],
    [side, 6 - side],
    [0, 6 - side],
    [0, 6],
  ]
  const out: { x: number; z: number; yaw: number }[] = []
  for (let c = 0; c < 4; c++) {
    const [x0, z0] = corners[c]!
    const [x1, z1] = corners[c + 1]!
    const len = Math.hypot(x1 - x0, z1 - z0)
    // yaw 0 looks down -Z; positive turns left (towards -X).
    const yaw = Math.atan2(-(x1 - x0), -(z1 - z0))
    for (let i = 0; i < len; i++)
      out.push({ x: x0 + ((x1 - x0) * i) / len, z: z0 + ((z1 - z0) * i) / len, yaw })
  }
  return out
}

/** Ticks at `pose` until the session has nothing left to ask for there. */
async function settle(
  s: WorldSession,
  x: number,
  z: number,
  yaw: number,
  clock: { t: number },
): Promise<void> {
  const q = yawQuat(yaw)
  for (let i = 0; i < 10_000; i++) {
    const y = s.ground.heightAt(x, z) + 1.6
    clock.t += 100
    s.tick(x, y, z, q[0], q[1], q[2], q[3])
    if (s.isIdle) return
    await new Promise((r) => setTimeout(r, 1))
  }
  throw new Error('session never settled')
}

/** Nearest-splat point render of a store from a pose: enough to compare two states of the world. */
function pointRender(store: SplatStore, eye: Vec3, yaw: number, w = 160, h = 100): Float32Array {
  const img = new Float32Array(3 * w * h)
  const zbuf = new Float32Array(w * h).fill(Infinity)
  const f = h / 2 / Math.tan((35 * Math.PI) / 180)
  const inv = yawQuat(-yaw)
  for (const id of store.pageIds()) {
    const b = store.view(id)!
    for (let i = 0; i < b.count; i++) {
      const p = rotateVec(inv, [
        b.centers[3 * i]! - eye[0],
        b.centers[3 * i + 1]! - eye[1],
        b.centers[3 * i + 2]! - eye[2],
      ])
      if (p[2] > -0.1) continue
      const u = Math.floor(w / 2 + (f * p[0]) / -p[2])
      const v = Math.floor(h / 2 - (f * p[1]) / -p[2])
      if (u < 0 || v < 0 || u >= w || v >= h) continue
      const k = v * w + u
      if (-p[2] >= zbuf[k]!) continue
      zbuf[k] = -p[2]
      img[3 * k] = b.colors[3 * i]!
      img[3 * k + 1] = b.colors[3 * i + 1]!
      img[3 * k + 2] = b.colors[3 * i + 2]!
    }
  }
  return img
}

function psnr(a: Float32Array, b: Float32Array): number {
  let se = 0
  for (let i = 0; i < a.length; i++) se += (a[i]! - b[i]!) ** 2
  const mse = se / a.length
  return mse === 0 ? 100 : Math.min(100, 10 * Math.log10(1 / mse))
}

export async function* bench(ctx: BenchContext): AsyncGenerator<BenchResult> {
  const runtime = await loadNodeRuntime({ backend: 'node' })
  const source = new CountingSource(runtime)
  const selector = new SourceSelector([source])
  const clock = { t: 0 }
  const levels = ctx.quick ? [32] : [64]
  const session = new WorldSession(
    { source: selector, levels, panoramaWidth: 128, now: () => clock.t },
    world,
  )
  session.streaming = true
  const path = loopPath(ctx.quick ? 6 : 10)
  const start = path[0]!

  await settle(session, start.x, start.z, start.yaw, clock)
  const eye: Vec3 = [start.x, session.ground.heightAt(start.x, start.z) + 1.6, start.z]
  for (const p of path) await settle(session, p.x, p.z, p.yaw, clock)
  await settle(session, start.x, start.z, start.yaw, clock)
  const firstLoopCalls = source.calls
  const splatsAfterFirst = session.store.count
  const before = pointRender(session.store, eye, start.yaw)

  for (let loop = 1; loop < 5; loop++) for (const p of path) await settle(session, p.x, p.z, p.yaw, clock)
  await settle(session, start.x, start.z, start.yaw, clock)
  const revisitCalls = source.calls - firstLoopCalls
  const after = pointRender(session.store, eye, start.yaw)

  yield {
    name: 'memory.first_loop_model_calls',
    value: firstLoopCalls,
    unit: 'calls',
    levels,
    frames: session.memory.size,
  }
  yield { name: 'memory.revisit_model_calls', value: revisitCalls, unit: 'calls', budget: 0, loops: 4 }
  yield {
    name: 'memory.splat_growth_ratio',
    value: round(session.store.count / splatsAfterFirst, 4),
    unit: 'ratio',
    budget: 1.05,
    splatsFirst: splatsAfterFirst,
    splatsAfter5: session.store.count,
  }
  yield { name: 'memory.loop_psnr_db', value: round(psnr(before, after), 2), unit: 'dB', budget: 40 }

  // A reload: a new session gets the frames storage would hand back, then stands at the start pose.
  const reloadSource = new CountingSource(runtime)
  const reloaded = new WorldSession(
    { source: new SourceSelector([reloadSource]), levels, panoramaWidth: 128, now: () => clock.t },
    world,
  )
  const stored = [...session.memory.frames()]
  const t0 = performance.now()
  for (const s of stored) reloaded.restoreFrame(s.key, s.frame)
  if (session.panorama) reloaded.restorePanorama(session.panorama)
  const restoreMs = performance.now() - t0
  reloaded.streaming = true
  await settle(reloaded, start.x, start.z, start.yaw, clock)
  yield { name: 'memory.reload_model_calls', value: reloadSource.calls, unit: 'calls', budget: 0 }
  yield {
    name: 'memory.restore_ms',
    value: round(restoreMs, 1),
    unit: 'ms',
    frames: stored.length,
    splats: reloaded.store.count,
  }
  yield {
    name: 'memory.lift_splats_per_s',
    value: Math.round(reloaded.store.count / (restoreMs / 1000)),
    unit: 'splats/s',
  }

  // Per display frame: an idle tick (nothing to schedule) at the start pose.
  const q = yawQuat(start.yaw)
  const samples: number[] = []
  for (let r = 0; r < 5; r++) {
    const n = 10_000
    const t = performance.now()
    for (let i = 0; i < n; i++) reloaded.tick(eye[0], eye[1], eye[2], q[0], q[1], q[2], q[3])
    samples.push(((performance.now() - t) / n) * 1000)
  }
  yield { name: 'memory.tick_us', value: round(median(samples), 3), unit: 'us', budget: 2000 }

  session.dispose()
  reloaded.dispose()
  await runtime.dispose()

  yield* renderCost(ctx)
}

/** Splats drawn by the render cost pages (the 500k; a tenth under --quick). */
const RENDER_SPLATS = 500_000

async function* renderCost(ctx: BenchContext): AsyncGenerator<BenchResult> {
  const splats = ctx.quick ? RENDER_SPLATS / 10 : RENDER_SPLATS
  const [bare, pages, app] = (await measureRenderCost(
    ['bare', 'pages', 'app'],
    splats,
    ctx.quick ? 12 : 20,
    ctx.quick ? 4 : 6,
  )) as [RenderCost, RenderCost, RenderCost]
  const ratio = (a: number, b: number): number => round(a / b, 2)
  const note =
    'headless Chromium, software WebGL (llvmpipe or SwiftShader): main-thread JS only; GPU time and frame rate say nothing here'
  yield {
    name: 'memory.render_main_ms',
    value: app.rafMsP50,
    unit: 'ms/frame',
    baseline: bare.rafMsP50,
    ratio: ratio(app.rafMsP50, bare.rafMsP50),
    splats,
    p90: app.rafMsP90,
    baselineP90: bare.rafMsP90,
    frames: app.frames,
    meshes: app.meshes,
    pagesOnly: pages.rafMsP50,
    pagesOnlyRatio: ratio(pages.rafMsP50, bare.rafMsP50),
    note,
  }
  yield {
    name: 'memory.render_script_ms',
    value: app.scriptMsPerFrame,
    unit: 'ms/frame',
    baseline: bare.scriptMsPerFrame,
    ratio: ratio(app.scriptMsPerFrame, bare.scriptMsPerFrame),
    splats,
    pagesOnly: pages.scriptMsPerFrame,
    frameIntervalMs: app.frameIntervalMs,
    baselineFrameIntervalMs: bare.frameIntervalMs,
  }
  yield {
    name: 'memory.render_alloc_bytes_per_frame',
    value: app.allocBytesPerFrame,
    unit: 'B/frame',
    baseline: bare.allocBytesPerFrame,
    ratio: ratio(app.allocBytesPerFrame, bare.allocBytesPerFrame),
    splats,
    pagesOnly: pages.allocBytesPerFrame,
    retainedBytes: app.retainedBytes,
    baselineRetainedBytes: bare.retainedBytes,
    top: app.topAllocators,
  }
}
