/**
 * What a walker cannot walk through, in the app: a house's wall and a tree's trunk. The frames say
 * which pixels are buildings and trees, and the ground keeps walkers out of a building's columns
 * (as out of water) and out of columns with tree at body height. Each world opens fresh at the
 * tests' 32 px frames and the walker runs straight ahead until something stops it.
 * - "a village in a green meadow", turned 20 degrees right of the first view, towards a house
 *   ~13 m off in the reference model (the walk meets a wall 23 m on);
 * - "a dense pine forest" with 64 px detail frames, straight ahead from the spawn (trees stand
 *   6-9 m back and close in beyond).
 * Writes tests/output/village-at-a-wall.png and forest-at-a-trunk.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from './harness'
import { WORLD_TEST_QUERY, runUntilStopped, waitForIdle, type WalkerPoll } from './world-support'

describe('walls and trunks on the desktop', () => {
  let h: Harness

  beforeAll(async () => {
    h = await startHarness()
  })
  afterAll(async () => {
    await h?.close()
  })

  /** Opens `prompt` with `extra` query, runs ahead until stopped, and screenshots the stop. */
  async function runInto(
    prompt: string,
    extra: string,
    shot: string,
  ): Promise<{ walked: number; stop: WalkerPoll; seen: WalkerPoll[]; reachedAt: number }> {
    const app = await h.open({
      query: `${WORLD_TEST_QUERY}&fresh&prompt=${encodeURIComponent(prompt)}${extra}`,
    })
    try {
      await app.waitForFrames(2)
      await waitForIdle(app)
      const start = await app.page.evaluate(() => window.__worldwalk!.three!.camera().position.toArray())
      const { seen, reachedAt } = await runUntilStopped(app, 30_000)
      await app.screenshot(shot)
      const stop = seen[seen.length - 1]!
      return { walked: Math.hypot(stop.x - start[0]!, stop.z - start[2]!), stop, seen, reachedAt }
    } finally {
      await app.close()
    }
  }

  it('walks up to a house and stops at its wall, never inside', async () => {
    const { walked, seen, reachedAt } = await runInto(
      'a village in a green meadow',
      '&pose=0,0,-20',
      'village-at-a-wall',
    )
    expect(reachedAt, 'the walker reached a house').toBeLessThan(Infinity)
    // A house of the village, which stands 12-60 m out (the first wall met was 23 m on).
    expect(walked).toBeGreaterThan(6)
    expect(walked).toBeLessThan(40)
    expect(seen.filter((p) => p.onWater && p.inFromBank > 1.5)).toEqual([])
  })

  it('walks up to a tree and stops at its trunk, never through it', async () => {
    // Without the trunk rule the walker ran the whole 30 s through the forest.
    const { walked, stop, reachedAt } = await runInto(
      'a dense pine forest',
      '&detail=64',
      'forest-at-a-trunk',
    )
    expect(reachedAt, 'the walker reached a tree').toBeLessThan(Infinity)
    expect(walked).toBeGreaterThan(3)
    expect(walked).toBeLessThan(40)
    expect(stop.onWater, 'stopped outside the trunk').toBe(false)
  })
})
