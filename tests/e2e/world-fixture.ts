/**
 * A grown world carried from one browser context to another: read out of the app's storage
 * (record, edit log, every stored tile frame and the sky) and written into a fresh context's
 * IndexedDB through the real WorldStore, so a test starts from a grown world instead of waiting
 * for SwiftShader and the wasm model to grow it again. The model is deterministic: the copy is
 * the world the test would have grown. Tests that are about growing a world still grow it.
 */
import type { Page } from 'playwright-core'
import type { Frame } from '../../src/core/frame'

/** A frame as JSON: pixels and depth as base64. */
export interface FrameJson {
  requestId: number
  pose: { position: [number, number, number]; rotation: [number, number, number, number] }
  camera: unknown
  worldVersion: number
  modelId: string
  modelMs: number
  rgba: string
  depth: string
}

export interface WorldFixture {
  /** The app query it was grown under (frame sizes and sky width must match to be of use). */
  query: string
  world: {
    id: string
    name?: string
    prompt: string
    version: number
    regions: { id: string; center: [number, number]; radius: number; style: number[]; seed: number }[]
    document?: unknown
  }
  frames: {
    key: { worldVersion: number; cell: [number, number, number]; dir: number; level: number }
    frame: FrameJson
  }[]
  panorama: FrameJson | null
}

/** Where the page loads the storage module from (vite serves src/ as is). */
const WORLD_STORE_MODULE = '/src/storage/world-store.ts'

/** Reads the current world out of the running app's storage (`?test`), once it is idle and saved. */
export async function dumpWorld(page: Page, query: string): Promise<WorldFixture> {
  const dumped = await page.evaluate(async () => {
    const toB64 = (bytes: Uint8Array): string => {
      let s = ''
      for (let i = 0; i < bytes.length; i += 0x8000)
        s += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 0x8000)))
      return btoa(s)
    }
    const frameJson = (f: Frame) => ({
      requestId: f.requestId,
      pose: { position: [...f.pose.position], rotation: [...f.pose.rotation] },
      camera: f.camera,
      worldVersion: f.worldVersion,
      modelId: f.modelId,
      modelMs: f.modelMs,
      rgba: toB64(f.rgba),
      depth: toB64(new Uint8Array(f.depth.buffer, f.depth.byteOffset, f.depth.byteLength)),
    })
    const storage = window.__worldwalk!.world!.storage!
    await storage.flush()
    const world = await storage.loadCurrent()
    if (!world) throw new Error('nothing stored to dump')
    const frames: { key: unknown; frame: ReturnType<typeof frameJson> }[] = []
    let panorama: ReturnType<typeof frameJson> | null = null
    await storage.restore(world, {
      restoreFrame: (key, frame) => frames.push({ key, frame: frameJson(frame) }),
      restorePanorama: (frame) => (panorama = frameJson(frame)),
    })
    return {
      world: { ...world, regions: world.regions.map((r) => ({ ...r, style: Array.from(r.style) })) },
      frames,
      panorama,
    }
  })
  return { query, ...(dumped as Omit<WorldFixture, 'query'>) }
}

/**
 * Writes `fixture` into the IndexedDB of the page's origin through the real WorldStore (the
 * app's own module, served by vite) and makes it the current world. The page needs the harness's
 * `__import` init script; any page of the app's origin will do.
 */
export async function seedWorld(page: Page, fixture: WorldFixture): Promise<void> {
  const written = await page.evaluate(
    async ({ fixture, module }) => {
      type StoreModule = typeof import('../../src/storage/world-store')
      const page = globalThis as unknown as { __import<T>(p: string): Promise<T> }
      const { WorldStore } = await page.__import<StoreModule>(module)
      const fromB64 = (s: string): Uint8Array => Uint8Array.from(atob(s), (c) => c.charCodeAt(0))
      const frame = (f: (typeof fixture)['panorama'] & object) => {
        const depth = fromB64(f.depth)
        return {
          ...f,
          camera: f.camera as never,
          rgba: fromB64(f.rgba),
          depth: new Float32Array(depth.buffer, depth.byteOffset, depth.byteLength / 4),
        }
      }
      const world = {
        ...fixture.world,
        regions: fixture.world.regions.map((r) => ({ ...r, style: Float32Array.from(r.style) })),
        document: fixture.world.document as never,
      }
      const store = await WorldStore.open()
      if (!(await store.saveWorld(world))) throw new Error(`could not seed: ${store.message}`)
      for (const { key, frame: f } of fixture.frames) void store.saveFrame(world, key, frame(f))
      if (fixture.panorama) store.savePanorama(world, frame(fixture.panorama))
      await store.flush()
      const listed = (await store.list()).find((w) => w.id === world.id)?.frames ?? 0
      store.close()
      return listed
    },
    { fixture, module: WORLD_STORE_MODULE },
  )
  if (written !== fixture.frames.length)
    throw new Error(`seeded ${written} of ${fixture.frames.length} frames of the default world`)
}
