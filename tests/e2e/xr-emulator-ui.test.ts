import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type AppPage, type Harness } from './harness'

// What a person without a headset gets from `?emulate`: Meta's on-screen emulator controls for the
// headset and controllers, served by the app itself. (Other tests use `?test`, which leaves the
// controls out so the tests can drive the emulated device directly.) The world is the run's default
// world, opened from storage, so the page is not busy growing it meanwhile.
describe('?emulate for a person at a desktop', () => {
  let h: Harness
  let app: AppPage

  beforeAll(async () => {
    h = await startHarness()
    app = await h.open({ query: 'emulate&levels=32&panorama=128&budget=20000', seed: true })
  })
  afterAll(async () => {
    await h?.close()
  })

  it('enters VR with the emulator controls on screen, offline', async () => {
    const enter = app.page.locator('[data-testid=enter-vr]')
    await expect.poll(() => enter.isEnabled(), { timeout: 60_000 }).toBe(true)
    await enter.click()
    // IWER's dev UI adds its own canvas and container while a session runs.
    await expect
      .poll(() => app.page.evaluate(() => document.querySelectorAll('canvas').length), { timeout: 60_000 })
      .toBeGreaterThan(1)
    await app.page.waitForTimeout(1000)
    await app.screenshot('vr-emulator-ui')
  })
})
