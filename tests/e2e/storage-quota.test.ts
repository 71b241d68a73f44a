import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectVisible, startHarness, type AppPage, type Harness, appUrl } from './harness'
import {
  WORLD_TEST_QUERY,
  inspectStorage,
  waitForWorld,
  worldFrames,
  waitForIdleUndrawn,
  waitForWorldUndrawn,
} from './world-support'

/**
 * TEST DOUBLE, and why: Chromium's `Storage.overrideQuotaForOrigin` (CDP) does nothing in the
 * Chromium this project tests with (156, headless): measured with a page writing 500 KB of
 * IndexedDB blobs under a 0-byte override, every write committed. A full disk cannot be made
 * here either. So the page's IndexedDB is given a quota the way Chromium enforces one: a write
 * transaction that would take the origin past it commits nothing and aborts with a
 * QuotaExceededError; deleting records gives room back. Everything else (the database, the
 * app, the store's recovery) is the real thing. Installed at run time: `free` bytes from now on.
 */
function installQuota(free: number): void {
  const w = window as unknown as { __quota: { free: number; refused: number } }
  w.__quota = { free, refused: 0 }
  const sizeOf = (v: unknown): number => {
    if (v instanceof Blob) return v.size
    if (ArrayBuffer.isView(v)) return v.byteLength
    if (Array.isArray(v)) return v.reduce((n: number, x) => n + sizeOf(x), 16)
    if (v && typeof v === 'object') return Object.values(v).reduce((n: number, x) => n + sizeOf(x) + 8, 16)
    return typeof v === 'string' ? v.length * 2 : 8
  }
  const refusedTx = new WeakSet<IDBTransaction>()
  // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be called with .call(this)
  const put = IDBObjectStore.prototype.put
  IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
    const req = put.call(this, value, key)
    const cost = sizeOf(value)
    if (cost > w.__quota.free) {
      const tx = this.transaction
      if (!refusedTx.has(tx)) {
        refusedTx.add(tx)
        w.__quota.refused++
        // Chromium refuses at commit: the whole transaction aborts, nothing of it is written.
        req.addEventListener('success', () => tx.abort())
        req.addEventListener('error', () => undefined)
      }
    } else w.__quota.free -= cost
    return req
  }
  // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be called with .call(this)
  const errorGetter = Object.getOwnPropertyDescriptor(IDBTransaction.prototype, 'error')!.get!
  Object.defineProperty(IDBTransaction.prototype, 'error', {
    configurable: true,
    get(this: IDBTransaction) {
      if (refusedTx.has(this)) return new DOMException('Quota exceeded (test double)', 'QuotaExceededError')
      return errorGetter.call(this) as DOMException | null
    },
  })
  // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be called with .call(this)
  const cursorDelete = IDBCursor.prototype.delete
  IDBCursor.prototype.delete = function (this: IDBCursorWithValue) {
    w.__quota.free += sizeOf(this.value)
    return cursorDelete.call(this)
  }
}

describe('storage full: frames go first, the world document is kept', () => {
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

  it('tells the person, drops frames to save the edit, and keeps running', async () => {
    const idle = await waitForIdleUndrawn(app)
    await app.page.evaluate(() => window.__worldwalk!.world!.storage!.flush())
    const stored = await app.page.evaluate(inspectStorage, 'worldwalk')
    expect(stored.worlds).toEqual([expect.objectContaining({ version: 1, listed: worldFrames(idle) })])
    // The disk is full from here on: not one more byte.
    await app.page.evaluate(installQuota, 0)

    // An edit: its record must be written, so stored frames are deleted to make room.
    const edit = await app.page.evaluate(async () => {
      const w = window.__worldwalk!.world!
      window
        .__worldwalk!.app.getState()
        .pickTarget({ point: [0, 0, -150], source: 'other', at: performance.now() })
      const message = w.command('add a lake over there')
      await w.storage!.flush()
      const q = (window as unknown as { __quota: { free: number; refused: number } }).__quota
      return { message, version: w.doc.version, refused: q.refused, storageMessage: w.storage!.message }
    })
    expect(edit.message).toMatch(/lake/i)
    expect(edit.version).toBe(2)
    expect(edit.refused).toBeGreaterThanOrEqual(2)
    expect(edit.storageMessage).toMatch(
      /^Storage is full: new frames are no longer saved\. Your world is kept/,
    )
    // The app's status line shows it to the person.
    await expect
      .poll(() => app.page.evaluate(() => window.__worldwalk!.app.getState().world.message), {
        timeout: 10_000,
      })
      .toBe(edit.storageMessage)
    const report = await app.page.evaluate(inspectStorage, 'worldwalk')
    expect(report.problems).toEqual([])
    // The document is saved at the edit's version; the frames made way for it.
    expect(report.worlds).toEqual([expect.objectContaining({ version: 2, documentVersion: 2, listed: 0 })])

    // The app keeps running: the lake streams in (from the model, no longer stored).
    const c2 = await waitForWorld(app, (w) => w.frames >= idle.frames + 2, 120_000)
    expect(c2.splats).toBeGreaterThan(0)
    await app.waitForFrames(4)
    expectVisible(await app.canvasStats())
    await app.screenshot('storage-quota-full')
  }, 400_000)

  it('after a reload (room again) the edited world opens at its new version', async () => {
    await app.page.goto(appUrl(h.url, WORLD_TEST_QUERY))
    await waitForWorldUndrawn(app, (w) => w.ready && w.frames + w.restoredFrames >= 1, 120_000)
    const opened = await app.page.evaluate(() => {
      const w = window.__worldwalk!.world!
      return { version: w.session.stats.version, docVersion: w.doc.version }
    })
    expect(opened).toEqual({ version: 2, docVersion: 2 })
  }, 300_000)
})
