import type { AppPage } from './harness'

/**
 * Small frames and a small panorama: SwiftShader draws every splat on the CPU (5k splats ~10 fps),
 * so the tests ask for 22 x 32x32 frames per cell, a few thousand splats, and check correctness.
 */
export const WORLD_TEST_QUERY = 'test&levels=32&panorama=128'

/** The session's counters, read through the ?test hook. */
export interface WorldCounters {
  ready: boolean
  frames: number
  restoredFrames: number
  modelCalls: number
  splats: number
  inFlight: number
  hasPanorama: boolean
  backend: string | null
  source: string | null
  restarts: number
}

export async function worldCounters(app: AppPage): Promise<WorldCounters> {
  return app.page.evaluate(() => {
    const w = window.__worldwalk?.world
    if (!w) {
      return {
        ready: false,
        frames: 0,
        restoredFrames: 0,
        modelCalls: 0,
        splats: 0,
        inFlight: 0,
        hasPanorama: false,
        backend: null,
        source: null,
        restarts: 0,
      }
    }
    const s = w.session.stats
    const active = w.selector.status().active
    return {
      ready: true,
      frames: s.frames,
      restoredFrames: s.restoredFrames,
      modelCalls: s.modelCalls,
      splats: s.splats,
      inFlight: w.session.inFlight,
      hasPanorama: s.hasPanorama,
      backend: active?.backend ?? null,
      source: active?.kind ?? null,
      restarts: w.worker.info.restarts,
    }
  })
}

/** Polls until `cond` holds for the counters; returns the counters that satisfied it. */
export async function waitForWorld(
  app: AppPage,
  cond: (c: WorldCounters) => boolean,
  timeoutMs = 90_000,
): Promise<WorldCounters> {
  const end = Date.now() + timeoutMs
  let last = await worldCounters(app)
  while (!cond(last)) {
    if (Date.now() > end) throw new Error(`timed out waiting for the world: ${JSON.stringify(last)}`)
    await app.page.waitForTimeout(200)
    last = await worldCounters(app)
  }
  return last
}

/** True once the viewer's cell is fully covered: nothing in flight and the session idle for a while. */
export async function waitForIdle(app: AppPage, timeoutMs = 120_000): Promise<WorldCounters> {
  const end = Date.now() + timeoutMs
  let stableSince = Date.now()
  let last = await worldCounters(app)
  for (;;) {
    await app.page.waitForTimeout(300)
    const now = await worldCounters(app)
    if (now.inFlight > 0 || now.modelCalls !== last.modelCalls || now.frames !== last.frames)
      stableSince = Date.now()
    last = now
    if (Date.now() - stableSince > 1500 && now.frames > 0) return now
    if (Date.now() > end) throw new Error(`world never went idle: ${JSON.stringify(now)}`)
  }
}
