import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectVisible, startHarness, type AppPage, type Harness } from './harness'
import {
  WORLD_TEST_QUERY,
  inspectStorage,
  waitForWorld,
  worldFrames,
  waitForIdleUndrawn,
  waitForWorldUndrawn,
} from './world-support'

/** Kills the page's renderer process (what a tab crash or an OOM kill does) and waits for it. */
async function crashRenderer(app: AppPage): Promise<void> {
  const crashed = new Promise<void>((res) => app.page.once('crash', () => res()))
  const cdp = await app.context.newCDPSession(app.page)
  // Page.crash never answers: the process it would answer from is gone.
  void cdp.send('Page.crash').catch(() => undefined)
  await crashed
}

/** A new tab of the same browser profile, on the app (stored world, no ?fresh). */
function reopen(h: Harness, app: AppPage): Promise<AppPage> {
  return h.open({ query: WORLD_TEST_QUERY, context: app.context })
}

describe('a tab killed in the middle of a save', () => {
  let h: Harness
  let app: AppPage

  beforeAll(async () => {
    h = await startHarness()
    // The run's default world, opened from storage.
    app = await h.open({ query: WORLD_TEST_QUERY, seed: true })
    await app.waitForFrames(2)
  })
  afterAll(async () => {
    await h?.close()
  })

  it('reopens the previous version intact when killed inside the version swap', async () => {
    const before = await waitForIdleUndrawn(app)
    const held = await app.page.evaluate(async () => {
      const w = window.__worldwalk!.world!
      await w.storage!.flush()
      window
        .__worldwalk!.app.getState()
        .pickTarget({ point: [0, 0, -150], source: 'other', at: performance.now() })
      // Every commit of a save stays open (uncommitted) until the tab dies: a transaction with
      // requests running does not commit, so the hook keeps one running and never returns.
      let commitsHeld = 0
      window.__worldwalk!.storageHooks.beforeCommit = (tx) => {
        commitsHeld++
        const store = tx.objectStore(tx.objectStoreNames[0]!)
        return new Promise<void>(() => {
          const spin = (): void => void (store.count().onsuccess = spin)
          spin()
        })
      }
      const message = w.command('add a lake over there')
      const start = performance.now()
      while (commitsHeld === 0 && performance.now() - start < 20_000)
        await new Promise((r) => setTimeout(r, 20))
      return { message, held: commitsHeld, version: w.doc.version }
    })
    expect(held.message).toMatch(/lake/i)
    // The kill lands inside the transaction that swaps version 1 for 2.
    expect(held.held).toBe(1)
    expect(held.version).toBe(2)
    await crashRenderer(app)

    app = await reopen(h, app)
    const c = await waitForWorldUndrawn(app, (w) => w.ready && w.restoredFrames > 0)
    const report = await app.page.evaluate(inspectStorage, 'worldwalk')
    expect(report.problems).toEqual([])
    expect(report.worlds).toHaveLength(1)
    expect(report.worlds[0]).toMatchObject({
      version: 1,
      documentVersion: 1,
      listed: worldFrames(before),
      panorama: true,
    })
    // Every frame of version 1 came back (so nothing is asked of the model again).
    expect(c.restoredFrames).toBe(worldFrames(before))
    const session = await app.page.evaluate(() => window.__worldwalk!.world!.session.stats.version)
    expect(session).toBe(1)
    await app.waitForFrames(4)
    expectVisible(await app.canvasStats())
    await app.screenshot('storage-crash-reopened')
  }, 400_000)

  it('reopens whole, old version or new, when killed while an edit streams and saves', async () => {
    // Restored with no model call: the session is idle at once.
    await app.page.waitForTimeout(1000)
    // No hold: the edit's save and the new frames' writes race the kill as they would in life.
    await app.page.evaluate(() => {
      const w = window.__worldwalk!.world!
      window
        .__worldwalk!.app.getState()
        .pickTarget({ point: [40, 0, 150], source: 'other', at: performance.now() })
      w.command('add a hill over there')
    })
    await waitForWorld(app, (w) => w.frames >= 2, 120_000)
    await crashRenderer(app)

    app = await reopen(h, app)
    await waitForWorldUndrawn(app, (w) => w.ready && w.restoredFrames > 0)
    const report = await app.page.evaluate(inspectStorage, 'worldwalk')
    expect(report.problems).toEqual([])
    expect(report.worlds).toHaveLength(1)
    expect([1, 2]).toContain(report.worlds[0]!.version)
    const version = await app.page.evaluate(() => window.__worldwalk!.world!.session.stats.version)
    expect(version).toBe(report.worlds[0]!.version)
  }, 400_000)
})
