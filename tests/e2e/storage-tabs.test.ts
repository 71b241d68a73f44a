import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from './harness'
import { inspectStorage } from './world-support'

type StoreModule = typeof import('../../src/storage/world-store')
type StreamModule = typeof import('../../src/core/stream')

/** A dynamic import the page runs itself (vitest rewrites `import()` inside page.evaluate). */
interface PageImport {
  __import: <T>(path: string) => Promise<T>
}

const DB = 'two-tabs'
const WORLD = 'wshared'

/**
 * Installs `window.tab` in a page: a WorldStore on the shared database and helpers that save a
 * world version (document at that version) and bursts of frames in cells of the tab's own band,
 * so the test can tell afterwards whose frames a manifest lists.
 */
async function setUpTab(page: Page, band: number): Promise<void> {
  await page.evaluate(
    async ({ db, world, band }) => {
      const imp = (globalThis as unknown as PageImport).__import
      const { WorldStore } = await imp<StoreModule>('/src/storage/world-store.ts')
      const { FrameScheduler } = await imp<StreamModule>('/src/core/stream/index.ts')
      const store = await WorldStore.open(db)
      const geometry = new FrameScheduler().geometry
      const spec = (version: number, author: string) => ({
        id: world,
        prompt: 'a shared valley',
        version,
        regions: [
          {
            id: 'r0',
            center: [0, 0] as [number, number],
            radius: 300,
            style: new Float32Array([0.2]),
            seed: 3,
          },
        ],
        document: {
          format: 'worldwalk-world',
          schemaVersion: 1,
          version,
          regions: [],
          log: [{ version, time: 0, description: author, edit: { kind: 'undo' } }],
        } as unknown as NonNullable<Parameters<typeof store.saveWorld>[0]['document']>,
      })
      const frame = (version: number) => ({
        requestId: 0,
        pose: {
          position: [0, 1.6, 0] as [number, number, number],
          rotation: [0, 0, 0, 1] as [number, number, number, number],
        },
        camera: { model: 'perspective' as const, width: 8, height: 8, fovYDeg: 90 },
        worldVersion: version,
        modelId: 'm',
        modelMs: 1,
        rgba: Uint8Array.from({ length: 256 }, (_, i) => (i * 31 + band) % 251),
        depth: new Float32Array(64).fill(band),
      })
      const tab = {
        store,
        version: 1,
        /** Saves version `v` written by this tab; a far-away footprint, so frames carry over. */
        save: (v: number) =>
          store.saveWorld(spec(v, `tab ${band}`), {
            footprints: [{ center: [5000, 5000], radius: 10 }],
            geometry,
            keepPanorama: true,
          }),
        /** Saves version `v` from a store opened now: a tab that never saw the newer version. */
        async saveAsNewTab(v: number) {
          const other = await WorldStore.open(db)
          const ok = await other.saveWorld(spec(v, `late tab ${band}`))
          const message = other.message
          other.close()
          return { ok, message }
        },
        /** `n` frames at version `v`, in cells x = band*1000 + i. */
        async frames(v: number, n: number, from = 0) {
          const w = spec(v, `tab ${band}`)
          for (let i = from; i < from + n; i++) {
            void store.saveFrame(
              w,
              { worldVersion: v, cell: [band * 1000 + i, 0, 0], dir: 0, level: 0 },
              frame(v),
            )
            // Interleave with the other tab's writes rather than queueing everything at once.
            if (i % 5 === 4) await new Promise((r) => setTimeout(r, 10))
          }
          await store.flush()
        },
      }
      ;(window as unknown as { tab: typeof tab }).tab = tab
    },
    { db: DB, world: WORLD, band },
  )
}

interface Tab {
  tab: {
    store: import('../../src/storage/world-store').WorldStore
    save(v: number): Promise<boolean>
    frames(v: number, n: number, from?: number): Promise<void>
    saveAsNewTab(v: number): Promise<{ ok: boolean; message: string | null }>
  }
}

describe('two tabs on one world (Web Locks, stale saves refused)', () => {
  let h: Harness
  let a: Page
  let b: Page
  let winnerPage: Page
  let loserPage: Page

  beforeAll(async () => {
    h = await startHarness()
    const context = await h.browser.newContext()
    await context.addInitScript('globalThis.__name = (f) => f')
    await context.addInitScript('globalThis.__import = (p) => import(p)')
    a = await context.newPage()
    b = await context.newPage()
    await a.goto(new URL('/favicon.svg', h.url).href)
    await b.goto(new URL('/favicon.svg', h.url).href)
    await setUpTab(a, 1)
    await setUpTab(b, 2)
  })
  afterAll(async () => {
    await h?.close()
  })

  it('both tabs stream frames into one world at once: every frame of both is listed, and exists', async () => {
    expect(await a.evaluate(() => (window as unknown as Tab).tab.save(1))).toBe(true)
    await Promise.all([
      a.evaluate(() => (window as unknown as Tab).tab.frames(1, 40)),
      b.evaluate(() => (window as unknown as Tab).tab.frames(1, 40)),
    ])
    const report = await a.evaluate(inspectStorage, DB)
    expect(report.problems).toEqual([])
    expect(report.worlds).toEqual([
      expect.objectContaining({ id: WORLD, version: 1, documentVersion: 1, listed: 80 }),
    ])
  })

  it('two edits to the same version at once: one wins, the other is refused and writes nothing', async () => {
    const [savedA, savedB] = await Promise.all([
      a.evaluate(() => (window as unknown as Tab).tab.save(2)),
      b.evaluate(() => (window as unknown as Tab).tab.save(2)),
    ])
    expect([savedA, savedB].sort()).toEqual([false, true])
    const [winner, loser] = savedA ? [a, b] : [b, a]
    const winnerBand = savedA ? 1 : 2
    expect(await loser.evaluate(() => (window as unknown as Tab).tab.store.message)).toMatch(/another tab/)
    expect(await winner.evaluate(() => (window as unknown as Tab).tab.store.message)).toBeNull()
    // Both go on streaming their own version 2; only the winner's frames belong to the stored one.
    await Promise.all([
      winner.evaluate(() => (window as unknown as Tab).tab.frames(2, 20, 100)),
      loser.evaluate(() => (window as unknown as Tab).tab.frames(2, 20, 100)),
    ])
    const report = await a.evaluate(inspectStorage, DB)
    expect(report.problems).toEqual([])
    expect(report.worlds).toEqual([expect.objectContaining({ version: 2, documentVersion: 2, listed: 100 })])
    const listed = await a.evaluate(
      async ({ db, world }) => {
        const d = await new Promise<IDBDatabase>((res) => {
          const r = indexedDB.open(db)
          r.onsuccess = () => res(r.result)
        })
        const get = <T>(store: string, key: string) =>
          new Promise<T>((res) => {
            const r = d.transaction(store).objectStore(store).get(key)
            r.onsuccess = () => res(r.result as T)
          })
        const rec = await get<{ manifest: number; document: { log: { description: string }[] } }>(
          'worlds',
          world,
        )
        const m = await get<{ frames: string[] }>('manifests', `${world}@${rec.manifest}`)
        d.close()
        return { author: rec.document.log[0]!.description, frames: m.frames }
      },
      { db: DB, world: WORLD },
    )
    expect(listed.author).toBe(`tab ${winnerBand}`)
    const bands = listed.frames
      .map((id) => /\/v2:(\d+),/.exec(id))
      .filter((m) => m !== null)
      .map((m) => Math.floor(Number(m[1]) / 1000))
    expect(bands).toEqual(new Array<number>(20).fill(winnerBand))
    // The loser's lineage has split from the stored one: it saves nothing more of this world.
    expect(await loser.evaluate(() => (window as unknown as Tab).tab.save(3))).toBe(false)
    loserPage = loser
    winnerPage = winner
  })

  it('an older version written over a newer one is refused; the newer one stays', async () => {
    const report0 = await a.evaluate(inspectStorage, DB)
    const v = report0.worlds[0]!.version
    expect(v).toBe(2)
    const older = await a.evaluate((ver) => (window as unknown as Tab).tab.saveAsNewTab(ver - 1), v)
    expect(older).toEqual({ ok: false, message: expect.stringMatching(/another tab/) as unknown })
    const newer = await winnerPage.evaluate((ver) => (window as unknown as Tab).tab.save(ver + 1), v)
    expect(newer).toBe(true)
    expect(await loserPage.evaluate(() => (window as unknown as Tab).tab.save(9))).toBe(false)
    const report = await a.evaluate(inspectStorage, DB)
    expect(report.problems).toEqual([])
    // Version 3 carried every frame over (its footprint is far away).
    expect(report.worlds).toEqual([
      expect.objectContaining({ version: v + 1, documentVersion: v + 1, listed: 100 }),
    ])
  })
})
