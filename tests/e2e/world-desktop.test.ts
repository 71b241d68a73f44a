import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectVisible, viewChange, startHarness, type AppPage, type Harness } from './harness'
import { WORLD_TEST_QUERY, waitForIdle, waitForWorld, worldCounters } from './world-support'

describe('generated world on the desktop', () => {
  let h: Harness
  let app: AppPage

  beforeAll(async () => {
    h = await startHarness()
    app = await h.open({ query: `${WORLD_TEST_QUERY}&fresh` })
    await app.waitForFrames(2)
  })
  afterAll(async () => {
    await app?.close()
    await h?.close()
  })

  it('starts the worker source on wasm and shows it in the status line', async () => {
    const c = await waitForWorld(app, (w) => w.source === 'worker' && w.backend !== null)
    expect(c.backend).toBe('wasm')
    await expect
      .poll(() => app.page.textContent('[data-testid=status]'), { timeout: 30_000 })
      .toMatch(/worker · wasm · /)
  })

  it('receives frames, lifts them into splats and draws the world', async () => {
    const c = await waitForWorld(app, (w) => w.frames >= 22 && w.splats > 1000 && w.hasPanorama)
    expect(c.splats).toBeGreaterThan(1000)
    await app.waitForFrames(4)
    const stats = await app.canvasStats()
    expectVisible(stats)
    await app.screenshot('world-desktop')
    expect(await app.page.textContent('[data-testid=status]')).toMatch(/splats/)
  })

  it('goes quiet once the surroundings are covered (no request loop)', async () => {
    const idle = await waitForIdle(app)
    await app.page.waitForTimeout(1500)
    expect((await worldCounters(app)).modelCalls).toBe(idle.modelCalls)
  })

  it('draws the splats themselves, not only the sky panorama behind them', async () => {
    // The panorama's ground pixels look like a world on their own: hiding every splat page must
    // change the picture, or Spark is drawing nothing (as when a page's packed array was too short).
    await app.waitForFrames(4)
    const withSplats = await app.canvasStats()
    const counts = await app.page.evaluate(() => {
      const n: number[] = []
      window.__worldwalk!.three!.scene.getObjectByName('splat-pages')!.traverse((o) => {
        if (o.name === 'splat-page') {
          n.push((o as unknown as { packedSplats: { numSplats: number } }).packedSplats.numSplats)
          o.visible = false
        }
      })
      return n
    })
    expect(counts.length).toBeGreaterThan(0)
    expect(Math.min(...counts)).toBeGreaterThan(0)
    await app.waitForFrames(4)
    expect(viewChange(withSplats, await app.canvasStats())).toBeGreaterThan(1)
    await app.page.evaluate(() => {
      window.__worldwalk!.three!.scene.getObjectByName('splat-pages')!.traverse((o) => {
        if (o.name === 'splat-page') o.visible = true
      })
    })
  })

  it('stayed offline and error-free', () => {
    app.expectOnlyLocalRequests()
    app.expectNoErrors()
  })
})
