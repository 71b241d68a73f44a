import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectVisible, startHarness, type AppPage, type Harness } from './harness'
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

  it('stayed offline and error-free', () => {
    app.expectOnlyLocalRequests()
    app.expectNoErrors()
  })
})
