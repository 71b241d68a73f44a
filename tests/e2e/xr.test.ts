import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectVisible, startHarness, viewChange, type AppPage, type Harness } from './harness'
import { WORLD_TEST_QUERY, waitForWorld } from './world-support'

/** The XR origin (player's feet) in world space, through the ?test hook. */
async function originPosition(app: AppPage): Promise<{ x: number; y: number; z: number }> {
  return app.page.evaluate(() => {
    const o = window.__worldwalk!.origin!
    return { x: o.position.x, y: o.position.y, z: o.position.z }
  })
}

/** The XR camera's world quaternion [x, y, z, w]. */
async function viewQuaternion(app: AppPage): Promise<number[]> {
  return app.page.evaluate(() => window.__worldwalk!.three!.camera().quaternion.toArray())
}

describe('VR under ?emulate (IWER Quest 3)', () => {
  let h: Harness
  let app: AppPage

  beforeAll(async () => {
    h = await startHarness()
    app = await h.open({ query: `${WORLD_TEST_QUERY}&emulate&fresh` })
    await app.waitForFrames(2)
    // The generated world (and the ground its frames teach) must be there before looking or picking.
    await waitForWorld(app, (w) => w.frames >= 22 && w.hasPanorama)
  })
  afterAll(async () => {
    await app?.close()
    await h?.close()
  })

  it('offers VR and enters an immersive-vr session with two stereo views', async () => {
    expect(await app.page.evaluate(() => window.__iwer?.name)).toBe('Meta Quest 3')
    const button = app.page.locator('[data-testid=enter-vr]')
    await expect.poll(() => button.textContent()).toBe('Enter VR')
    await button.click()
    await app.page.waitForFunction(() => window.__worldwalk!.xr.getState().session != null, null, {
      timeout: 30_000,
    })
    expect(await app.page.evaluate(() => window.__worldwalk!.xr.getState().mode)).toBe('immersive-vr')
    await app.waitForFrames(2)
    expect(await app.page.evaluate(() => window.__worldwalk!.xrViews)).toBe(2)
    await expect.poll(() => app.page.textContent('[data-testid=status]')).toContain('in VR')
  })

  it('draws both eyes with non-blank, varied pixels', async () => {
    await app.waitForFrames(3)
    const left = await app.canvasStats({ from: 0, to: 0.5 })
    const right = await app.canvasStats({ from: 0.5, to: 1 })
    expectVisible(left, 'left eye')
    expectVisible(right, 'right eye')
    // Same scene from two eyes 63 mm apart: similar, but each eye draws its own view.
    expect(viewChange(left, right)).toBeLessThan(30)
    await app.screenshot('vr-stereo')
  })

  it('loads both controllers from the self-hosted input profiles', async () => {
    await app.page.waitForFunction(
      () =>
        window.__worldwalk!.xr.getState().inputSourceStates.filter((s) => s.type === 'controller').length ===
        2,
      null,
      { timeout: 15_000 },
    )
  })

  it('follows the headset: turning the emulated head changes the view', async () => {
    const before = await app.canvasStats()
    const qBefore = await viewQuaternion(app)
    // Turn the head 60 degrees left (about +Y).
    await app.page.evaluate(() => {
      const a = Math.PI / 3
      window.__iwer!.quaternion.set(0, Math.sin(a / 2), 0, Math.cos(a / 2))
    })
    await app.waitForFrames(3)
    const after = await app.canvasStats()
    const qAfter = await viewQuaternion(app)
    const dot = Math.abs(qBefore.reduce((s, v, i) => s + v * qAfter[i], 0))
    expect(dot).toBeLessThan(0.98)
    expect(viewChange(before, after)).toBeGreaterThan(2)
    expectVisible(after, 'turned view')
    await app.screenshot('vr-turned')
    await app.page.evaluate(() => window.__iwer!.quaternion.set(0, 0, 0, 1))
    await app.waitForFrames(2)
  })

  it('moves the origin forward with the left thumbstick', async () => {
    const before = await originPosition(app)
    await app.page.evaluate(() => window.__iwer!.controllers.left!.updateAxes('thumbstick', 0, -1))
    await app.waitForFrames(4)
    await app.page.waitForTimeout(300)
    await app.page.evaluate(() => window.__iwer!.controllers.left!.updateAxes('thumbstick', 0, 0))
    await app.waitForFrames(1)
    const after = await originPosition(app)
    // The headset looks down -Z: forward is -Z, with no sideways drift.
    expect(before.z - after.z).toBeGreaterThan(0.3)
    expect(Math.abs(after.x - before.x)).toBeLessThan(0.1)
  })

  it('fires a pointer event on the world when the right trigger is pressed', async () => {
    const downsBefore = await app.page.evaluate(() => window.__worldwalk!.app.getState().pointerDowns)
    // Point the right controller 30 degrees down at the ground in front.
    await app.page.evaluate(() => {
      const a = -Math.PI / 6
      window.__iwer!.controllers.right!.quaternion.set(Math.sin(a / 2), 0, 0, Math.cos(a / 2))
    })
    await app.waitForFrames(3)
    await app.page.evaluate(() => window.__iwer!.controllers.right!.updateButtonValue('trigger', 1))
    await app.waitForFrames(3)
    await app.page.evaluate(() => window.__iwer!.controllers.right!.updateButtonValue('trigger', 0))
    await app.waitForFrames(2)
    const state = await app.page.evaluate(() => {
      const s = window.__worldwalk!.app.getState()
      return { downs: s.pointerDowns, target: s.target }
    })
    expect(state.downs).toBeGreaterThan(downsBefore)
    expect(state.target?.source).toBe('controller')
    const origin = await originPosition(app)
    // The ray hit the ground ahead of the player, not the sky.
    expect(state.target!.point[2]).toBeLessThan(origin.z)
    await app.screenshot('vr-target')
  })

  it('stayed offline and error-free', () => {
    app.expectOnlyLocalRequests()
    app.expectNoErrors()
  })
})
