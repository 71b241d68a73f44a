import { Quaternion, Vector3 } from 'three'
import { PLAN_DEFAULTS, shoreCenter } from '../../src/core/world'
import { startHarness, type AppPage, type Harness } from './harness'
import { WORLD_TEST_QUERY, waitForIdle } from './world-support'

/** Enters VR under ?emulate and waits for both controllers and the right ray. */
export async function enterVrWithControllers(app: AppPage): Promise<void> {
  await app.waitForFrames(2)
  await waitForIdle(app)
  await app.page.locator('[data-testid=enter-vr]').click()
  await app.page.waitForFunction(
    () =>
      window.__worldwalk!.xr.getState().session != null &&
      window.__worldwalk!.xr.getState().inputSourceStates.filter((s) => s.type === 'controller').length ===
        2 &&
      window.__worldwalkXR?.live.rays.right != null,
    null,
    { timeout: 60_000 },
  )
}

/**
 * A Chromium of its own (the fake microphone is a launch flag) on the run's vite server, whose
 * microphone plays `wav` once from when it opens; the run's default world from storage, in VR with
 * both controllers, microphone permission granted.
 */
export async function openVrWithFakeMicrophone(wav: string): Promise<{ h: Harness; app: AppPage }> {
  const h = await startHarness({
    chromiumArgs: [
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      // %noloop: the clip plays once from when the microphone opens, then silence.
      `--use-file-for-fake-audio-capture=${wav}%noloop`,
    ],
  })
  const app = await h.open({
    query: `${WORLD_TEST_QUERY}&emulate`,
    viewport: { width: 960, height: 540 },
    seed: true,
  })
  await app.context.grantPermissions(['microphone'])
  await enterVrWithControllers(app)
  return { h, app }
}

/**
 * Head level looking down -Z, the right controller pointing ahead and down at the ground; waits
 * for the new cell to fill and returns where the ray meets the ground.
 */
export async function pointRightControllerAhead(app: AppPage): Promise<[number, number, number]> {
  const dir = new Vector3(0.25, -0.12, -1).normalize()
  const q = new Quaternion().setFromUnitVectors(new Vector3(0, 0, -1), dir)
  await app.page.evaluate(
    (a) => {
      const dev = window.__iwer!
      dev.position.set(0, 1.6, 0)
      dev.quaternion.set(0, 0, 0, 1)
      const r = dev.controllers.right!
      r.position.set(0.2, 1.35, -0.3)
      r.quaternion.set(a[0]!, a[1]!, a[2]!, a[3]!)
    },
    [q.x, q.y, q.z, q.w],
  )
  await app.waitForFrames(3)
  // The head moved into its own cell on entering VR: let that cell fill before measuring.
  await waitForIdle(app)
  await app.page.waitForFunction(() => window.__worldwalkXR!.live.rayHitValid, null, { timeout: 30_000 })
  return app.page.evaluate(() => {
    const p = window.__worldwalkXR!.live.rayHit.point
    return [p.x, p.y, p.z] as [number, number, number]
  })
}

/**
 * Where "over there" puts a new region for a pointed spot, as the app plans it: the spot, or
 * (pointed nearer than the region's radius + shore) out along the aim from the viewer's pose, so
 * the viewer stands on its shore rather than under it; and where the viewer stood (x, z).
 */
export async function plannedCenter(
  app: AppPage,
  spot: [number, number, number],
): Promise<{ center: [number, number]; viewer: [number, number] }> {
  const viewer = await app.page.evaluate(() => {
    const p = window.__worldwalk!.world!.session.viewerPose
    return {
      position: [...p.position] as [number, number, number],
      rotation: [...p.rotation] as [number, number, number, number],
    }
  })
  return {
    center: shoreCenter([spot[0], spot[2]], viewer, PLAN_DEFAULTS),
    viewer: [viewer.position[0], viewer.position[2]],
  }
}
