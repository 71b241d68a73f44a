/**
 * Detail frames in the app: a viewer standing in the stored default world gets narrow frames
 * where they look (on the real worker model), whose splats replace the wide frames' splats there,
 * so the view is drawn from splats several times finer; a reload brings them back from storage
 * with no model call. Writes tests/output/detail-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectVisible, startHarness, type AppPage, type Harness, appUrl } from './harness'
import { WORLD_TEST_QUERY, waitForIdle, waitForWorld, withoutDrawing, worldCounters } from './world-support'

/** 64 px over 30 degrees: six times the 32 px over 90 degrees of the test world's wide frames. */
const QUERY = `${WORLD_TEST_QUERY}&detail=64`

/** Splat sigmas over their distance from the eye, for splats within 12 degrees of straight ahead. */
async function sigmasAhead(app: AppPage): Promise<number[]> {
  return app.page.evaluate(() => {
    const s = window.__worldwalk!.world!.session
    const [ex, ey, ez] = s.viewerPose.position
    const out: number[] = []
    for (const id of s.store.pageIds()) {
      const v = s.store.view(id)!
      for (let i = 0; i < v.count; i++) {
        const dx = v.centers[3 * i]! - ex
        const dy = v.centers[3 * i + 1]! - ey
        const dz = v.centers[3 * i + 2]! - ez
        const d = Math.hypot(dx, dy, dz)
        // Looking down -Z: the angle off the view axis.
        if (d < 3 || d > 60 || Math.acos(-dz / d) > (12 * Math.PI) / 180) continue
        out.push(v.scales[3 * i]! / d)
      }
    }
    return out.sort((a, b) => a - b)
  })
}

describe('detail frames where a standing viewer looks', () => {
  let h: Harness
  let app: AppPage

  beforeAll(async () => {
    h = await startHarness()
  })
  afterAll(async () => {
    await app?.close()
    await h?.close()
  })

  it('asks for narrow frames around the view once the wide ones are in, and draws the view from their splats', async () => {
    app = await h.open({ query: QUERY, seed: true })
    // The stored world covers the start cell at every wide level: only detail frames are missing.
    await waitForWorld(app, (w) => w.ready && w.restoredFrames > 0 && w.streaming)
    const c = await withoutDrawing(app, () => waitForIdle(app, 180_000))
    const log = await app.page.evaluate(() => window.__worldwalk!.world!.session.requestLog)
    const detail = log.filter((r) => r.dir >= 1000)
    expect(detail.length).toBeGreaterThanOrEqual(6)
    expect(c.modelCalls).toBe(log.length)
    for (const r of detail) {
      expect(r.size).toBe(64)
      expect(r.level).toBe(15)
      // Tiles whose frusta meet the 50-degree cone about the view straight ahead (-Z): their
      // centres within 50 degrees and a 30-degree tile's half-diagonal (21.5) of it.
      expect(-r.forward[2]).toBeGreaterThan(Math.cos((72 * Math.PI) / 180))
    }
    // A 32 px frame over 90 degrees gives splats of sigma 0.6 * 2 tan(45) / 32 = 0.0375 of their
    // distance; a 64 px frame over 30 degrees 0.0050. Ahead, the fine ones draw the view.
    const ahead = await sigmasAhead(app)
    expect(ahead.length).toBeGreaterThan(500)
    const median = ahead[Math.floor(ahead.length / 2)]!
    const p99 = ahead[Math.floor(ahead.length * 0.99)]!
    expect(median).toBeLessThan(0.01)
    // The wide splats they saw are gone: kept beside the fine ones (2 % of them, measured), they
    // blurred the view; what is left of them ahead is what the detail frames could not see.
    expect(p99).toBeLessThan(0.015)
    expectVisible(await app.canvasStats(), 'the view with detail frames')
    await app.screenshot('detail-view')
  })

  it('brings the detail back after a reload with zero model calls', async () => {
    const before = await worldCounters(app)
    await app.page.goto(appUrl(h.url, QUERY))
    const c = await withoutDrawing(app, () =>
      waitForWorld(
        app,
        (w) => w.ready && w.restoredFrames >= before.frames + before.restoredFrames && w.streaming,
      ),
    )
    expect(c.modelCalls).toBe(0)
    await withoutDrawing(app, () => waitForIdle(app, 120_000))
    expect((await worldCounters(app)).modelCalls).toBe(0)
    const ahead = await sigmasAhead(app)
    expect(ahead[Math.floor(ahead.length / 2)]!).toBeLessThan(0.01)
    expect(ahead[Math.floor(ahead.length * 0.99)]!).toBeLessThan(0.015)
    await app.screenshot('detail-view-reloaded')
  })
})
