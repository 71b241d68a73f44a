/**
 * A village's houses in the app: a walker stops at a house's wall instead of walking through it
 * (the frames say which pixels are buildings, and the ground keeps walkers off those columns as
 * off water). The world opens turned 20 degrees right of the first view, towards a house ~13 m
 * off in the reference model's "a village in a green meadow" (at the tests' 32 px frames the walk
 * meets a wall 23 m on).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type AppPage, type Harness } from './harness'
import { WORLD_TEST_QUERY, runUntilStopped, waitForIdle } from './world-support'

describe('a village on the desktop', () => {
  let h: Harness
  let app: AppPage

  beforeAll(async () => {
    h = await startHarness()
    const prompt = encodeURIComponent('a village in a green meadow')
    app = await h.open({ query: `${WORLD_TEST_QUERY}&fresh&prompt=${prompt}&pose=0,0,-20` })
    await app.waitForFrames(2)
  })
  afterAll(async () => {
    await h?.close()
  })

  it('walks up to a house and stops at its wall, never inside', async () => {
    await waitForIdle(app)
    const start = await app.page.evaluate(() => window.__worldwalk!.three!.camera().position.toArray())
    const { seen, reachedAt } = await runUntilStopped(app, 30_000)
    await app.screenshot('village-at-a-wall')
    expect(reachedAt, 'the walker reached a house').toBeLessThan(Infinity)
    const stop = seen[seen.length - 1]!
    // A house of the village, which stands 12-60 m out (the first wall met was 23 m on).
    const walked = Math.hypot(stop.x - start[0]!, stop.z - start[2]!)
    expect(walked).toBeGreaterThan(6)
    expect(walked).toBeLessThan(40)
    expect(seen.filter((p) => p.onWater && p.inFromBank > 1.5)).toEqual([])
  })
})
