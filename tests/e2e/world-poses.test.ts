/**
 * A generated world seen from fixed poses, on the desktop and in emulated VR (IWER stereo):
 * spawn looking north, turned 90 degrees, 14 m ahead looking back. Each view must show a world
 * (not a blank or flat canvas), and coming back to the first pose after moving around must show
 * the same image: the world remembers what was seen and does not grow or shift on a revisit.
 *
 * "The same image", on the desktop that grows the world, is the first pose after one round of the
 * poses (every view seen once) against the first pose after one more trip to the farthest pose:
 * the round legitimately adds finer splats far ahead of the spawn, seen up close from 14 m ahead;
 * a revisit after that must change nothing (loop PSNR, as the memory bench measures it on the
 * CPU). VR opens that world from storage in the same browser profile (a world is the same
 * whichever surface looks at it), looks from the same poses with both eyes, and its first look
 * must come back unchanged after the round.
 *
 * Writes tests/output/poses-*.png. The README's headset picture is scripts/readme-screenshots.ts
 * --vr's, at the app's own frame sizes (these are the tests' small ones).
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LOOK_SENSITIVITY } from '../../src/app/desktop-move'
import { SPAWN_XZ } from '../../src/core/world/spawn'
import { encodePng } from '../../src/model/png'
import { expectVisible, OUTPUT_DIR, startHarness, type AppPage, type Harness, type Slice } from './harness'
import { waitForIdle, waitForWorld, withoutDrawing, worldCounters } from './world-support'

const PROMPT = 'a green valley with a lake and pine trees in the morning'
/**
 * Frames of 32 then 64 px and a 256 px panorama: closer to what a person sees than the 32 px
 * world of the other tests, still quick enough for SwiftShader.
 */
const QUERY = `test&levels=32,64&panorama=256&prompt=${encodeURIComponent(PROMPT)}`
/**
 * SwiftShader draws on the CPU, and while it draws every task of the page (storage writes, model
 * replies) waits for the frame: a quarter of the pixels makes the whole test about that much
 * faster.
 */
const VIEWPORT = { width: 400, height: 225 }
/** Two draws of a settled view agree to this (identical draws measure 100 dB). */
const SAME_LOOK_DB = 60
/** Six settled poses per test, waiting for the model on SwiftShader's shared CPU. */
const TEST_TIMEOUT_MS = 900_000

/** A viewer pose on the ground plane: yaw 0 looks north (-Z), positive turns left. */
interface GroundPose {
  name: string
  x: number
  z: number
  yaw: number
}

const [SX, SZ] = SPAWN_XZ
const POSES: GroundPose[] = [
  { name: 'north', x: SX, z: SZ, yaw: 0 },
  { name: 'east', x: SX, z: SZ, yaw: -Math.PI / 2 },
  { name: 'ahead-back', x: SX, z: SZ - 14, yaw: Math.PI },
]

/** The canvas as raw RGBA (base64 from the page: a plain array would be megabytes of JSON). */
interface Image {
  width: number
  height: number
  rgba: Buffer
}

async function readImage(app: AppPage): Promise<Image> {
  const r = await app.page.evaluate(() => {
    const canvas = window.__worldwalk!.three!.gl.domElement
    const copy = document.createElement('canvas')
    copy.width = canvas.width
    copy.height = canvas.height
    const ctx = copy.getContext('2d', { willReadFrequently: true })!
    ctx.drawImage(canvas, 0, 0)
    const bytes = ctx.getImageData(0, 0, copy.width, copy.height).data
    let s = ''
    for (let i = 0; i < bytes.length; i += 0x8000)
      s += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 0x8000)))
    return { width: copy.width, height: copy.height, b64: btoa(s) }
  })
  return { width: r.width, height: r.height, rgba: Buffer.from(r.b64, 'base64') }
}

/** PSNR of the RGB channels in dB (100 for identical images). */
function psnr(a: Image, b: Image): number {
  expect([a.width, a.height]).toEqual([b.width, b.height])
  let se = 0
  let n = 0
  for (let i = 0; i < a.rgba.length; i += 4) {
    for (let c = 0; c < 3; c++) {
      const d = a.rgba[i + c]! - b.rgba[i + c]!
      se += d * d
    }
    n += 3
  }
  const mse = se / n
  return mse === 0 ? 100 : 10 * Math.log10((255 * 255) / mse)
}

/** The desktop camera's ground position and yaw (DesktopControls sets rotation order YXZ). */
async function desktopPose(app: AppPage): Promise<{ x: number; z: number; yaw: number }> {
  return app.page.evaluate(() => {
    const cam = window.__worldwalk!.three!.camera()
    return { x: cam.position.x, z: cam.position.z, yaw: cam.rotation.y }
  })
}

/**
 * Puts the desktop viewer at a pose the way a view link does (`?pose=`, the app store's goTo),
 * keeping the pitch. T would refuse a pose over water: the lake's shore is ~7 m ahead.
 */
async function goDesktop(app: AppPage, p: GroundPose): Promise<void> {
  await app.page.evaluate(
    ([x, z, yaw]) => {
      const w = window.__worldwalk!
      const pitchDeg = (w.three!.camera().rotation.x * 180) / Math.PI
      w.app.getState().goTo({ x: x!, z: z!, yawDeg: (yaw! * 180) / Math.PI, pitchDeg })
    },
    [p.x, p.z, p.yaw],
  )
  await app.waitForFrames(2)
  const at = await desktopPose(app)
  expect(Math.hypot(at.x - p.x, at.z - p.z), `${p.name}: position`).toBeLessThan(1e-3)
  expect(Math.abs(at.yaw - p.yaw), `${p.name}: yaw`).toBeLessThanOrEqual(LOOK_SENSITIVITY / 2)
}

/** Puts the VR play area at the pose's ground point, turned to its yaw, head at rest on top. */
async function goVR(app: AppPage, p: GroundPose): Promise<void> {
  await app.page.evaluate(
    ([x, z, yaw]) => {
      const o = window.__worldwalkXR!.origin()!
      o.position.set(x!, o.position.y, z!)
      o.rotation.set(0, yaw!, 0)
      const dev = window.__iwer!
      dev.position.set(0, 1.6, 0)
      dev.quaternion.set(0, 0, 0, 1)
      // Controllers held low, pointing at the feet: their rays stay out of the view of the world.
      const down = [-Math.SQRT1_2, 0, 0, Math.SQRT1_2] as const
      for (const [hand, x] of [
        ['right', 0.25],
        ['left', -0.25],
      ] as const) {
        const c = dev.controllers[hand]!
        c.position.set(x, 0.9, 0.1)
        c.quaternion.set(...down)
      }
    },
    [p.x, p.z, p.yaw],
  )
  await app.waitForFrames(3)
}

/**
 * Waits for the world to settle at the current pose, then draws until two looks a few frames
 * apart agree, and returns that image. Spark folds new meshes in and sorts them over the frames
 * it draws (in XR one frame later again: it updates after drawing), and a world that grew or came
 * back from storage while drawing was off has all of that still to do: a fixed count of frames
 * was enough on the desktop and not in VR, where the first look of a restored world once showed
 * only its 32 px level.
 */
async function settledImage(app: AppPage): Promise<Image> {
  await withoutDrawing(app, () => waitForIdle(app, 240_000), 0)
  await app.waitForFrames(4)
  let look = await readImage(app)
  for (let tries = 0; tries < 8; tries++) {
    await app.waitForFrames(3)
    const again = await readImage(app)
    if (psnr(look, again) >= SAME_LOOK_DB) return again
    look = again
  }
  throw new Error('the view kept changing at a pose where the world was idle')
}

function expectWorldIn(app: AppPage, label: string, slices: Slice[]): Promise<void> {
  return slices.reduce(
    (prev, s) => prev.then(async () => expectVisible(await app.canvasStats(s), `${label} ${s.from}`)),
    Promise.resolve(),
  )
}

/**
 * Guards the revisit check against a canvas that stopped updating: different poses must give
 * clearly different images. Also logs how much the first pose changed over the first round (the
 * finer splats seen up close 14 m ahead), which is allowed.
 */
function expectPosesApart(first: Map<string, Image>, label: string, log: string[]): void {
  const north = first.get('north')!
  for (const other of ['east', 'ahead-back']) {
    const db = psnr(north, first.get(other)!)
    log.push(`${label} north vs ${other}: ${db.toFixed(2)} dB`)
    expect(db, `${label}: north and ${other} look alike`).toBeLessThan(25)
  }
}

const WHOLE: Slice[] = [{ from: 0, to: 1 }]
const EYES: Slice[] = [
  { from: 0, to: 0.5 },
  { from: 0.5, to: 1 },
]

/**
 * One round of the poses (each settled, shown to hold a world in every slice, kept as the first
 * look), then a revisit of the first pose: returns the PSNR of the two looks at it that must be
 * the same. Growing the world, the round may legitimately add finer splats (seen up close 14 m
 * ahead), so the first pose is seen again, then after one more trip to the farthest pose: those
 * two must match. A world that was grown whole before (the VR test opens the desktop's) must
 * already match its first look after the round.
 */
async function roundAndRevisit(
  app: AppPage,
  go: (app: AppPage, p: GroundPose) => Promise<void>,
  label: string,
  slices: Slice[],
  firstLook: Map<string, Image>,
  grownBefore: boolean,
): Promise<number> {
  for (const p of POSES) {
    await go(app, p)
    const look = await settledImage(app)
    firstLook.set(p.name, look)
    await expectWorldIn(app, `${label} ${p.name}`, slices)
    // The look itself, not a page screenshot: in VR a screenshot waits out several seconds-long
    // SwiftShader frames, and the canvas is what this test is about.
    await writeLook(`poses-${label}-${p.name}`, look)
  }
  await go(app, POSES[0]!)
  const back = await settledImage(app)
  if (grownBefore) return comparedLooks(label, firstLook.get(POSES[0]!.name)!, back)
  await go(app, POSES[2]!)
  await settledImage(app)
  await go(app, POSES[0]!)
  return comparedLooks(label, back, await settledImage(app))
}

/** PSNR of two looks at one pose; when they differ, both are written out to see how. */
async function comparedLooks(label: string, before: Image, after: Image): Promise<number> {
  const db = psnr(before, after)
  if (db < 40) {
    await writeLook(`poses-${label}-revisit-before`, before)
    await writeLook(`poses-${label}-revisit-after`, after)
  }
  return db
}

/** Writes a look to tests/output/NAME.png. */
async function writeLook(name: string, im: Image): Promise<void> {
  await mkdir(OUTPUT_DIR, { recursive: true })
  await writeFile(join(OUTPUT_DIR, `${name}.png`), encodePng(new Uint8Array(im.rgba), im.width, im.height))
}

/** Where the session asked the model for frames: camera position and frame size, with counts. */
async function requestedFrom(app: AppPage): Promise<string> {
  const log = await app.page.evaluate(() =>
    window.__worldwalk!.world!.session.requestLog.map((r) => ({ p: r.position, size: r.size })),
  )
  const at = new Map<string, number>()
  for (const r of log) {
    const k = `(${r.p.map((v) => v.toFixed(2)).join(', ')}) ${r.size} px`
    at.set(k, (at.get(k) ?? 0) + 1)
  }
  return [...at].map(([k, n]) => `${n} x ${k}`).join('; ')
}

describe('the world at fixed poses', () => {
  let h: Harness
  const psnrs: string[] = []
  /** The desktop test's browser profile: the VR test opens the world it grew and stored. */
  let grown: BrowserContext | undefined

  beforeAll(async () => {
    h = await startHarness()
  })
  afterAll(async () => {
    if (psnrs.length) console.log(psnrs.join('\n'))
    await h?.close()
  })

  it(
    'desktop: every pose shows the world, and the first pose looks the same on a revisit',
    async () => {
      const app = await h.open({ query: `${QUERY}&fresh`, viewport: VIEWPORT })
      await app.waitForFrames(2)
      await waitForWorld(app, (w) => w.frames > 0 && w.hasPanorama, 180_000)
      const firstLook = new Map<string, Image>()
      const db = await roundAndRevisit(app, goDesktop, 'desktop', WHOLE, firstLook, false)
      const calls = (await worldCounters(app)).modelCalls
      psnrs.push(`desktop revisit PSNR ${db.toFixed(2)} dB, ${calls} model calls`)
      psnrs.push(`desktop asked from: ${await requestedFrom(app)}`)
      expect(db).toBeGreaterThanOrEqual(40)
      expectPosesApart(firstLook, 'desktop', psnrs)
      // Stored frames trail the view (each write waits for task turns behind SwiftShader frames).
      await withoutDrawing(app, () => app.page.evaluate(() => window.__worldwalk!.world!.storage!.flush()))
      await app.page.close()
      grown = app.context
    },
    TEST_TIMEOUT_MS,
  )

  it(
    'VR (IWER stereo): both eyes show the world at every pose, the same on a revisit',
    async () => {
      // The world the desktop test grew, from storage (grown here from scratch if that test failed).
      const app = await h.open({
        query: `${QUERY}&emulate`,
        viewport: VIEWPORT,
        context: grown,
      })
      await app.waitForFrames(2)
      await waitForWorld(app, (w) => w.frames + w.restoredFrames > 0 && w.hasPanorama, 180_000)
      await app.page.locator('[data-testid=enter-vr]').click()
      await app.page.waitForFunction(() => window.__worldwalk!.xrViews === 2, null, { timeout: 60_000 })
      const firstLook = new Map<string, Image>()
      const db = await roundAndRevisit(app, goVR, 'vr', EYES, firstLook, grown !== undefined)
      const c = await worldCounters(app)
      psnrs.push(
        `vr revisit PSNR ${db.toFixed(2)} dB, ${c.restoredFrames} frames restored, ${c.modelCalls} model calls`,
      )
      psnrs.push(`vr asked from: ${await requestedFrom(app)}`)
      expect(db).toBeGreaterThanOrEqual(40)
      expectPosesApart(firstLook, 'vr', psnrs)
      // The headset stands where the desktop stood (the head, not one eye 32 mm aside, picks the
      // cell): every frame comes from storage; at most the sky panorama is painted again.
      if (grown) expect(c.modelCalls, 'model calls in VR for places the desktop grew').toBeLessThanOrEqual(1)
    },
    TEST_TIMEOUT_MS,
  )
})
