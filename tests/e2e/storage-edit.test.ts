import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectVisible, startHarness, type AppPage, type Harness, appUrl } from './harness'
import {
  WORLD_TEST_QUERY,
  worldCounters,
  worldFrames,
  waitForIdleUndrawn,
  waitForWorldUndrawn,
} from './world-support'

type InvalidationModule = typeof import('../../src/core/world/invalidation')

/** A dynamic import the page runs itself (vitest rewrites `import()` inside page.evaluate). */
interface PageImport {
  __import<T>(path: string): Promise<T>
}

/** Far enough (metres) that the lake does not cover the viewer's own cell: some views face away. */
const LAKE_AT: [number, number, number] = [0, 0, -150]

/** The frames the session holds: the version that made each, and its cell, direction and level. */
function frameKeys(app: AppPage): Promise<{ version: number; cell: string; id: string }[]> {
  return app.page.evaluate(() =>
    [...window.__worldwalk!.world!.session.memory.frames()].map(({ key }) => ({
      version: key.worldVersion,
      cell: key.cell.join(','),
      id: `${key.cell.join(',')}/${key.dir}/${key.level}`,
    })),
  )
}

describe('an edit keeps the stored frames it did not touch', () => {
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

  it('after "add a lake over there" and a reload, only frames that meet the lake are asked for', async () => {
    const t0 = Date.now()
    const step = (what: string): void => console.info(`[storage-edit] ${what} at ${Date.now() - t0} ms`)
    const before = await waitForIdleUndrawn(app)
    const frames = worldFrames(before)
    // Frames grown here before the edit (the seeded world should need none): where, if any.
    const grown = await app.page.evaluate(() =>
      window.__worldwalk!.world!.session.requestLog.map((r) => `${r.position.join(',')}/${r.dir}/${r.level}`),
    )
    step(`idle with ${frames} frames; grown here: ${grown.join(' ') || 'none'}`)
    const keysBefore = await frameKeys(app)
    expect(keysBefore.length).toBe(frames)
    expect(before.hasPanorama).toBe(true)
    // Stop streaming so the reload happens before any lake frame is generated: what comes back is
    // exactly what storage carried over from the old version.
    const edit = await app.page.evaluate(async (at) => {
      const w = window.__worldwalk!.world!
      await w.storage!.flush()
      const listedBefore = (await w.storage!.list())[0]!.frames
      w.session.streaming = false
      window.__worldwalk!.app.getState().pickTarget({ point: at, source: 'other', at: performance.now() })
      const message = w.command('add a lake over there')
      await w.storage!.flush()
      const summary = (await w.storage!.list())[0]!
      const doc = w.doc
      const region = doc.regions[doc.regions.length - 1]!
      return {
        message,
        listedBefore,
        version: doc.version,
        footprint: {
          center: [region.center[0], region.center[1]] as [number, number],
          radius: region.radius,
        },
        stored: { version: summary.version, frames: summary.frames },
        storageMessage: w.storage!.message,
      }
    }, LAKE_AT)
    expect(edit.message).toMatch(/lake/i)
    expect(edit.version).toBe(2)
    expect(edit.footprint.center[1]).toBeCloseTo(LAKE_AT[2], 0)
    expect(edit.storageMessage).toBeNull()
    expect(edit.listedBefore).toBe(frames)
    expect(edit.stored.version).toBe(2)
    // Some frames faced the lake and were dropped; the rest were carried over to version 2.
    expect(edit.stored.frames).toBeGreaterThan(0)
    expect(edit.stored.frames).toBeLessThan(frames)

    step(`edited: ${edit.stored.frames} frames carried over`)
    await app.page.goto(appUrl(h.url, WORLD_TEST_QUERY))
    const restored = await waitForWorldUndrawn(app, (w) => w.ready && w.restoredFrames > 0)
    expect(restored.restoredFrames).toBe(edit.stored.frames)
    step('restored')
    const after = await waitForIdleUndrawn(app)
    step(`idle again after ${after.modelCalls} model calls`)
    expect(after.restoredFrames).toBe(edit.stored.frames)
    const check = await app.page.evaluate(async (footprint) => {
      const { keyPredicateFor } = await (globalThis as unknown as PageImport).__import<InvalidationModule>(
        '/src/core/world/invalidation.ts',
      )
      const s = window.__worldwalk!.world!.session
      const geo = s.scheduler.geometry
      const meets = keyPredicateFor([footprint], geo)
      const requests = s.requestLog.map((r) => {
        const cell = geo.grid.cellOf(r.position)
        return {
          version: r.worldVersion,
          cell: cell.join(','),
          id: `${cell.join(',')}/${r.dir}/${r.level}`,
          meets: meets({ worldVersion: r.worldVersion, cell, dir: r.dir, level: r.level }),
        }
      })
      return { version: s.stats.version, requests, hasPanorama: s.stats.hasPanorama }
    }, edit.footprint)
    expect(check.version).toBe(2)
    // The sky was kept (the lake is not far field): no panorama call.
    expect(check.hasPanorama).toBe(true)
    expect(check.requests.length).toBe(after.modelCalls)
    expect(after.modelCalls).toBeGreaterThan(0)
    expect(check.requests.filter((r) => !r.meets)).toEqual([])
    expect(check.requests.every((r) => r.version === 2)).toBe(true)
    // Exactly the dropped frames are made again, in the cells the viewer asked from (it did not
    // move). Counted per cell: a seeded world can hold a frame from the cell of the eye's default
    // height, taken before the ground was known, which nobody standing on the ground asks for.
    // Carried frames keep the key of the version that made them; new ones are of version 2.
    const carried = new Set((await frameKeys(app)).filter((k) => k.version < 2).map((k) => k.id))
    expect(carried.size).toBe(edit.stored.frames)
    const cells = new Set(check.requests.map((r) => r.cell))
    const dropped = keysBefore.filter((k) => cells.has(k.cell) && !carried.has(k.id)).map((k) => k.id)
    expect(check.requests.map((r) => r.id).sort()).toEqual(dropped.sort())
    step(
      `${frames - keysBefore.filter((k) => cells.has(k.cell)).length} stored frames outside the viewer's cell`,
    )
    await app.waitForFrames(4)
    expectVisible(await app.canvasStats())
    await app.screenshot('storage-edit-reloaded')
  }, 420_000)

  it('the regenerated lake frames are stored too: a second reload asks the model for nothing', async () => {
    const c = await worldCounters(app)
    await app.page.evaluate(() => window.__worldwalk!.world!.storage!.flush())
    await app.page.goto(appUrl(h.url, WORLD_TEST_QUERY))
    const back = await waitForWorldUndrawn(app, (w) => w.ready && w.restoredFrames > 0)
    expect(back.restoredFrames).toBe(c.restoredFrames + c.frames)
    await app.page.waitForTimeout(1500)
    expect((await worldCounters(app)).modelCalls).toBe(0)
  }, 240_000)
})
