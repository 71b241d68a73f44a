import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectVisible, startHarness, type AppPage, type Harness } from './harness'
import { WORLD_TEST_QUERY, waitForIdle, waitForWorld, worldCounters } from './world-support'

describe('generated world: storage, reload, prompts and worker crashes', () => {
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

  it('stores frames as they arrive', async () => {
    const idle = await waitForIdle(app)
    expect(idle.frames).toBeGreaterThanOrEqual(22)
    const written = await app.page.evaluate(async () => {
      const storage = window.__worldwalk!.world!.storage!
      await storage.flush()
      return storage.framesWritten
    })
    // Every tile frame plus the sky panorama.
    expect(written).toBe(idle.frames + 1)
  })

  it('brings the world back after a reload with zero model calls', async () => {
    const before = await worldCounters(app)
    // Same page, without ?fresh: the stored world is the current one.
    await app.page.goto(new URL(`?${WORLD_TEST_QUERY}`, h.url).href)
    const c = await waitForWorld(app, (w) => w.ready && w.restoredFrames > 0 && w.splats > 0)
    expect(c.restoredFrames).toBe(before.frames)
    expect(c.hasPanorama).toBe(true)
    await app.waitForFrames(4)
    await app.page.waitForTimeout(1500)
    const after = await worldCounters(app)
    expect(after.modelCalls).toBe(0)
    expect(after.splats).toBe(before.splats)
    expectVisible(await app.canvasStats())
    await app.screenshot('world-reloaded')
  })

  it('makes a new world from the prompt bar, and survives a worker crash mid-stream', async () => {
    await waitForWorld(app, (w) => w.source === 'worker')
    const input = app.page.locator('[data-testid=prompt]')
    await input.fill('a snowy mountain valley at noon')
    await input.press('Enter')
    await expect
      .poll(() => app.page.evaluate(() => window.__worldwalk!.world!.session.world.prompt))
      .toBe('a snowy mountain valley at noon')
    // Crash as soon as the first request is out, so one is in flight when the worker dies.
    await waitForWorld(app, (w) => w.inFlight > 0, 30_000)
    await app.page.evaluate(() => window.__worldwalk!.crashModelWorker())
    const restarted = await waitForWorld(app, (w) => w.restarts >= 1 && w.source === 'worker', 60_000)
    expect(restarted.restarts).toBe(1)
    const c = await waitForWorld(app, (w) => w.frames >= 22 && w.hasPanorama && w.splats > 1000)
    expect(c.backend).toBe('wasm')
    await app.waitForFrames(4)
    expectVisible(await app.canvasStats())
    await app.screenshot('world-after-crash')
  })

  it('stayed offline and error-free (the crash drill aside)', () => {
    app.expectOnlyLocalRequests()
    app.expectNoErrors([/crash drill/])
  })
})
