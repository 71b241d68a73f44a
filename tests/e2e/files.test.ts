/**
 * Import and export inside the app, end to end in Chromium: every export format from the world
 * menu downloads bytes our readers parse; Spark itself loads our .spz; a malformed or oversized
 * file leaves the world exactly as it was with a clear message; a known .spz lands at the picked
 * target, undo removes it, redo and a reload bring it back (from the stored asset). The world is
 * the run's default world, opened from storage.
 */
import type { Download } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importLimits, readSplatFile, readWorldJson, writeSpz } from '../../src/core/formats'
import { createSplatBatch } from '../../src/core/lift'
import {
  appUrl,
  expectVisible,
  startHarness,
  UNBUNDLED_PARAM,
  viewChange,
  type AppPage,
  type Harness,
} from './harness'
import { WORLD_TEST_QUERY, waitForIdleUndrawn, waitForWorldUndrawn } from './world-support'

const limits = importLimits('desktop')

/** A 16 x 16 x 8 block of bright magenta splats, 1.6 m wide: easy to see, easy to count. */
function knownSpz(): Promise<Uint8Array> {
  const n = 16 * 16 * 8
  const b = createSplatBatch(n)
  b.count = n
  let i = 0
  for (let y = 0; y < 8; y++)
    for (let z = 0; z < 16; z++)
      for (let x = 0; x < 16; x++, i++) {
        b.centers.set([x * 0.1 - 0.75, y * 0.1 + 5, z * 0.1 - 0.75], 3 * i)
        b.scales.set([0.06, 0.06, 0.06], 3 * i)
        b.quats.set([0, 0, 0, 1], 4 * i)
        b.colors.set([1, 0, 1], 3 * i)
        b.opacities[i] = 1
      }
  return writeSpz(b)
}

/** A .ply whose header declares 10 million splats over a few bytes of data. */
const OVERSIZED_PLY = new TextEncoder().encode(
  'ply\nformat binary_little_endian 1.0\nelement vertex 10000000\nproperty float x\nproperty float y\nproperty float z\nend_header\n\0\0\0\0',
)

interface WorldState {
  version: number
  splats: number
  placed: { id: string; position: number[]; splats: number }[]
  worldId: string
  message: string | null
}

async function worldState(app: AppPage): Promise<WorldState> {
  return app.page.evaluate(() => {
    const w = window.__worldwalk!.world!
    return {
      version: w.doc.version,
      splats: w.session.store.count,
      placed: w.doc.placed.map((p) => ({ id: p.id, position: [...p.position], splats: p.splats })),
      worldId: w.session.world.id,
      message: window.__worldwalk!.app.getState().world.message,
    }
  })
}

async function openWorldMenu(app: AppPage): Promise<void> {
  if (
    !(await app.page
      .locator('[data-testid=menu]')
      .isVisible()
      .catch(() => false))
  )
    await app.page.locator('[data-testid=menu-open]').click()
  await app.page.getByRole('tab', { name: 'World', exact: true }).click()
}

async function closeMenu(app: AppPage): Promise<void> {
  const close = app.page.getByRole('button', { name: 'Close menu' })
  if (await close.isVisible().catch(() => false)) await close.click()
}

async function exportVia(app: AppPage, label: string): Promise<{ download: Download; bytes: Uint8Array }> {
  await openWorldMenu(app)
  const [download] = await Promise.all([
    app.page.waitForEvent('download', { timeout: 60_000 }),
    app.page.getByRole('button', { name: label }).click(),
  ])
  // Read through Playwright's stream: the browser is remote (one per run), so there is no local path.
  const chunks: Buffer[] = []
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer)
  return { download, bytes: new Uint8Array(Buffer.concat(chunks)) }
}

async function importVia(app: AppPage, name: string, bytes: Uint8Array): Promise<void> {
  await openWorldMenu(app)
  const [chooser] = await Promise.all([
    app.page.waitForEvent('filechooser'),
    app.page.getByRole('button', { name: 'Import splats or world…' }).click(),
  ])
  await chooser.setFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) })
}

async function waitForMessage(app: AppPage, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  await expect
    .poll(async () => (await worldState(app)).message ?? '', { timeout: timeoutMs, interval: 200 })
    .toMatch(pattern)
  return (await worldState(app)).message!
}

describe('files: export and import in the app', () => {
  let h: Harness
  let app: AppPage
  let exportedJson: Uint8Array | null = null

  beforeAll(async () => {
    h = await startHarness()
    // Unbundled: the Spark probe below must load the very Spark module the app runs.
    app = await h.open({ query: `${WORLD_TEST_QUERY}&${UNBUNDLED_PARAM}`, seed: true })
    await app.waitForFrames(2)
    await waitForWorldUndrawn(app, (w) => w.ready && w.hasPanorama && w.restoredFrames > 0)
    await waitForIdleUndrawn(app)
  }, 240_000)
  afterAll(async () => {
    await h?.close()
  })

  it('exports .spz, .ply and .glb with every splat of the world, read back by our readers', async () => {
    const { splats } = await worldState(app)
    expect(splats).toBeGreaterThan(1000)
    for (const [label, format] of [
      ['Export .spz', 'spz'],
      ['Export .ply', 'ply'],
      ['Export .glb', 'glb'],
    ] as const) {
      const { download, bytes } = await exportVia(app, label)
      expect(download.suggestedFilename()).toBe(`a-misty-pine-forest-with-a-river-at-sunset.${format}`)
      const file = await readSplatFile(bytes, { name: download.suggestedFilename(), limits })
      expect(file.kind === 'splats' && file.format).toBe(format)
      expect(file.kind === 'splats' && file.splats.count).toBe(splats)
    }
    // A second export while one runs is refused: the worker collects one file at a time.
    const both = await app.page.evaluate(async () => {
      const files = window.__worldwalk!.world!.files
      const results = await Promise.all([files.exportAs('spz'), files.exportAs('ply')])
      return results.map((r) => r?.name ?? null)
    })
    expect(both).toEqual(['a-misty-pine-forest-with-a-river-at-sunset.spz', null])
    const timing = await app.page.evaluate(() => window.__worldwalk!.world!.files.lastExport)
    // Main-thread share of the last export (gathering pages); the encode ran in the worker.
    console.log(
      `export .glb of ${splats} splats: main ${timing!.mainMs.toFixed(1)} ms in pieces of at most ${timing!.longestMainMs.toFixed(1)} ms, total ${timing!.totalMs.toFixed(0)} ms`,
    )
  }, 180_000)

  it('exports .spz v4 and smaller sizes from the menu choices, then back to v3 full', async () => {
    const { splats } = await worldState(app)
    const click = async (label: RegExp): Promise<void> => {
      await openWorldMenu(app)
      await app.page.getByRole('button', { name: label }).click()
    }
    await click(/^\.spz version: 3/)
    const v4 = await exportVia(app, 'Export .spz')
    expect(new TextDecoder().decode(v4.bytes.subarray(0, 4))).toBe('NGSP')
    const read4 = await readSplatFile(v4.bytes, { name: 'w.spz', limits })
    expect(read4.kind === 'splats' && [read4.version, read4.splats.count]).toEqual([4, splats])
    await click(/^Export size: full/)
    await click(/^Export size: 500k/) // now 100k
    const sized = await exportVia(app, 'Export .spz')
    const read100k = await readSplatFile(sized.bytes, { name: 'w.spz', limits })
    expect(read100k.kind === 'splats' && read100k.splats.count).toBe(Math.min(splats, 100_000))
    await click(/^Export size: 100k/) // back to full
    await click(/^\.spz version: 4/)
    const v3 = await exportVia(app, 'Export .spz')
    expect(new DataView(v3.bytes.buffer, v3.bytes.byteOffset).getUint16(0, true)).toBe(0x8b1f) // gzip
  })

  it('exports the world .json (document + start pose) and the panorama .png', async () => {
    const json = await exportVia(app, 'Export world .json')
    exportedJson = json.bytes
    const world = readWorldJson(json.bytes, limits).world
    const doc = await app.page.evaluate(() => {
      const w = window.__worldwalk!.world!
      return { version: w.doc.version, regions: w.doc.regions.length, prompt: w.session.world.prompt }
    })
    expect(world.version).toBe(doc.version)
    expect(world.regions).toHaveLength(doc.regions)
    expect(world.prompt).toBe(doc.prompt)
    expect(world.start.position[1]).toBeGreaterThan(0)
    const png = await exportVia(app, 'Export panorama .png')
    expect(png.download.suggestedFilename()).toMatch(/\.panorama\.png$/)
    const b = Buffer.from(png.bytes)
    expect(b.subarray(1, 4).toString('latin1')).toBe('PNG')
    expect([b.readUInt32BE(16), b.readUInt32BE(20)]).toEqual([128, 64])
  }, 120_000)

  it('Spark loads the exported .spz with the same splat count and draws it', async () => {
    const { bytes } = await exportVia(app, 'Export .spz')
    const count = (await readSplatFile(bytes, { limits })).kind === 'splats'
    expect(count).toBe(true)
    const ours = await readSplatFile(bytes, { limits })
    await closeMenu(app)
    await app.waitForFrames(4)
    const withSplats = await app.canvasStats()
    // The generated splats hidden: only the sky remains...
    await app.page.evaluate(() => {
      window.__worldwalk!.three!.scene.getObjectByName('splat-pages')!.visible = false
    })
    await app.waitForFrames(4)
    const skyOnly = await app.canvasStats()
    await app.screenshot('files-spark-sky-only')
    // ...then the .spz as Spark reads it, at the same place: the world is back.
    await app.page.evaluate((data) => {
      ;(window as unknown as { __spz: Uint8Array }).__spz = new Uint8Array(data)
    }, Array.from(bytes))
    // A string, so the test runner leaves the dynamic import alone; vite serves the probe like app
    // code, so it shares the app's Spark module and scene.
    const loaded = await app.page.evaluate<number>(`(async () => {
      const probe = await import('/tests/e2e/files-spark-probe.ts')
      return probe.loadSpzInSpark(window.__spz, window.__worldwalk.three.scene)
    })()`)
    expect(loaded).toBe(ours.kind === 'splats' ? ours.splats.count : -1)
    await app.waitForFrames(6)
    const sparkDrawn = await app.canvasStats()
    expectVisible(sparkDrawn)
    // Spark's reading of our file puts the world back: the picture is far closer to the one with
    // the generated splats than to the sky alone.
    const fromSky = viewChange(skyOnly, sparkDrawn)
    const fromWorld = viewChange(withSplats, sparkDrawn)
    console.log(
      `view change: sky only -> spz in Spark ${fromSky.toFixed(2)}, generated -> spz ${fromWorld.toFixed(2)}`,
    )
    expect(fromSky).toBeGreaterThan(1.5)
    expect(fromWorld).toBeLessThan(fromSky / 2)
    await app.screenshot('files-spark-loaded-spz')
    await app.page.evaluate(() => {
      const scene = window.__worldwalk!.three!.scene
      const m = scene.getObjectByName('spark-loaded-spz')!
      m.removeFromParent()
      ;(m as unknown as { dispose(): void }).dispose()
      scene.getObjectByName('splat-pages')!.visible = true
    })
  }, 120_000)

  it('refuses malformed and oversized files with a clear message and changes nothing', async () => {
    await waitForIdleUndrawn(app)
    const before = await worldState(app)
    await importVia(app, 'scan.ply', OVERSIZED_PLY)
    const tooMany = await waitForMessage(app, /could not import scan\.ply/)
    expect(tooMany).toBe(
      "could not import scan.ply: ply: declared 10,000,000 splats, over this device's limit of 6,000,000",
    )
    await closeMenu(app)
    // A truncated .spz, dropped on the page rather than picked.
    const spz = (await knownSpz()).slice(0, 40)
    await app.page.evaluate((data) => {
      const dt = new DataTransfer()
      dt.items.add(new File([new Uint8Array(data)], 'broken.spz'))
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }))
    }, Array.from(spz))
    const broken = await waitForMessage(app, /could not import broken\.spz: spz: /)
    expect(broken).toMatch(/gzip|compress|truncat|header/i)
    await app.screenshot('files-import-refused')
    // A .spz newer than the reader: the message names the version.
    const newer = await writeSpz(createSplatBatch(0), { version: 4 })
    new DataView(newer.buffer).setUint32(4, 5, true)
    await importVia(app, 'newer.spz', newer)
    expect(await waitForMessage(app, /could not import newer\.spz/)).toBe(
      'could not import newer.spz: spz: SPZ version 5 is newer than this reader (1-4)',
    )
    await importVia(app, 'notes.txt', new TextEncoder().encode('hello'))
    await waitForMessage(app, /could not import notes\.txt: "\.txt" files are not read here/)
    const after = await worldState(app)
    expect(after.version).toBe(before.version)
    expect(after.splats).toBe(before.splats)
    expect(after.placed).toEqual([])
    expectVisible(await app.canvasStats())
  }, 120_000)

  it('places a known .spz at the picked target; undo removes it; redo and a reload bring it back', async () => {
    await closeMenu(app)
    // Pick a point on the ground below the middle of the view.
    await app.page.mouse.click(320, 250)
    const target = await app.page.evaluate(() => window.__worldwalk!.app.getState().target?.point ?? null)
    expect(target).not.toBeNull()
    await app.waitForFrames(4)
    const before = await app.canvasStats()
    await app.screenshot('files-import-before')
    const inScene = (): Promise<boolean> =>
      app.page.evaluate(() => !!window.__worldwalk!.three!.scene.getObjectByName('placed-splats'))
    expect(await inScene()).toBe(false)
    const s0 = await worldState(app)
    const v0 = s0.version
    await importVia(app, 'magenta-block.spz', await knownSpz())
    await waitForMessage(app, /^placed magenta-block\.spz: 2,048 splats at /)
    await closeMenu(app)
    const placed = await worldState(app)
    expect(placed.version).toBe(v0 + 1)
    expect(placed.placed).toHaveLength(1)
    expect(placed.placed[0]!.splats).toBe(2048)
    placed.placed[0]!.position.forEach((v, i) => expect(v).toBeCloseTo(target![i]!, 5))
    // The generated world around it is untouched: no splat of it was dropped.
    expect(placed.splats).toBe(s0.splats)
    await app.waitForFrames(8)
    const after = await app.canvasStats()
    await app.screenshot('files-import-after')
    // The block covers a few cells of the 16 x 10 thumbnail: a small but clear change. It stands
    // on the river, whose mirror of the far bank is darker than the sky it mirrored: 0.09-0.14
    // levels of the thumbnail's luminance there (over 0.3 on the pale water before, December 7).
    expect(viewChange(before, after)).toBeGreaterThan(0.05)
    // Magenta in the picture: red and blue well above green, where the block stands.
    expect(after.mean[0] + after.mean[2] - 2 * after.mean[1]).toBeGreaterThan(
      before.mean[0] + before.mean[2] - 2 * before.mean[1],
    )
    expect(await inScene()).toBe(true)

    const input = app.page.locator('[data-testid=prompt]')
    await closeMenu(app)
    await input.fill('undo')
    await input.press('Enter')
    await expect.poll(async () => (await worldState(app)).placed.length).toBe(0)
    await app.waitForFrames(6)
    expect(await inScene()).toBe(false)
    await app.screenshot('files-import-undone')

    await input.fill('redo')
    await input.press('Enter')
    await expect.poll(async () => (await worldState(app)).placed.length).toBe(1)
    await app.page.evaluate(() => window.__worldwalk!.world!.storage!.flush())

    await app.page.goto(appUrl(h.url, WORLD_TEST_QUERY))
    await waitForWorldUndrawn(app, (w) => w.ready && w.splats > 0, 120_000)
    await expect.poll(async () => (await worldState(app)).placed.length, { timeout: 30_000 }).toBe(1)
    await expect.poll(inScene, { timeout: 60_000 }).toBe(true)
    await app.waitForFrames(8)
    await app.screenshot('files-import-reloaded')
  }, 300_000)

  it('opens an imported world .json as a new world with the same document', async () => {
    expect(exportedJson).not.toBeNull()
    const file = readWorldJson(exportedJson!, limits).world
    const before = await worldState(app)
    // Walk away first: the opened world starts where its file says its author stood.
    await app.page.evaluate(() =>
      window.__worldwalk!.app.getState().goTo({ x: 40, z: 25, yawDeg: 90, pitchDeg: 0 }),
    )
    await importVia(app, 'saved.json', exportedJson!)
    await waitForMessage(
      app,
      /^opened saved\.json: "a misty pine forest with a river at sunset" \(\d+ edits\) as a new world/,
    )
    const after = await app.page.evaluate(() => {
      const w = window.__worldwalk!.world!
      return { id: w.session.world.id, version: w.doc.version, regions: w.doc.regions.map((r) => r.id) }
    })
    expect(after.id).not.toBe(before.worldId)
    expect(after.version).toBe(file.log.length)
    expect(after.regions).toEqual(file.regions.map((r) => r.id))
    await app.waitForFrames(2)
    const eye = await app.page.evaluate(() => window.__worldwalk!.three!.camera().position.toArray())
    expect(Math.hypot(eye[0] - file.start.position[0], eye[2] - file.start.position[2])).toBeLessThan(0.01)
    await waitForWorldUndrawn(app, (w) => w.splats > 500)
  }, 180_000)
})
