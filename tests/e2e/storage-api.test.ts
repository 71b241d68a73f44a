import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from './harness'

type StoreModule = typeof import('../../src/storage/world-store')
type SchemaModule = typeof import('../../src/storage/schema')

/** What the page imports: the real modules, served by vite's dev server. */
const MODULES = { store: '/src/storage/world-store.ts', schema: '/src/storage/schema.ts' }

/**
 * A dynamic import the page runs itself: vitest rewrites `import()` inside functions handed to
 * page.evaluate into its own SSR loader, so the page gets a plain one from an init script.
 */
interface PageImport {
  __import<T>(path: string): Promise<T>
}
const PAGE_IMPORT_SCRIPT = 'globalThis.__import = (p) => import(p)'

/**
 * WorldStore in a real Chromium page with real IndexedDB. The page is a static file of the dev
 * server (same origin as the app, none of the app's own storage traffic), so each test owns the
 * database it names.
 */
describe('WorldStore in the browser: schema migration and the gallery API', () => {
  let h: Harness
  let page: Page

  beforeAll(async () => {
    h = await startHarness()
    const context = await h.browser.newContext()
    await context.addInitScript('globalThis.__name = (f) => f')
    await context.addInitScript(PAGE_IMPORT_SCRIPT)
    page = await context.newPage()
    await page.goto(new URL('/favicon.svg', h.url).href)
  })
  afterAll(async () => {
    await h?.close()
  })

  it('migrates a hand-made v1 database: the world keeps its frames and gains a name', async () => {
    const out = await page.evaluate(async (mods) => {
      const { WorldStore } = await (globalThis as unknown as PageImport).__import<StoreModule>(mods.store)
      const { DB_VERSION } = await (globalThis as unknown as PageImport).__import<SchemaModule>(mods.schema)
      const dbName = 'migrate-v1'
      const gz = async (bytes: Uint8Array): Promise<Blob> =>
        new Response(
          new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('gzip')),
        ).blob()
      const req = <T>(r: IDBRequest<T>): Promise<T> =>
        new Promise((res, rej) => {
          r.onsuccess = () => res(r.result)
          r.onerror = () => rej(new Error(String(r.error)))
        })
      // The v1 layout, by hand, exactly as the first release created it.
      const db = await new Promise<IDBDatabase>((res, rej) => {
        const r = indexedDB.open(dbName, 1)
        r.onupgradeneeded = () => {
          const d = r.result
          d.createObjectStore('worlds', { keyPath: 'id' })
          d.createObjectStore('manifests', { keyPath: 'id' })
          d.createObjectStore('frames', { keyPath: 'id' }).createIndex('worldId', 'worldId')
          d.createObjectStore('meta')
        }
        r.onsuccess = () => res(r.result)
        r.onerror = () => rej(new Error(String(r.error)))
      })
      const frames = []
      for (let i = 0; i < 3; i++) {
        const rgba = new Uint8Array(4 * 4 * 4).fill(40 + i)
        const depth = new Float32Array(16).fill(5 + i)
        frames.push({
          id: `w1/v2:${i},0,0/0/0`,
          worldId: 'w1',
          key: { worldVersion: 2, cell: [i, 0, 0], dir: 0, level: 0 },
          pose: { position: [i * 4, 1.6, 0], rotation: [0, 0, 0, 1] },
          camera: { model: 'perspective', width: 4, height: 4, fovYDeg: 90 },
          worldVersion: 2,
          modelId: 'test-model',
          modelMs: 12,
          rgba: await gz(rgba),
          depth: await gz(new Uint8Array(depth.buffer)),
        })
      }
      const tx = db.transaction(['worlds', 'manifests', 'frames', 'meta'], 'readwrite')
      tx.objectStore('worlds').put({
        schema: 1,
        id: 'w1',
        prompt: 'a foggy fjord',
        version: 2,
        regions: [{ id: 'r0', center: [0, 0], radius: 300, style: [0.5, 0.25], seed: 7 }],
        createdAt: 1000,
        updatedAt: 2000,
        manifest: 4,
      })
      tx.objectStore('manifests').put({
        id: 'w1@4',
        worldId: 'w1',
        worldVersion: 2,
        frames: frames.map((f) => f.id),
        panorama: null,
      })
      for (const f of frames) tx.objectStore('frames').put(f)
      tx.objectStore('meta').put('w1', 'current')
      await new Promise((res, rej) => {
        tx.oncomplete = res
        tx.onerror = () => rej(new Error(String(tx.error)))
      })
      db.close()

      const store = await WorldStore.open(dbName)
      await store.flush()
      const world = await store.loadCurrent()
      const restored: { key: unknown; depth0: number; red0: number }[] = []
      const n = await store.restore(world!, {
        restoreFrame: (key, frame) => restored.push({ key, depth0: frame.depth[0]!, red0: frame.rgba[0]! }),
        restorePanorama: () => undefined,
      })
      const list = await store.list()
      store.close()
      // Read the migrated layout raw: the version and the new stores.
      const raw = await new Promise<IDBDatabase>((res, rej) => {
        const r = indexedDB.open(dbName)
        r.onsuccess = () => res(r.result)
        r.onerror = () => rej(new Error(String(r.error)))
      })
      const rec = (await req(raw.transaction('worlds').objectStore('worlds').get('w1'))) as unknown
      const layout = {
        version: raw.version,
        stores: [...raw.objectStoreNames].sort(),
        record: rec as unknown,
      }
      raw.close()
      return { world, n, restored, list, layout, DB_VERSION }
    }, MODULES)

    expect(out.DB_VERSION).toBe(2)
    expect(out.layout.version).toBe(2)
    expect(out.layout.stores).toEqual(['assets', 'frames', 'manifests', 'meta', 'thumbnails', 'worlds'])
    expect(out.layout.record).toMatchObject({
      schema: 2,
      name: 'a foggy fjord',
      prompt: 'a foggy fjord',
      manifest: 4,
    })
    expect(out.world).toMatchObject({ id: 'w1', name: 'a foggy fjord', prompt: 'a foggy fjord', version: 2 })
    expect(out.world!.regions[0]).toMatchObject({ id: 'r0', center: [0, 0], radius: 300, seed: 7 })
    expect(out.n).toBe(3)
    expect(out.restored.map((r) => [r.red0, r.depth0])).toEqual([
      [40, 5],
      [41, 6],
      [42, 7],
    ])
    expect(out.list).toHaveLength(1)
    expect(out.list[0]).toMatchObject({
      id: 'w1',
      name: 'a foggy fjord',
      frames: 3,
      createdAt: 1000,
      updatedAt: 2000,
    })
    expect(out.list[0]!.bytes).toBeGreaterThan(6 * 20)
  })

  it('creates a fresh database at v2 in one go (the v0 -> v1 -> v2 steps in order)', async () => {
    const out = await page.evaluate(async (mods) => {
      const { WorldStore } = await (globalThis as unknown as PageImport).__import<StoreModule>(mods.store)
      const store = await WorldStore.open('fresh-v2')
      await store.flush()
      const list = await store.list()
      const current = await store.loadCurrent()
      store.close()
      const raw = await new Promise<IDBDatabase>((res, rej) => {
        const r = indexedDB.open('fresh-v2')
        r.onsuccess = () => res(r.result)
        r.onerror = () => rej(new Error(String(r.error)))
      })
      const layout = { version: raw.version, stores: [...raw.objectStoreNames].sort() }
      raw.close()
      return { list, current, layout }
    }, MODULES)
    expect(out.layout).toEqual({
      version: 2,
      stores: ['assets', 'frames', 'manifests', 'meta', 'thumbnails', 'worlds'],
    })
    expect(out.list).toEqual([])
    expect(out.current).toBeNull()
  })

  it('lists, renames, duplicates and deletes worlds with thumbnails, assets and sizes', async () => {
    const out = await page.evaluate(async (mods) => {
      const { WorldStore } = await (globalThis as unknown as PageImport).__import<StoreModule>(mods.store)
      const store = await WorldStore.open('gallery-api')
      const region = {
        id: 'r0',
        center: [0, 0] as [number, number],
        radius: 200,
        style: new Float32Array([0.1]),
        seed: 1,
      }
      const a = { id: 'wa', prompt: 'a meadow', version: 1, regions: [region] }
      const b = { id: 'wb', prompt: 'a desert', version: 1, regions: [region] }
      const frame = (v: number, fill: number) => ({
        requestId: 0,
        pose: {
          position: [0, 1.6, 0] as [number, number, number],
          rotation: [0, 0, 0, 1] as [number, number, number, number],
        },
        camera: { model: 'perspective' as const, width: 8, height: 8, fovYDeg: 90 },
        worldVersion: v,
        modelId: 'm',
        modelMs: 1,
        // Noise, so gzip cannot shrink it to nothing and sizes are visible.
        rgba: Uint8Array.from({ length: 256 }, (_, i) => (i * 7919 + fill) % 251),
        depth: new Float32Array(64).fill(fill),
      })
      await store.saveWorld(a)
      await new Promise((r) => setTimeout(r, 5))
      await store.saveWorld(b)
      for (let i = 0; i < 4; i++)
        void store.saveFrame(a, { worldVersion: 1, cell: [i, 0, 0], dir: 0, level: 0 }, frame(1, i))
      store.savePanorama(a, frame(1, 99))
      await store.flush()
      const thumb = new Blob([new Uint8Array(500).fill(3)], { type: 'image/png' })
      await store.saveThumbnail('wa', thumb)
      await store.putAsset('wa', 'scan.spz', new Blob([new Uint8Array(1000).fill(9)]))
      const listed = await store.list()

      const errors: Record<string, string> = {}
      const attempt = async (name: string, f: () => Promise<unknown>) => {
        try {
          await f()
          errors[name] = 'no error'
        } catch (e) {
          errors[name] = (e as Error).message
        }
      }
      await attempt('empty', () => store.rename('wa', '   '))
      await attempt('long', () => store.rename('wa', 'x'.repeat(81)))
      await attempt('missing', () => store.rename('nope', 'Fine'))
      await attempt('thumbMissing', () => store.saveThumbnail('nope', thumb))
      await attempt('assetMissing', () => store.putAsset('nope', 'a.ply', thumb))
      await attempt('assetBadId', () => store.putAsset('wa', '../x', thumb))
      await attempt('setCurrentMissing', () => store.setCurrent('nope'))
      await attempt('duplicateMissing', () => store.duplicate('nope'))
      const afterErrors = store.message

      await store.rename('wa', '  Morning meadow  ')
      const copyId = await store.duplicate('wa')
      const copy = await store.load(copyId)
      const copyFrames: number[] = []
      await store.restore(copy!, {
        restoreFrame: (_k, f) => copyFrames.push(f.depth[0]!),
        restorePanorama: (f) => copyFrames.push(f.depth[0]!),
      })
      const copyAsset = await store.getAsset(copyId, 'scan.spz')
      const listed2 = await store.list()
      await store.setCurrent('wa')
      await store.delete('wa')
      const afterDelete = {
        current: await store.loadCurrent(),
        load: await store.load('wa'),
        asset: await store.getAsset('wa', 'scan.spz'),
        list: (await store.list()).map((w) => w.id),
        copyStill: (await store.getAsset(copyId, 'scan.spz'))?.size ?? null,
      }
      const usage = await store.usage()
      store.close()
      return {
        listed: listed.map((w) => ({ ...w, thumbnail: w.thumbnail?.size ?? null })),
        errors,
        afterErrors,
        copyId,
        copy,
        copyFrames: copyFrames.sort((x, y) => x - y),
        copyAsset: copyAsset ? [...new Uint8Array(await copyAsset.arrayBuffer())].slice(0, 3) : null,
        listed2: listed2.map((w) => ({ id: w.id, name: w.name, frames: w.frames, bytes: w.bytes })),
        afterDelete,
        usage,
      }
    }, MODULES)

    // Newest first: b was saved after a, but a's frames and thumbnail updated it since.
    expect(out.listed.map((w) => w.id)).toEqual(['wa', 'wb'])
    const [wa, wb] = out.listed
    expect(wa).toMatchObject({ name: 'a meadow', prompt: 'a meadow', frames: 4, version: 1, thumbnail: 500 })
    expect(wb).toMatchObject({ name: 'a desert', frames: 0, thumbnail: null })
    // a holds 5 compressed noisy frames, a 500-byte thumbnail and a 1000-byte asset; b only its record.
    expect(wa!.bytes).toBeGreaterThan(1500 + 5 * 200)
    expect(wb!.bytes).toBeLessThan(1000)
    expect(out.errors).toEqual({
      empty: 'A world needs a name.',
      long: 'World names can be at most 80 characters (this one has 81).',
      missing: 'There is no saved world nope.',
      thumbMissing: 'There is no saved world nope.',
      assetMissing: 'There is no saved world nope.',
      assetBadId: 'Bad asset id "../x".',
      setCurrentMissing: 'There is no saved world nope.',
      duplicateMissing: 'There is no saved world nope.',
    })
    // A refused gallery call is the caller's to show; it is not a storage failure.
    expect(out.afterErrors).toBeNull()
    expect(out.copy).toMatchObject({ name: 'Morning meadow (copy)', prompt: 'a meadow', version: 1 })
    expect(out.copyFrames).toEqual([0, 1, 2, 3, 99])
    expect(out.copyAsset).toEqual([9, 9, 9])
    const copyRow = out.listed2.find((w) => w.id === out.copyId)
    const origRow = out.listed2.find((w) => w.id === 'wa')
    expect(origRow?.name).toBe('Morning meadow')
    expect(copyRow?.frames).toBe(4)
    // Same frames, thumbnail and asset: sizes within the record's few bytes of difference.
    expect(Math.abs(copyRow!.bytes - origRow!.bytes)).toBeLessThan(64)
    expect(out.afterDelete).toEqual({
      current: null,
      load: null,
      asset: null,
      list: [out.copyId, 'wb'],
      copyStill: 1000,
    })
    expect(out.usage.usage).toBeGreaterThan(0)
    expect(out.usage.quota).toBeGreaterThan(0)
  })

  it('collects frames no manifest lists, and keeps the ones it does', async () => {
    const out = await page.evaluate(async (mods) => {
      const { WorldStore } = await (globalThis as unknown as PageImport).__import<StoreModule>(mods.store)
      const store = await WorldStore.open('garbage')
      const region = {
        id: 'r0',
        center: [0, 0] as [number, number],
        radius: 200,
        style: new Float32Array([0.1]),
        seed: 1,
      }
      const w = { id: 'wg', prompt: 'a marsh', version: 1, regions: [region] }
      await store.saveWorld(w)
      const frame = {
        requestId: 0,
        pose: {
          position: [0, 1.6, 0] as [number, number, number],
          rotation: [0, 0, 0, 1] as [number, number, number, number],
        },
        camera: { model: 'perspective' as const, width: 4, height: 4, fovYDeg: 90 },
        worldVersion: 1,
        modelId: 'm',
        modelMs: 1,
        rgba: new Uint8Array(64).fill(1),
        depth: new Float32Array(16).fill(1),
      }
      void store.saveFrame(w, { worldVersion: 1, cell: [0, 0, 0], dir: 0, level: 0 }, frame)
      await store.flush()
      store.close()
      // Leftovers, as a tab killed mid-save or an old version leaves them: unlisted, old, and of a
      // world that no longer exists.
      const raw = await new Promise<IDBDatabase>((res, rej) => {
        const r = indexedDB.open('garbage')
        r.onsuccess = () => res(r.result)
        r.onerror = () => rej(new Error(String(r.error)))
      })
      const tx = raw.transaction(['frames', 'manifests', 'thumbnails'], 'readwrite')
      const junk = (id: string, worldId: string, savedAt?: number) => ({
        id,
        worldId,
        key: null,
        pose: frame.pose,
        camera: frame.camera,
        worldVersion: 0,
        modelId: 'm',
        modelMs: 1,
        rgba: new Blob([new Uint8Array(10)]),
        depth: new Blob([new Uint8Array(10)]),
        ...(savedAt !== undefined ? { savedAt } : {}),
      })
      tx.objectStore('frames').put(junk('wg/v0:9,0,0/0/0', 'wg'))
      tx.objectStore('frames').put(junk('wg/v0:8,0,0/0/0', 'wg', Date.now() - 120_000))
      // Written a moment ago by another tab that has not listed it yet: spared.
      tx.objectStore('frames').put(junk('wg/v1:7,0,0/0/0', 'wg', Date.now()))
      tx.objectStore('frames').put(junk('wgone/v1:1,0,0/0/0', 'wgone', Date.now()))
      tx.objectStore('manifests').put({
        id: 'wg@0',
        worldId: 'wg',
        worldVersion: 0,
        frames: [],
        panorama: null,
      })
      tx.objectStore('thumbnails').put({ worldId: 'wgone', image: new Blob(['x']) })
      await new Promise((res) => (tx.oncomplete = res))
      raw.close()

      const reopened = await WorldStore.open('garbage')
      await reopened.flush()
      reopened.close()
      const after = await new Promise<IDBDatabase>((res, rej) => {
        const r = indexedDB.open('garbage')
        r.onsuccess = () => res(r.result)
        r.onerror = () => rej(new Error(String(r.error)))
      })
      const keys = (store: string) =>
        new Promise<string[]>((res) => {
          const r = after.transaction(store).objectStore(store).getAllKeys()
          r.onsuccess = () => res((r.result as string[]).sort())
        })
      const result = {
        frames: await keys('frames'),
        manifests: await keys('manifests'),
        thumbnails: await keys('thumbnails'),
      }
      after.close()
      return result
    }, MODULES)
    expect(out.frames).toEqual(['wg/v1:0,0,0/0/0', 'wg/v1:7,0,0/0/0'])
    expect(out.manifests).toEqual(['wg@2'])
    expect(out.thumbnails).toEqual([])
  })
})
