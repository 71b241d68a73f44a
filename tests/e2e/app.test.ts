import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectVisible, startHarness, viewChange, type AppPage, type Harness } from './harness'
import { WORLD_TEST_QUERY, waitForIdle, waitForWorld } from './world-support'

/** Reads the desktop camera's world position and yaw (radians) through the ?test hook. */
async function cameraPose(app: AppPage): Promise<{ x: number; y: number; z: number; yaw: number }> {
  return app.page.evaluate(() => {
    const cam = window.__worldwalk!.three!.camera()
    return { x: cam.position.x, y: cam.position.y, z: cam.position.z, yaw: cam.rotation.y }
  })
}

describe('desktop app', () => {
  let h: Harness
  let app: AppPage

  beforeAll(async () => {
    h = await startHarness()
    app = await h.open({ query: `${WORLD_TEST_QUERY}&fresh` })
    await app.waitForFrames(3)
    // The world is generated: wait for the first ring of frames before looking at pixels.
    await waitForWorld(app, (w) => w.frames >= 22 && w.hasPanorama)
    // Under load Spark may still be uploading and sorting pages; until it draws them, only the
    // camera-centred sky dome is visible, and walking would not change the picture.
    await waitForIdle(app)
    await app.waitForFrames(10)
  })
  afterAll(async () => {
    await app?.close()
    await h?.close()
  })

  it('is cross-origin isolated and shows the shell', async () => {
    expect(await app.page.evaluate(() => crossOriginIsolated)).toBe(true)
    await expect.poll(() => app.page.textContent('[data-testid=status]')).toContain('worker · wasm')
    expect(await app.page.isDisabled('[data-testid=prompt]')).toBe(false)
    expect(await app.page.inputValue('[data-testid=prompt]')).toBe(
      'a misty pine forest with a river at sunset',
    )
  })

  it('draws a non-blank, varied world', async () => {
    const stats = await app.canvasStats()
    expectVisible(stats)
    // Sky above, ground below: the top and bottom of the view must differ clearly.
    const top = stats.grid.slice(0, 16).reduce((a, b) => a + b) / 16
    const bottom = stats.grid.slice(-16).reduce((a, b) => a + b) / 16
    expect(Math.abs(top - bottom)).toBeGreaterThan(15)
    await app.screenshot('desktop')
  })

  it('walks forward with W and sideways with D, at eye height over the ground', async () => {
    const before = await cameraPose(app)
    const pixelsBefore = await app.canvasStats()
    await app.page.keyboard.down('KeyW')
    await app.waitForFrames(4)
    await app.page.waitForTimeout(400)
    await app.page.keyboard.up('KeyW')
    const afterW = await cameraPose(app)
    // yaw 0 looks down -Z: forward decreases z and leaves x alone.
    expect(before.z - afterW.z).toBeGreaterThan(0.3)
    expect(Math.abs(afterW.x - before.x)).toBeLessThan(0.05)

    await app.page.keyboard.down('KeyD')
    await app.waitForFrames(4)
    await app.page.waitForTimeout(300)
    await app.page.keyboard.up('KeyD')
    const afterD = await cameraPose(app)
    expect(afterD.x - afterW.x).toBeGreaterThan(0.2)
    expect(afterD.y).toBeGreaterThan(1)
    await app.waitForFrames(6)
    await app.page.waitForTimeout(300)
    expect(viewChange(pixelsBefore, await app.canvasStats())).toBeGreaterThan(0.5)
  })

  it('turns with a mouse drag', async () => {
    const before = await cameraPose(app)
    const box = (await app.page.locator('canvas').boundingBox())!
    await app.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await app.page.mouse.down()
    await app.page.mouse.move(box.x + box.width / 2 - 120, box.y + box.height / 2, { steps: 4 })
    await app.page.mouse.up()
    await app.waitForFrames(2)
    const after = await cameraPose(app)
    // Dragging left turns left: yaw grows.
    expect(after.yaw - before.yaw).toBeGreaterThan(0.2)
  })

  it('targets the ground with a click', async () => {
    const box = (await app.page.locator('canvas').boundingBox())!
    await app.page.mouse.click(box.x + box.width / 2, box.y + box.height * 0.62)
    await expect
      .poll(() => app.page.evaluate(() => window.__worldwalk!.app.getState().target?.source))
      .toBe('mouse')
    await app.waitForFrames(2)
    await app.screenshot('desktop-target')
  })

  it('teleports to the target with T, at eye height over the ground there', async () => {
    const target = await app.page.evaluate(() => window.__worldwalk!.app.getState().target!.point)
    await app.page.keyboard.press('KeyT')
    await app.waitForFrames(3)
    const after = await cameraPose(app)
    expect(Math.hypot(after.x - target[0], after.z - target[2])).toBeLessThan(0.3)
    expect(after.y - target[1]).toBeGreaterThan(1.2)
    expect(after.y - target[1]).toBeLessThan(2.2)
  })

  it('stayed offline and error-free', () => {
    app.expectOnlyLocalRequests()
    app.expectNoErrors()
  })
})
