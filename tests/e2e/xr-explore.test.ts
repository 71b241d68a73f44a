/**
 * VR exploring under ?emulate (IWER's Quest 3): entering an immersive session with two stereo
 * views and both controllers, both eyes drawing the world, the view following the head; stick
 * walking at the set speed, snap turns by the set angle, teleport onto ground (and not onto water
 * or sky), trigger targeting through the Ground seam, the in-headset menu operated by ray, and the
 * same menu on the desktop. The world is the run's default world, opened from storage.
 *
 * Quantitative checks run over a synthetic ground swapped in through the test hook
 * (`__worldwalkXR.setGround`): its shape is known here exactly, so expected spots are computed in
 * Node with the same Ground code path the app uses, independent of which world is being rendered.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Quaternion, Vector3 } from 'three'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS } from '../../src/ui/settings'
import {
  CANVAS_H,
  CANVAS_W,
  layoutPanel,
  PANEL_HEIGHT_M,
  PANEL_WIDTH_M,
} from '../../src/ui/panels/panel-layout'
import { buildPanel } from '../../src/ui/panels/panel-model'
import type { PanelTab } from '../../src/ui/panels/menu-store'
import { createArcResult, traceArc } from '../../src/xr/teleport-arc'
import { createHeightFieldGround } from '../../src/core/ground/height-field-ground'
import { expectVisible, OUTPUT_DIR, startHarness, viewChange, type AppPage, type Harness } from './harness'
import { WORLD_TEST_QUERY, waitForWorld } from './world-support'

/** The synthetic world: gentle hills (ground rises and falls), a lake beyond z = -9 (water at -0.5). */
const HEIGHT_SRC = '(x, z) => 0.6 * Math.sin(x * 0.35) * Math.cos(z * 0.3) + (z < -9 ? -2 : 0)'
const WATER_LEVEL = -0.5
const HALF_SIZE = 60
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const testHeight = (new Function(`return ${HEIGHT_SRC}`) as () => (x: number, z: number) => number)()
const testGround = createHeightFieldGround({
  height: testHeight,
  waterLevel: WATER_LEVEL,
  halfSize: HALF_SIZE,
})

interface Pose {
  origin: { x: number; y: number; z: number; yaw: number }
  head: { x: number; y: number; z: number }
  ray: { o: Vector3; d: Vector3 } | null
  frameAt: number
  teleports: number
}

async function pose(app: AppPage): Promise<Pose> {
  const raw = await app.page.evaluate(() => {
    const xr = window.__worldwalkXR!
    const o = xr.origin()!
    const cam = window.__worldwalk!.three!.camera()
    const e = cam.matrixWorld.elements
    const ray = xr.live.rays.right?.matrixWorld.elements ?? null
    return {
      origin: { x: o.position.x, y: o.position.y, z: o.position.z, yaw: o.rotation.y },
      head: { x: e[12], y: e[13], z: e[14] },
      ray: ray ? Array.from(ray) : null,
      frameAt: xr.live.frameAt,
      teleports: xr.live.teleport.count,
    }
  })
  const r = raw.ray
  return {
    ...raw,
    ray: r
      ? { o: new Vector3(r[12], r[13], r[14]), d: new Vector3(-r[8]!, -r[9]!, -r[10]!).normalize() }
      : null,
  }
}

/** Puts the play area at (x, z) facing -Z, the head and controllers at rest poses, sticks centred. */
async function resetPlayer(app: AppPage, x = 0, z = 0): Promise<void> {
  await app.page.evaluate(
    ([px, pz]) => {
      const o = window.__worldwalkXR!.origin()!
      o.position.set(px!, o.position.y, pz!)
      o.rotation.set(0, 0, 0)
      const dev = window.__iwer!
      dev.position.set(0, 1.6, 0)
      dev.quaternion.set(0, 0, 0, 1)
      const r = dev.controllers.right!
      const l = dev.controllers.left!
      r.position.set(0.2, 1.35, -0.3)
      r.quaternion.set(0, 0, 0, 1)
      l.position.set(-0.2, 1.35, -0.3)
      r.updateAxes('thumbstick', 0, 0)
      l.updateAxes('thumbstick', 0, 0)
    },
    [x, z],
  )
  await app.waitForFrames(3)
}

/** Points the right controller along a world direction (the origin is unrotated after resetPlayer). */
async function aimRight(app: AppPage, dir: Vector3): Promise<void> {
  const q = new Quaternion().setFromUnitVectors(new Vector3(0, 0, -1), dir.clone().normalize())
  await app.page.evaluate(
    (a) => window.__iwer!.controllers.right!.quaternion.set(a[0]!, a[1]!, a[2]!, a[3]!),
    [q.x, q.y, q.z, q.w],
  )
  await app.waitForFrames(3)
  // The emulated controller's target ray follows its orientation exactly; fail loudly if it does not.
  const ray = (await pose(app)).ray!
  const angle = (Math.acos(Math.min(1, ray.d.dot(dir.clone().normalize()))) * 180) / Math.PI
  expect(angle, 'controller ray off the aimed direction (degrees)').toBeLessThan(0.5)
}

function pitchDir(pitchDeg: number, yawDeg = 0): Vector3 {
  const p = (pitchDeg * Math.PI) / 180
  const y = (yawDeg * Math.PI) / 180
  return new Vector3(-Math.sin(y) * Math.cos(p), Math.sin(p), -Math.cos(y) * Math.cos(p))
}

async function setStick(app: AppPage, hand: 'left' | 'right', x: number, y: number): Promise<void> {
  await app.page.evaluate(
    ([h, ax, ay]) =>
      window.__iwer!.controllers[h as 'left']!.updateAxes('thumbstick', ax as number, ay as number),
    [hand, x, y] as const,
  )
}

async function pressButton(app: AppPage, hand: 'left' | 'right', button: string): Promise<void> {
  await app.page.evaluate(
    ([h, b]) => window.__iwer!.controllers[h as 'left']!.updateButtonValue(b!, 1),
    [hand, button],
  )
  await app.waitForFrames(1)
  await app.page.evaluate(
    ([h, b]) => window.__iwer!.controllers[h as 'left']!.updateButtonValue(b!, 0),
    [hand, button],
  )
  await app.waitForFrames(3)
}

/**
 * Swaps the synthetic hills and lake in for the world's ground (see the top of this file), and
 * holds the world as it is: the tests from here on are about locomotion and the menu, and every
 * frame the model grew for the places they walk to would add splats that SwiftShader draws on the
 * CPU in every later frame (with streaming on, this file took 150-255 s; the splat count grew
 * with each walk and teleport).
 */
async function useSyntheticGround(app: AppPage): Promise<void> {
  await app.page.evaluate(
    ([src, water, half]) => {
      window.__worldwalk!.world!.session.streaming = false
      const xr = window.__worldwalkXR!
      // eslint-disable-next-line @typescript-eslint/no-implied-eval
      const height = (new Function(`return ${src as string}`) as () => (x: number, z: number) => number)()
      xr.setGround(xr.heightFieldGround({ height, waterLevel: water as number, halfSize: half as number }))
    },
    [HEIGHT_SRC, WATER_LEVEL, HALF_SIZE] as const,
  )
}

/** The XR camera's world quaternion [x, y, z, w]. */
async function viewQuaternion(app: AppPage): Promise<number[]> {
  return app.page.evaluate(() => window.__worldwalk!.three!.camera().quaternion.toArray())
}

describe('exploring in VR under ?emulate', () => {
  let h: Harness
  let app: AppPage
  const timings: string[] = []

  beforeAll(async () => {
    h = await startHarness()
    // The default world from storage (grown once per run), with a small splat budget and the
    // harness's small viewport (the emulated headset draws both eyes into the page's canvas):
    // SwiftShader draws every splat on the CPU, and every test here waits on frames.
    app = await h.open({
      query: `${WORLD_TEST_QUERY}&emulate&budget=20000`,
      seed: true,
      // @react-three/xr offers a new session (navigator.xr.offerSession) after one ends; IWER logs
      // the replaced offer as an error. Benign: nothing is waiting on the superseded offer.
      allowErrors: [/Offer superseded by a new offerSession call/],
    })
    await app.waitForFrames(2)
    // The world (and the ground its frames teach) must be there before looking or picking.
    await waitForWorld(app, (w) => w.restoredFrames >= 22 && w.hasPanorama && w.splats > 0)
  })
  afterAll(async () => {
    if (timings.length) console.log(timings.join('\n'))
    await h?.close()
  })

  it('offers VR and enters an immersive-vr session with two stereo views and both controllers', async () => {
    expect(await app.page.evaluate(() => window.__iwer?.name)).toBe('Meta Quest 3')
    // Spark's screen-space blur: none at the desktop (the lifted splats are a pixel wide already),
    // its anti-aliasing default in the headset, whose head never stops.
    const splatBlur = (): Promise<number | undefined> =>
      app.page.evaluate(() => {
        let blur: number | undefined
        window.__worldwalk!.three!.scene.traverse((o) => {
          if ('blurAmount' in o && typeof o.blurAmount === 'number') blur = o.blurAmount
        })
        return blur
      })
    expect(await splatBlur()).toBe(0)
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
    expect(await splatBlur()).toBeCloseTo(0.3, 5)
    // Both controllers load from the self-hosted input profiles (offline), rays and all.
    await app.page.waitForFunction(
      () =>
        window.__worldwalk!.xr.getState().inputSourceStates.filter((s) => s.type === 'controller').length ===
          2 && window.__worldwalkXR?.live.rays.right != null,
      null,
      { timeout: 30_000 },
    )
  })

  it('draws both eyes with non-blank, varied pixels of the world', async () => {
    await app.waitForFrames(3)
    const left = await app.canvasStats({ from: 0, to: 0.5 })
    const right = await app.canvasStats({ from: 0.5, to: 1 })
    expectVisible(left, 'left eye')
    expectVisible(right, 'right eye')
    // Same scene from two eyes 63 mm apart: similar, but each eye draws its own view.
    expect(viewChange(left, right)).toBeLessThan(30)
    await app.screenshot('vr-stereo')
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
    const dot = Math.abs(qBefore.reduce((s, v, i) => s + v * qAfter[i]!, 0))
    expect(dot).toBeLessThan(0.98)
    expect(viewChange(before, after)).toBeGreaterThan(2)
    expectVisible(after, 'turned view')
    await app.screenshot('vr-turned')
    await useSyntheticGround(app)
    await resetPlayer(app)
  })

  it('walks forward with the left stick at the set speed and stays on the rising and falling ground', async () => {
    const speed = DEFAULT_SETTINGS.moveSpeed
    // Off the x = 0 line, where the synthetic hills rise and fall along the walk.
    await resetPlayer(app, 3, 0)
    await setStick(app, 'left', 0, -1)
    await app.waitForFrames(2)
    const a = await pose(app)
    await app.page.waitForTimeout(1500)
    const vignette = await app.page.evaluate(() => window.__worldwalkXR!.live.vignette)
    await app.screenshot('vr-walk-vignette')
    const b = await pose(app)
    await setStick(app, 'left', 0, 0)
    await app.waitForFrames(2)
    const dt = (b.frameAt - a.frameAt) / 1000
    const dist = Math.hypot(b.origin.x - a.origin.x, b.origin.z - a.origin.z)
    timings.push(`walk: ${dist.toFixed(2)} m in ${dt.toFixed(2)} s = ${(dist / dt).toFixed(2)} m/s`)
    expect(dt).toBeGreaterThan(0.5)
    expect(dist / dt).toBeGreaterThan(speed * 0.85)
    expect(dist / dt).toBeLessThan(speed * 1.15)
    // Forward is where the head looks (-Z), with no sideways drift.
    expect(b.origin.z).toBeLessThan(a.origin.z)
    expect(Math.abs(b.origin.x - a.origin.x)).toBeLessThan(0.05 * dist)
    // The vignette closed in while moving.
    expect(vignette).toBeGreaterThan(0.3)
    // Feet on the ground under the head (the synthetic hills changed height along the way).
    expect(Math.abs(b.origin.y - testHeight(b.head.x, b.head.z))).toBeLessThan(0.05)
    expect(Math.abs(a.origin.y - b.origin.y)).toBeGreaterThan(0.1)
  })

  it('snap-turns by exactly the set angle, about the head', async () => {
    await resetPlayer(app, 1, 2)
    const a = await pose(app)
    await setStick(app, 'right', 1, 0)
    await app.waitForFrames(3)
    await setStick(app, 'right', 0, 0)
    await app.waitForFrames(2)
    const b = await pose(app)
    expect(b.origin.yaw - a.origin.yaw).toBeCloseTo((-30 * Math.PI) / 180, 9)
    expect(Math.hypot(b.head.x - a.head.x, b.head.z - a.head.z)).toBeLessThan(1e-3)
    // A changed setting applies to the next flick.
    await app.page.evaluate(() => window.__worldwalkXR!.settings.getState().update({ snapTurnDegrees: 45 }))
    await setStick(app, 'right', -1, 0)
    await app.waitForFrames(3)
    await setStick(app, 'right', 0, 0)
    await app.waitForFrames(2)
    const c = await pose(app)
    expect(c.origin.yaw - b.origin.yaw).toBeCloseTo((45 * Math.PI) / 180, 9)
    await app.page.evaluate(() => window.__worldwalkXR!.settings.getState().reset())
  })

  it('teleports onto ground where the arc lands, at ground height', async () => {
    await resetPlayer(app)
    await aimRight(app, pitchDir(-10, 10))
    await setStick(app, 'right', 0, -1)
    await app.waitForFrames(3)
    const aiming = await pose(app)
    const preview = await app.page.evaluate(() => {
      const t = window.__worldwalkXR!.live.teleport
      const p = t.arc.landing.point
      return { aiming: t.aiming, valid: t.arc.valid, x: p.x, y: p.y, z: p.z }
    })
    await app.screenshot('vr-teleport-arc')
    // The same arc traced in Node over the same ground from the controller's pose.
    const arc = traceArc(testGround, aiming.ray!.o, aiming.ray!.d, createArcResult())
    expect(arc.valid).toBe(true)
    expect(preview.aiming).toBe(true)
    expect(preview.valid).toBe(true)
    expect(Math.hypot(preview.x - arc.landing.point.x, preview.z - arc.landing.point.z)).toBeLessThan(0.05)
    // While the arc is up the session knows where the eye will land (the scheduler asks for the
    // view there: tests/unit/stream-prediction.test.ts), as high over it as over the ground now.
    const aimed = await app.page.evaluate(() => window.__worldwalk!.world!.session.destination.eye)
    expect(aimed![0]).toBeCloseTo(preview.x, 3)
    expect(aimed![2]).toBeCloseTo(preview.z, 3)
    const eyeOverGround = aiming.head.y - testHeight(aiming.head.x, aiming.head.z)
    expect(aimed![1]).toBeCloseTo(preview.y + eyeOverGround, 1)
    await setStick(app, 'right', 0, 0)
    await app.waitForFrames(3)
    const after = await pose(app)
    expect(await app.page.evaluate(() => window.__worldwalk!.world!.session.destination.eye)).toBeNull()
    expect(after.teleports).toBe(aiming.teleports + 1)
    const spot = arc.landing.point
    expect(Math.hypot(after.head.x - spot.x, after.head.z - spot.z)).toBeLessThan(0.3)
    expect(Math.abs(after.origin.y - testHeight(spot.x, spot.z))).toBeLessThan(0.3)
    expect(Math.hypot(spot.x - aiming.head.x, spot.z - aiming.head.z)).toBeGreaterThan(2)
  })

  /**
   * A pitch (degrees) whose arc, from the controller's current spot, fails with `failure`, well inside
   * the failing range: 4 degrees past the flattest failing pitch for water, near-vertical for sky.
   */
  async function pitchFailing(failure: 'water' | 'sky'): Promise<number> {
    if (failure === 'sky') return 85
    const ray = (await pose(app)).ray!
    for (let pitch = -20; pitch <= 60; pitch += 1) {
      if (traceArc(testGround, ray.o, pitchDir(pitch), createArcResult()).failure === failure)
        return pitch + 4
    }
    throw new Error(`no pitch lands in ${failure}`)
  }

  for (const failure of ['water', 'sky'] as const) {
    it(`does not teleport when the arc is aimed at ${failure}`, async () => {
      await resetPlayer(app)
      await aimRight(app, pitchDir(await pitchFailing(failure)))
      const before = await pose(app)
      const arc = traceArc(testGround, before.ray!.o, before.ray!.d, createArcResult())
      expect(
        arc.failure,
        `arc from ${before.ray!.o.toArray().join(',')} along ${before.ray!.d.toArray().join(',')}`,
      ).toBe(failure)
      await setStick(app, 'right', 0, -1)
      await app.waitForFrames(3)
      const preview = await app.page.evaluate(() => {
        const t = window.__worldwalkXR!.live.teleport
        return { aiming: t.aiming, valid: t.arc.valid, failure: t.arc.failure }
      })
      expect(preview).toEqual({ aiming: true, valid: false, failure })
      if (failure === 'water') await app.screenshot('vr-teleport-water')
      await setStick(app, 'right', 0, 0)
      await app.waitForFrames(3)
      const after = await pose(app)
      expect(after.teleports).toBe(before.teleports)
      expect(after.origin.x).toBe(before.origin.x)
      expect(after.origin.z).toBe(before.origin.z)
    })
  }

  it('stores the trigger-pointed spot as the expansion target (Ground raycast from the controller pose)', async () => {
    await resetPlayer(app, 2, 1)
    await aimRight(app, pitchDir(-28, -15))
    const p = await pose(app)
    const expected = testGround.raycast(p.ray!.o, p.ray!.d, 80)
    expect(expected?.kind).toBe('ground')
    const reticle = await app.page.evaluate(() => window.__worldwalkXR!.live.rayHitValid)
    expect(reticle).toBe(true)
    await pressButton(app, 'right', 'trigger')
    const target = await app.page.evaluate(() => window.__worldwalk!.app.getState().target)
    expect(target?.source).toBe('controller')
    const [x, y, z] = target!.point
    const e = expected!.point
    const miss = Math.hypot(x - e.x, y - e.y, z - e.z)
    timings.push(`target miss: ${miss.toFixed(3)} m`)
    expect(miss).toBeLessThan(0.5)
  })

  it('with hand tracking, a pinch targets like the trigger', async () => {
    await resetPlayer(app, 0, 3)
    await app.page.evaluate(() => {
      window.__iwer!.primaryInputMode = 'hand'
    })
    await app.page.waitForFunction(
      () => window.__worldwalk!.xr.getState().inputSourceStates.filter((s) => s.type === 'hand').length === 2,
      null,
      { timeout: 15_000 },
    )
    // Point the right hand down at the ground ahead.
    await app.page.evaluate(() => {
      const hand = window.__iwer!.hands.right!
      const a = -Math.PI / 5
      hand.position.set(0.2, 1.3, -0.3)
      hand.quaternion.set(Math.sin(a / 2), 0, 0, Math.cos(a / 2))
    })
    await app.waitForFrames(4)
    const p = await pose(app)
    const expected = testGround.raycast(p.ray!.o, p.ray!.d, 80)
    expect(expected, 'the hand ray should meet the ground').not.toBeNull()
    await app.page.evaluate(() => window.__iwer!.hands.right!.updatePinchValue(1))
    await app.waitForFrames(4)
    await app.page.evaluate(() => window.__iwer!.hands.right!.updatePinchValue(0))
    await app.waitForFrames(3)
    const target = await app.page.evaluate(() => window.__worldwalk!.app.getState().target)
    expect(target?.source).toBe('hand')
    const [x, y, z] = target!.point
    const e = expected!.point
    expect(Math.hypot(x - e.x, y - e.y, z - e.z)).toBeLessThan(0.5)
    await app.page.evaluate(() => {
      window.__iwer!.primaryInputMode = 'controller'
    })
    await app.page.waitForFunction(
      () =>
        window.__worldwalk!.xr.getState().inputSourceStates.filter((s) => s.type === 'controller').length ===
          2 && window.__worldwalkXR!.live.rays.right != null,
      null,
      { timeout: 15_000 },
    )
  })

  describe('menu panel', () => {
    /** World position of a panel control's centre, from the panel's world matrix and the shared layout. */
    async function controlPoint(tab: PanelTab, find: (b: ReturnType<typeof layoutPanel>[number]) => boolean) {
      const settings = await app.page.evaluate(() => window.__worldwalkXR!.settings.getState().settings)
      const box = layoutPanel(buildPanel(tab, {}, settings)).find(find)
      expect(box, 'control not on the page').toBeTruthy()
      const m = await app.page.evaluate(() =>
        Array.from(window.__worldwalk!.three!.scene.getObjectByName('xr-menu-panel')!.matrixWorld.elements),
      )
      const local = new Vector3(
        ((box!.x + box!.w / 2) / CANVAS_W - 0.5) * PANEL_WIDTH_M,
        (0.5 - (box!.y + box!.h / 2) / CANVAS_H) * PANEL_HEIGHT_M,
        0,
      )
      const mat = new (await import('three')).Matrix4().fromArray(m)
      return local.applyMatrix4(mat)
    }

    async function clickControl(tab: PanelTab, find: (b: ReturnType<typeof layoutPanel>[number]) => boolean) {
      const target = await controlPoint(tab, find)
      const p = await pose(app)
      await aimRight(app, target.clone().sub(p.ray!.o))
      await pressButton(app, 'right', 'trigger')
    }

    async function savePanelTexture(name: string) {
      const url = await app.page.evaluate(() => {
        const mesh = window.__worldwalk!.three!.scene.getObjectByName('xr-menu-panel') as unknown as {
          material: { map: { image: HTMLCanvasElement } }
        }
        return mesh.material.map.image.toDataURL('image/png')
      })
      await writeFile(join(OUTPUT_DIR, `${name}.png`), Buffer.from(url.split(',')[1]!, 'base64'))
    }

    it('opens with the left Y button in front of the head, readable', async () => {
      await app.page.evaluate(() => window.__worldwalkXR!.setGround(null))
      await resetPlayer(app)
      await pressButton(app, 'left', 'y-button')
      expect(await app.page.evaluate(() => window.__worldwalkXR!.menu.getState().open)).toBe(true)
      const panel = await app.page.evaluate(() => {
        const m = window.__worldwalk!.three!.scene.getObjectByName('xr-menu-panel')!
        return { visible: m.visible, x: m.position.x, y: m.position.y, z: m.position.z }
      })
      const p = await pose(app)
      expect(panel.visible).toBe(true)
      const d = Math.hypot(panel.x - p.head.x, panel.y - p.head.y, panel.z - p.head.z)
      expect(d).toBeGreaterThan(0.5)
      expect(d).toBeLessThan(0.7)
      await aimRight(app, pitchDir(-60))
      expectVisible(await app.canvasStats({ from: 0, to: 0.5 }), 'left eye with panel')
      await app.screenshot('vr-panel-status')
      await savePanelTexture('vr-panel-status-texture')
    })

    it('switches pages and changes a setting by ray + trigger click', async () => {
      await clickControl('status', (b) => b.role === 'tab' && b.text === 'Settings')
      expect(await app.page.evaluate(() => window.__worldwalkXR!.menu.getState().tab)).toBe('settings')
      const before = await app.page.evaluate(
        () => window.__worldwalkXR!.settings.getState().settings.snapTurnDegrees,
      )
      const stepBoxes = (b: ReturnType<typeof layoutPanel>[number]) => b.role === 'step' && b.text === '+'
      await clickControl('settings', stepBoxes)
      const after = await app.page.evaluate(
        () => window.__worldwalkXR!.settings.getState().settings.snapTurnDegrees,
      )
      expect(after).toBe(before + 15)
      // The ray was on the panel: no expansion target was taken through it.
      await app.screenshot('vr-panel-settings')
      await savePanelTexture('vr-panel-settings-texture')
      await clickControl('settings', (b) => b.role === 'tab' && b.text === 'World')
      expect(await app.page.evaluate(() => window.__worldwalkXR!.menu.getState().tab)).toBe('world')
      await savePanelTexture('vr-panel-world-texture')
      await clickControl('world', (b) => b.role === 'close')
      expect(await app.page.evaluate(() => window.__worldwalkXR!.menu.getState().open)).toBe(false)
      await app.page.evaluate(() => window.__worldwalkXR!.settings.getState().reset())
    })
  })

  it('offers the same menu on the desktop (M toggles it)', async () => {
    await app.page.evaluate(() => window.__worldwalk!.xr.getState().session?.end())
    await app.page.waitForFunction(() => window.__worldwalk!.app.getState().mode === 'desktop', null, {
      timeout: 60_000,
    })
    await app.page.keyboard.press('KeyM')
    const menu = app.page.locator('[data-testid=menu]')
    await expect.poll(() => menu.isVisible()).toBe(true)
    await menu.getByRole('tab', { name: 'Settings' }).click()
    await menu.getByRole('button', { name: 'Speed up' }).click()
    const speed = await app.page.evaluate(() => window.__worldwalkXR!.settings.getState().settings.moveSpeed)
    expect(speed).toBe(DEFAULT_SETTINGS.moveSpeed + 0.5)
    await app.screenshot('desktop-menu-settings')
    await app.page.keyboard.press('KeyM')
    await expect.poll(() => menu.isVisible()).toBe(false)
  })
})
