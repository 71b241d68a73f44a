/**
 * The horizon band in the app: once the stored default world is open and its view covered, the
 * band round the panorama's horizon is taken again twice as fine on the real worker model (eight
 * perspective tiles), composed into a panorama twice as wide, drawn, stored, and opened again
 * after a reload with no model call. The test world pins a 128 px panorama; `band=2` asks for its
 * band as the app's default panorama gets one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appUrl, expectVisible, startHarness, type AppPage, type Harness } from './harness'
import { WORLD_TEST_QUERY, waitForIdle, waitForWorld, withoutDrawing } from './world-support'

const QUERY = `${WORLD_TEST_QUERY}&band=2`

/** Width of the panorama the session holds (0: none yet). */
function panoramaWidth(app: AppPage): Promise<number> {
  return app.page.evaluate(() => window.__worldwalk!.world!.session.panorama?.camera.width ?? 0)
}

describe('the horizon band', () => {
  let h: Harness
  let app: AppPage

  beforeAll(async () => {
    h = await startHarness()
  })
  afterAll(async () => {
    await app?.close()
    await h?.close()
  })

  it('takes the band twice as fine once the view is covered, and draws the composed panorama', async () => {
    app = await h.open({ query: QUERY, seed: true })
    await waitForWorld(app, (w) => w.ready && w.restoredFrames > 0 && w.streaming)
    // The stored panorama first, as it was kept: what the band is measured against.
    await app.page.waitForFunction(() => window.__worldwalk!.world!.session.panorama?.camera.width === 128)
    await app.page.evaluate(() => {
      const p = window.__worldwalk!.world!.session.panorama!
      ;(window as unknown as { storedPanorama: Uint8Array }).storedPanorama = p.rgba.slice()
    })
    await withoutDrawing(app, async () => {
      await app.page.waitForFunction(
        () => window.__worldwalk!.world!.session.panorama?.camera.width === 256,
        null,
        { timeout: 120_000 },
      )
    })
    // The stored world covers the view: its model calls are the eight tiles (and whatever the
    // covered view still asked for).
    const calls = await app.page.evaluate(() => window.__worldwalk!.world!.session.stats.modelCalls)
    expect(calls).toBeGreaterThanOrEqual(8)
    const m = await app.page.evaluate(() => {
      const p = window.__worldwalk!.world!.session.panorama!
      const old = (window as unknown as { storedPanorama: Uint8Array }).storedPanorama
      const W = p.camera.width
      const lum = (a: Uint8Array, i: number): number =>
        0.2126 * a[4 * i]! + 0.7152 * a[4 * i + 1]! + 0.0722 * a[4 * i + 2]!
      /** Over the stored panorama's rows between two latitudes (degrees). */
      const rows = (top: number, bottom: number, f: (y: number, x: number) => number): number => {
        let sum = 0
        let n = 0
        for (let y = Math.round(64 * (0.5 - top / 180)); y < Math.round(64 * (0.5 - bottom / 180)); y++) {
          for (let x = 0; x < 127; x++, n++) sum += f(y, x)
        }
        return sum / n
      }
      const at = (y: number, x: number): number => 2 * y * W + 2 * x
      const blockMean = (y: number, x: number): number =>
        (lum(p.rgba, at(y, x)) +
          lum(p.rgba, at(y, x) + 1) +
          lum(p.rgba, at(y, x) + W) +
          lum(p.rgba, at(y, x) + W + 1)) /
        4
      return {
        // The sky 15-28 degrees up, the composed pixels averaged 2 x 2 against the stored ones:
        // the same sky in the same directions (a tile turned the wrong way shows another part).
        skyDiff: rows(28, 15, (y, x) => Math.abs(blockMean(y, x) - lum(old, y * 128 + x))),
        // Round the horizon, where the far land stands: neighbouring pixels, composed against
        // the stored panorama's scaled up (half its steps).
        detail: rows(10, -5, (y, x) => Math.abs(lum(p.rgba, at(y, x) + 1) - lum(p.rgba, at(y, x)))),
        storedDetail: rows(10, -5, (y, x) => Math.abs(lum(old, y * 128 + x + 1) - lum(old, y * 128 + x)) / 2),
      }
    })
    console.log('[horizon-band]', JSON.stringify(m))
    // 6.5 and 14.4 against 11.2 (December 7): the model draws the sky's haze and clouds a little
    // differently at each size (6.2 between a 128 and a 256 px panorama in Node, 3.9 between the
    // composed one and a 256 px render).
    expect(m.skyDiff).toBeLessThan(10)
    expect(m.detail).toBeGreaterThan(m.storedDetail * 1.15)
    expectVisible(await app.canvasStats(), 'the world over the composed panorama')
    await app.screenshot('horizon-band')
  })

  it('opens the composed panorama again after a reload, with no model call', async () => {
    await app.page.goto(appUrl(h.url, QUERY))
    await withoutDrawing(app, () => waitForWorld(app, (w) => w.ready && w.restoredFrames > 0 && w.streaming))
    await withoutDrawing(app, () => waitForIdle(app, 120_000))
    expect(await panoramaWidth(app)).toBe(256)
    expect(await app.page.evaluate(() => window.__worldwalk!.world!.session.stats.modelCalls)).toBe(0)
  })
})
