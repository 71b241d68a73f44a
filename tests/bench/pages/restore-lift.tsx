/**
 * The pacing bench's restore page (tests/bench/pacing.bench.ts drives it): `?lifter=inproc|worker`
 * restores `?frames=` synthetic 64 px frames into a WorldSession the way storage does (one frame
 * per task, as each IndexedDB read is), while a rAF loop ticks the session like the render loop.
 * With `?draw=1` the app's SplatPages draws the pages in an r3f Canvas as they are filed (the
 * main thread's whole share of a restore: filing, packing for Spark, building meshes).
 * A PerformanceObserver records every long task (> 50 ms, the browser's threshold) and the rAF
 * loop records frame gaps; `window.__restore` holds the result once every page is filed.
 * With `?keep=1` the session stays (drawn) after the restore, and `window.__uploadWhole()` marks
 * every splat texture for three.js to upload whole: the e2e test of row uploads compares the two.
 */
import { SplatMesh } from '@sparkjsdev/spark'
import type { Scene } from 'three'
import type { Frame } from '../../../src/core/frame'
import { groundPlane, renderSyntheticFrame } from '../../../src/core/lift/synthetic-frame'
import { yawQuat } from '../../../src/core/pose'
import { SplatPages } from '../../../src/render/splat-pages'
import { WorldSession } from '../../../src/session/world-session'
import { WorkerLifter } from '../../../src/workers/lift-client'
import { mountBenchCanvas } from './bench-canvas'
import { resetUploads, uploadedMb } from './texture-uploads'

interface RestoreResult {
  done: boolean
  error: string | null
  longTasks: number[]
  frameGaps: number[]
  restoreMs: number
  splats: number
  /** Bytes sent to array textures (Spark's splat textures) during the restore, MB. */
  uploadMb: number
}

declare global {
  interface Window {
    __restore?: RestoreResult
    __uploadWhole?: () => number
  }
}

const params = new URLSearchParams(location.search)
const mode = params.get('lifter') ?? 'inproc'
const count = Number(params.get('frames') ?? 60)
const draw = params.get('draw') === '1'
const keep = params.get('keep') === '1'
let drawnScene: Scene | null = null
window.__uploadWhole = () => {
  let n = 0
  drawnScene?.traverse((o) => {
    if (!(o instanceof SplatMesh) || !o.packedSplats || !o.visible || !o.parent) return
    o.packedSplats.needsUpdate = true
    o.updateVersion()
    n++
  })
  return n
}
const out: RestoreResult = {
  done: false,
  error: null,
  longTasks: [],
  frameGaps: [],
  restoreMs: 0,
  splats: 0,
  uploadMb: 0,
}

window.__restore = out

new PerformanceObserver((list) => {
  for (const e of list.getEntries()) out.longTasks.push(e.duration)
}).observe({ type: 'longtask', buffered: true })

/** Frames along a walk, turning as it goes, so each one adds new ground. */
function frames(): Frame[] {
  const scene = groundPlane(0)
  const camera = { model: 'perspective' as const, width: 64, height: 64, fovYDeg: 90 }
  const list: Frame[] = []
  for (let i = 0; i < count; i++) {
    const yaw = (i * 2 * Math.PI) / 8
    const pose = {
      position: [(i % 10) * 6, 1.6, -Math.floor(i / 10) * 6] as [number, number, number],
      rotation: yawQuat(yaw),
    }
    const f = renderSyntheticFrame(scene, pose, camera, i)
    list.push({ ...f, worldVersion: 1, modelMs: 0 })
  }
  return list
}

async function run(): Promise<void> {
  const session = new WorldSession(
    {
      source: { render: () => Promise.reject(new Error('no model in this bench')) },
      panoramaWidth: 0,
      ...(mode === 'worker'
        ? {
            lifter: (config) =>
              new WorkerLifter({
                spawn: () =>
                  new Worker(new URL('../../../src/workers/lift.worker.ts', import.meta.url), {
                    type: 'module',
                  }),
                config,
              }),
          }
        : {}),
    },
    { id: 'bench', prompt: 'restore', version: 1, regions: [] },
  )
  const list = frames()
  let last = performance.now()
  let ticking = true
  const loop = (t: number): void => {
    out.frameGaps.push(t - last)
    last = t
    session.tick(0, 1.6, 0, 0, 0, 0, 1)
    if (ticking) requestAnimationFrame(loop)
  }
  // Mounted before the warm-up: the Canvas's and Spark's set-up is not a restore's cost.
  if (draw) mountBenchCanvas(<SplatPages session={session} />, (s) => (drawnScene = s))
  // A warm-up so module loading and the worker's start are not counted.
  await new Promise((r) => setTimeout(r, 500))
  out.longTasks.length = 0
  requestAnimationFrame(loop)
  // The window the bench's trace is read over (trace-tasks.ts).
  performance.mark('restore-start')
  resetUploads()
  const t0 = performance.now()
  for (let i = 0; i < list.length; i++) {
    session.restoreFrame({ worldVersion: 1, cell: [i, 0, 0], dir: 0, level: 0 }, list[i]!)
    await new Promise((r) => setTimeout(r, 0))
  }
  while (session.liftBacklog > 0 || (draw && session.dirtyPages.size > 0))
    await new Promise((r) => setTimeout(r, 10))
  out.restoreMs = performance.now() - t0
  out.uploadMb = uploadedMb()
  performance.mark('restore-end')
  ticking = false
  out.splats = session.store.count
  // Let the observer deliver the last entries.
  await new Promise((r) => setTimeout(r, 200))
  out.frameGaps.shift()
  if (!keep) session.dispose()
  out.done = true
}

run().catch((err: unknown) => {
  out.error = err instanceof Error ? err.message : String(err)
})
