/**
 * The desktop app growing its world from scratch: the worker on wasm, frames lifted into splats
 * and drawn, quiet once covered, every frame stored; a reload brings it back with no model call;
 * walking, turning, targeting and teleporting on it; a 3 km walk by teleport hops, reopened from
 * storage at its end with no model call; a new world from the prompt bar that survives
 * a worker crash. This is the one file that grows the default world on purpose (and offers it to
 * the others, see harness.ts offerDefaultWorld); most other files start from a stored copy.
 */
import { CellGrid } from '../../src/core/stream'
import { SPAWN_XZ } from '../../src/core/world/spawn'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  expectVisible,
  offerDefaultWorld,
  startHarness,
  viewChange,
  type AppPage,
  type Harness,
  type PixelStats,
  appUrl,
} from './harness'
import {
  WORLD_TEST_QUERY,
  runUntilStopped,
  waitForIdle,
  waitForWorld,
  walkedDeeperIn,
  worldCounters,
} from './world-support'

/** Reads the desktop camera's world position and yaw (radians) through the ?test hook. */
async function cameraPose(app: AppPage): Promise<{ x: number; y: number; z: number; yaw: number }> {
  return app.page.evaluate(() => {
    const cam = window.__worldwalk!.three!.camera()
    return { x: cam.position.x, y: cam.position.y, z: cam.position.z, yaw: cam.rotation.y }
  })
}

/** Splats in pages whose centre lies within `r` metres of (x, z), and the learnt ground there. */
async function splatsAround(
  app: AppPage,
  x: number,
  z: number,
  r: number,
): Promise<{ splats: number; ground: number | null }> {
  return app.page.evaluate(
    ([x, z, r]) => {
      const s = window.__worldwalk!.world!.session
      let splats = 0
      for (const id of s.store.pageIds()) {
        const p = s.store.page(id)!
        const size = s.store.pageSize
        if (Math.hypot((p.cx + 0.5) * size - x, (p.cz + 0.5) * size - z) < r) splats += p.batch.count
      }
      return { splats, ground: s.ground.knownHeightAt(x, z) }
    },
    [x, z, r] as const,
  )
}

/** Sky above, ground below: how much the top and bottom rows of the view differ (0-255). */
function skyOverGround(stats: PixelStats): number {
  const top = stats.grid.slice(0, 16).reduce((a, b) => a + b) / 16
  const bottom = stats.grid.slice(-16).reduce((a, b) => a + b) / 16
  return Math.abs(top - bottom)
}

describe('generated world on the desktop', () => {
  let h: Harness
  let app: AppPage

  beforeAll(async () => {
    h = await startHarness()
    app = await h.open({ query: `${WORLD_TEST_QUERY}&fresh`, allowErrors: [/crash drill/] })
    await app.waitForFrames(2)
  })
  afterAll(async () => {
    await h?.close()
  })

  it('starts the worker source on wasm and shows it in the status line', async () => {
    const c = await waitForWorld(app, (w) => w.source === 'worker' && w.backend !== null)
    expect(c.backend).toBe('wasm')
    await expect
      .poll(() => app.page.textContent('[data-testid=status]'), { timeout: 30_000 })
      .toMatch(/worker · wasm · /)
  })

  it('is cross-origin isolated and shows the shell', async () => {
    expect(await app.page.evaluate(() => crossOriginIsolated)).toBe(true)
    expect(await app.page.isDisabled('[data-testid=prompt]')).toBe(false)
    expect(await app.page.inputValue('[data-testid=prompt]')).toBe(
      'a misty pine forest with a river at sunset',
    )
  })

  it('receives frames, lifts them into splats and draws a non-blank, varied world', async () => {
    const c = await waitForWorld(app, (w) => w.frames >= 22 && w.splats > 1000 && w.hasPanorama)
    expect(c.splats).toBeGreaterThan(1000)
    await app.waitForFrames(4)
    const stats = await app.canvasStats()
    expectVisible(stats)
    expect(skyOverGround(stats)).toBeGreaterThan(15)
    await app.screenshot('world-desktop')
    expect(await app.page.textContent('[data-testid=status]')).toMatch(/splats/)
  })

  it('goes quiet once the surroundings are covered (no request loop), every frame stored', async () => {
    const idle = await waitForIdle(app)
    expect(idle.frames).toBeGreaterThanOrEqual(22)
    await app.page.waitForTimeout(1500)
    expect((await worldCounters(app)).modelCalls).toBe(idle.modelCalls)
    const written = await app.page.evaluate(async () => {
      const storage = window.__worldwalk!.world!.storage!
      await storage.flush()
      return storage.framesWritten
    })
    // Every tile frame plus the sky panorama.
    expect(written).toBe(idle.frames + 1)
    await offerDefaultWorld(app)
  })

  it('draws the splats themselves, not only the sky panorama behind them', async () => {
    // The panorama's ground pixels look like a world on their own: hiding every splat mesh must
    // change the picture, or Spark is drawing nothing (as when a page's packed array was too short).
    await app.waitForFrames(4)
    const withSplats = await app.canvasStats()
    const counts = await app.page.evaluate(() => {
      const n: number[] = []
      window.__worldwalk!.three!.scene.getObjectByName('splat-pages')!.traverse((o) => {
        if (o.name === 'splat-group') {
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
        if (o.name === 'splat-group') o.visible = true
      })
    })
  })

  it('brings the world back after a reload with zero model calls', async () => {
    const before = await worldCounters(app)
    // Same page, without ?fresh: the stored world is the current one.
    await app.page.goto(appUrl(h.url, WORLD_TEST_QUERY))
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

  it('walks forward with W and sideways with D, at eye height over the ground', async () => {
    await app.waitForFrames(6)
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

  it('refuses T onto the river it targeted; teleports with T onto land, at eye height over the ground there', async () => {
    // The click landed on the river (its surface at 0 m, which the walkers' ground knows is water
    // from the frames' materials): T does nothing there.
    const before = await cameraPose(app)
    const river = await app.page.evaluate(() => window.__worldwalk!.app.getState().target!.point)
    expect(
      await app.page.evaluate(([x, z]) => window.__worldwalk!.world!.session.ground.isWater(x, z), [
        river[0],
        river[2],
      ] as const),
    ).toBe(true)
    await app.page.keyboard.press('KeyT')
    await app.waitForFrames(3)
    const stayed = await cameraPose(app)
    expect(Math.hypot(stayed.x - before.x, stayed.z - before.z)).toBeLessThan(0.01)
    // And says why, instead of doing nothing silently.
    expect(await app.page.evaluate(() => window.__worldwalk!.app.getState().world.message)).toMatch(
      /target is on water/,
    )
    // A target on the bank behind the viewer (land the frames have seen).
    const target = await app.page.evaluate(
      ([x, z]) => {
        const w = window.__worldwalk!
        const ground = w.world!.session.ground
        const at = { x: x - 2, z: z + 3 }
        if (ground.isWater(at.x, at.z)) throw new Error("the test's bank target is water")
        const point: [number, number, number] = [at.x, ground.knownHeightAt(at.x, at.z)!, at.z]
        w.app.getState().pickTarget({ point, source: 'mouse', at: performance.now() })
        return point
      },
      [before.x, before.z] as const,
    )
    await app.page.keyboard.press('KeyT')
    await app.waitForFrames(3)
    const after = await cameraPose(app)
    expect(Math.hypot(after.x - target[0], after.z - target[2])).toBeLessThan(0.3)
    expect(after.y - target[1]).toBeGreaterThan(1.2)
    expect(after.y - target[1]).toBeLessThan(2.2)
  })

  it('walks up to the river and stops at its bank, sliding along it, never deeper (the frames say where the water is)', async () => {
    const { seen, reachedAt } = await runUntilStopped(app, 30_000)
    expect(reachedAt, 'the walker reached the bank').toBeLessThan(Infinity)
    expect(walkedDeeperIn(seen)).toEqual([])
    await app.screenshot('desktop-at-the-bank')
  })

  it('copies a link to this view from the menu; the link opens the same world at the same viewpoint', async () => {
    await app.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.url })
    const here = await cameraPose(app)
    await app.page.keyboard.press('KeyM')
    const menu = app.page.locator('[data-testid=menu]')
    await menu.getByRole('tab', { name: 'World', exact: true }).click()
    await menu.getByRole('button', { name: 'Copy link to this view' }).click()
    await app.page.keyboard.press('KeyM')
    const message = () => app.page.evaluate(() => window.__worldwalk!.app.getState().world.message ?? '')
    await expect.poll(message).toMatch(/^copied a link to this view: /)
    const link = (await message()).replace(/^copied a link to this view: /, '')
    expect(await app.page.evaluate(() => navigator.clipboard.readText())).toBe(link)
    const url = new URL(link)
    expect(url.searchParams.get('prompt')).toBe('a misty pine forest with a river at sunset')
    expect(url.searchParams.has('fresh')).toBe(false)
    const [x, z, yaw] = url.searchParams.get('pose')!.split(',').map(Number) as [number, number, number]
    expect(Math.abs(x - here.x)).toBeLessThan(0.006)
    expect(Math.abs(z - here.z)).toBeLessThan(0.006)
    expect(Math.abs(yaw - (here.yaw * 180) / Math.PI)).toBeLessThan(0.06)

    // Walk away and turn, then open the link: the same world (from storage) at the same place.
    await app.page.evaluate(() =>
      window.__worldwalk!.app.getState().goTo({ x: -20, z: 15, yawDeg: 120, pitchDeg: 0 }),
    )
    await app.waitForFrames(2)
    expect((await cameraPose(app)).x).toBeCloseTo(-20, 5)
    await app.page.goto(link)
    const c = await waitForWorld(app, (w) => w.ready && w.restoredFrames > 0 && w.splats > 0)
    await app.waitForFrames(4)
    const there = await cameraPose(app)
    expect(Math.abs(there.x - here.x)).toBeLessThan(0.006)
    expect(Math.abs(there.z - here.z)).toBeLessThan(0.006)
    expect(Math.abs(there.yaw - here.yaw)).toBeLessThan(0.001)
    expect(Math.abs(there.y - here.y)).toBeLessThan(0.3)
    expect(c.restoredFrames).toBeGreaterThan(0)
    await app.screenshot('desktop-view-link')

    // A link the app cannot read says so and opens at the spawn.
    await app.page.goto(appUrl(h.url, `${WORLD_TEST_QUERY}&pose=12,oops,3`))
    await waitForWorld(app, (w) => w.ready && w.restoredFrames > 0)
    await expect.poll(message).toMatch(/\?pose= ignored: "oops" in "12,oops,3" is not a number/)
    const spawn = await cameraPose(app)
    expect(Math.hypot(spawn.x - SPAWN_XZ[0], spawn.z - SPAWN_XZ[1])).toBeLessThan(0.01)
  })

  it('walks 3 km out by teleport hops, world grown at every stop, and reopens the last stop from storage', async () => {
    // Past the 2 km the reference model's fields once covered (#14): the fields are prepared for
    // the tile the viewer stands in, the ground under them is probed before any frame is asked.
    const [tx, tz, yawDeg] = [3000, -1500, 40]
    const stops = 5
    let before = await worldCounters(app)
    let grownAtLast = 0
    for (let i = 1; i <= stops; i++) {
      const x = SPAWN_XZ[0] + ((tx - SPAWN_XZ[0]) * i) / stops
      const z = SPAWN_XZ[1] + ((tz - SPAWN_XZ[1]) * i) / stops
      await app.page.evaluate(
        ([x, z, yawDeg]) => window.__worldwalk!.app.getState().goTo({ x, z, yawDeg, pitchDeg: 0 }),
        [x, z, yawDeg] as const,
      )
      const now = await waitForIdle(app, 180_000)
      grownAtLast = now.frames - before.frames
      expect(grownAtLast, `frames grown at stop ${i} (${x.toFixed(0)}, ${z.toFixed(0)})`).toBeGreaterThan(10)
      before = now
      const seen = await splatsAround(app, x, z, 100)
      expect(seen.ground, `ground under stop ${i}`).not.toBeNull()
      expect(seen.splats, `splats within 100 m of stop ${i}`).toBeGreaterThan(1000)
      await app.waitForFrames(2)
      const view = await app.canvasStats()
      expectVisible(view, `stop ${i}`)
      expect(skyOverGround(view), `stop ${i}`).toBeGreaterThan(10)
    }
    const here = await cameraPose(app)
    expect(Math.hypot(here.x - tx, here.z - tz)).toBeLessThan(0.01)
    const seen = await app.page.evaluate(() => {
      const s = window.__worldwalk!.world!.session
      return { ground: s.ground.knownHeightAt(3000, -1500), panorama: s.panorama?.pose.position ?? null }
    })
    // Standing on it at eye height (the spawn's eye is at 2.6 m; the ground here is not at 1 m).
    expect(here.y - seen.ground!).toBeGreaterThan(1.2)
    expect(here.y - seen.ground!).toBeLessThan(2.2)
    // The sky panorama was taken again out on the walk (once 1 km from where it was last taken):
    // from the spawn its far land stood 3 km off.
    expect(Math.hypot(seen.panorama![0] - tx, seen.panorama![2] - tz)).toBeLessThan(1000)
    expect(Math.hypot(seen.panorama![0] - SPAWN_XZ[0], seen.panorama![2] - SPAWN_XZ[1])).toBeGreaterThan(2000)
    await app.waitForFrames(4)
    const there = await app.canvasStats()
    await app.screenshot('desktop-3km-out')

    // The menu's "Export area: everything explored": every frame of the walk, most of them away
    // in storage by now, lifted again in the export worker; not just the splats resident here.
    const exported = await app.page.evaluate(async () => {
      const w = window.__worldwalk!
      w.app
        .getState()
        .fileActions.find((a) => a.id === 'export-area')!
        .run()
      const r = await w.world!.files.exportAs('spz')
      const s = w.world!.session
      return (
        r && {
          splats: r.splats!,
          frames: r.frames!,
          resident: s.store.count,
          held: s.memory.size + s.memory.awaySize,
        }
      )
    })
    expect(exported).not.toBeNull()
    expect(exported!.frames).toEqual({ lifted: exported!.held, missing: 0 })
    expect(exported!.splats).toBeGreaterThan(2 * exported!.resident)

    // A link to the last stop: the world there comes back from storage, with no model call.
    await app.page.evaluate(() => window.__worldwalk!.world!.storage!.flush())
    const total = before.frames
    await app.page.goto(appUrl(h.url, `${WORLD_TEST_QUERY}&pose=${tx},${tz},${yawDeg}`))
    const back = await waitForIdle(app, 180_000)
    expect(back.modelCalls).toBe(0)
    // Only the frames around where the link opens are read (this stop's and the one before's);
    // the spawn's and the first stops' wait in storage.
    expect(back.restoredFrames).toBeGreaterThanOrEqual(grownAtLast)
    expect(back.restoredFrames).toBeLessThan(total)
    const awayAtLastStop = await app.page.evaluate(() => window.__worldwalk!.world!.session.memory.awaySize)
    expect(awayAtLastStop).toBeGreaterThan(10)
    await app.waitForFrames(4)
    expect(viewChange(there, await app.canvasStats())).toBeLessThan(8)

    // Back to the spawn, where the next test grows a new world and looks at it: its frames are
    // read back from storage and lifted, not asked of the model.
    await app.page.evaluate(
      ([x, z]) => window.__worldwalk!.app.getState().goTo({ x, z, yawDeg: 0, pitchDeg: 0 }),
      SPAWN_XZ,
    )
    const home = await waitForIdle(app)
    expect(home.frames).toBe(0)
    const near = await splatsAround(app, SPAWN_XZ[0], SPAWN_XZ[1], 100)
    // Every frame around the spawn is back in memory: none of them is still away. (Comparing the
    // away counts at the two places instead flaked: how many frames each place holds depends on
    // when the walk moved on.)
    const awayNearHome = await app.page.evaluate(
      ([x, z, cell]) => {
        const near = (c: readonly number[]): boolean => Math.hypot(c[0]! * cell - x, c[2]! * cell - z) < 100
        return window.__worldwalk!.world!.session.memory.awayKeys((k) => near(k.cell)).length
      },
      [...SPAWN_XZ, new CellGrid().cellSize] as const,
    )
    expect(awayNearHome).toBe(0)
    expect(near.splats, `counters at home: ${JSON.stringify(home)}`).toBeGreaterThan(1000)
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
})
