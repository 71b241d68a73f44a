/**
 * `npm run bench -- --only pacing` (with pacing.bench.ts): pacing.world_switch_heap_growth_mb
 * and pacing.edit_undo_heap_growth_mb.
 *
 * Memory that returns (issue #15): the real app in headless Chromium makes two small worlds, then
 * switches between them through the gallery's Open command (the same path as the Worlds page) and
 * reads the page's JS heap after a forced garbage collection (CDP), and three.js's count of live
 * geometries and textures (the GPU buffers Spark's meshes hold), after a warm-up round and after
 * every switch. Growth is the last reading minus the one after warm-up. Then, in the world left
 * open, the same readings around an edit/undo loop (issue #15 asks for 50). Workers' heaps (model,
 * lifter) are not in this number: each has its own isolate.
 */
import type { Browser, CDPSession, Page } from 'playwright-core'
import { launchChromium, startDevServer } from '../e2e/harness'
import { waitForIdle, waitForWorld, worldCounters, type WorldCounters } from '../e2e/world-support'
import { median, round, type BenchContext, type BenchResult } from './harness'

export const area = 'pacing'

const WORLD_SWITCHES = 20
const EDIT_CYCLES = 50

const QUERY = 'test&levels=32&panorama=128'
const PROMPT_A = 'a green meadow with a lake on a sunny morning'
const PROMPT_B = 'red rock canyon in the afternoon'

export interface SwitchReading {
  heapMb: number
  geometries: number
  textures: number
  splats: number
}

export interface WorldSwitchResult {
  switches: number
  warm: SwitchReading
  readings: SwitchReading[]
  /** Median time from Open to a world fully back in splats (ms). */
  switchMs: number[]
  frames: { a: number; b: number }
  /** The same readings around an edit/undo loop in the open world, after its own warm-up. */
  edits: { cycles: number; warm: SwitchReading; readings: SwitchReading[]; cycleMs: number[] }
}

/** Until the world has its sky and has gone idle (world-support's wait, as the e2e tests use). */
async function settle(page: Page): Promise<WorldCounters> {
  await waitForWorld({ page }, (w) => w.hasPanorama, 240_000)
  return waitForIdle({ page }, 240_000)
}

async function reading(page: Page, cdp: CDPSession): Promise<SwitchReading> {
  // Twice: objects freed by the first collection's finalisers go in the second.
  await cdp.send('HeapProfiler.collectGarbage')
  await cdp.send('HeapProfiler.collectGarbage')
  const heap = await cdp.send('Runtime.getHeapUsage')
  const gpu = await page.evaluate(() => {
    const info = window.__worldwalk!.three!.gl.info.memory
    return { geometries: info.geometries, textures: info.textures }
  })
  const c = await worldCounters({ page })
  return { heapMb: heap.usedSize / 2 ** 20, ...gpu, splats: c.splats }
}

async function openWorld(page: Page, id: string): Promise<void> {
  await page.evaluate(async (worldId) => {
    const commands = window.__worldwalkGallery!.getState().commands
    if (!commands) throw new Error('the gallery has no commands (storage unavailable?)')
    await commands.open(worldId)
  }, id)
}

/**
 * "add a lake over there" 20 m ahead, then "undo", `cycles` times: each edit throws away the
 * frames and splats its footprint meets and the model makes them again; each undo does the same
 * back to the old table.
 */
async function editUndoLoop(
  page: Page,
  cdp: CDPSession,
  cycles: number,
): Promise<WorldSwitchResult['edits']> {
  const say = async (text: string): Promise<void> => {
    await page.evaluate((t) => {
      const ww = window.__worldwalk!
      ww.app.getState().pickTarget({ point: [0, 0, -20], source: 'other', at: performance.now() })
      ww.world!.command(t)
    }, text)
    await settle(page)
  }
  const cycleMs: number[] = []
  const cycle = async (): Promise<void> => {
    const t0 = performance.now()
    await say('add a lake over there')
    await say('undo')
    cycleMs.push(performance.now() - t0)
  }
  await cycle()
  await cycle()
  const warm = await reading(page, cdp)
  const readings: SwitchReading[] = []
  for (let i = 0; i < cycles; i++) {
    console.error(`bench: edit and undo ${i + 1} of ${cycles}`)
    await cycle()
    readings.push(await reading(page, cdp))
  }
  return { cycles, warm, readings, cycleMs: cycleMs.slice(2) }
}

export async function measureWorldSwitch(switches: number, editCycles: number): Promise<WorldSwitchResult> {
  const { server, url } = await startDevServer()
  let browser: Browser | null = null
  try {
    browser = await launchChromium()
    const context = await browser.newContext({ viewport: { width: 320, height: 200 } })
    await context.addInitScript('globalThis.__name = (f) => f')
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${url}?${QUERY}&fresh&prompt=${encodeURIComponent(PROMPT_A)}`, {
      waitUntil: 'load',
      timeout: 180_000,
    })
    await page.waitForFunction(() => window.__worldwalk?.world != null, undefined, { timeout: 180_000 })
    const worldId = (): Promise<string> => page.evaluate(() => window.__worldwalk!.world!.session.world.id)
    const a = { id: await worldId(), frames: (await settle(page)).frames }
    const prompt = page.locator('[data-testid=prompt]')
    await prompt.fill(PROMPT_B)
    await prompt.press('Enter')
    await page.waitForFunction((p) => window.__worldwalk!.world!.session.world.prompt === p, PROMPT_B)
    const b = { id: await worldId(), frames: (await settle(page)).frames }
    await page.evaluate(() => window.__worldwalk!.world!.storage!.flush())
    await page.waitForFunction(() => window.__worldwalkGallery?.getState().commands != null)

    const cdp = await context.newCDPSession(page)
    const switchMs: number[] = []
    const switchTo = async (id: string): Promise<void> => {
      const before = (await worldCounters({ page })).modelCalls
      const t0 = performance.now()
      await openWorld(page, id)
      const c = await settle(page)
      switchMs.push(performance.now() - t0)
      // At most the sky panorama is painted again; a reopen that asks for its frames is not one.
      if (c.modelCalls - before > 1)
        throw new Error(`world-switch bench: ${c.modelCalls - before} model calls on a reopen`)
    }
    // Warm-up: the first opens fill caches (shaders, pools) that stay for any world.
    await switchTo(a.id)
    await switchTo(b.id)
    const warm = await reading(page, cdp)
    const readings: SwitchReading[] = []
    for (let i = 0; i < switches; i++) {
      console.error(`bench: world switch ${i + 1} of ${switches}`)
      await switchTo(i % 2 === 0 ? a.id : b.id)
      readings.push(await reading(page, cdp))
    }
    const edits = await editUndoLoop(page, cdp, editCycles)
    if (errors.length) throw new Error(`world-switch bench page failed: ${errors.join('; ')}`)
    return {
      switches,
      warm,
      readings,
      switchMs: switchMs.slice(2),
      frames: { a: a.frames, b: b.frames },
      edits,
    }
  } finally {
    await browser?.close().catch(() => {})
    await server.close()
  }
}

/** The fields both series report: growth from the warm-up reading to the last, and the counts. */
function growth(warm: SwitchReading, readings: SwitchReading[]) {
  const last = readings.at(-1)!
  return {
    value: round(last.heapMb - warm.heapMb, 2),
    unit: 'MB',
    heapAfterWarmUpMb: round(warm.heapMb, 1),
    geometries: `${warm.geometries} -> ${last.geometries}`,
    textures: `${warm.textures} -> ${last.textures}`,
    splats: `${warm.splats} -> ${last.splats}`,
  }
}

export async function* bench(ctx: BenchContext): AsyncGenerator<BenchResult> {
  const sw = await measureWorldSwitch(ctx.quick ? 6 : WORLD_SWITCHES, ctx.quick ? 6 : EDIT_CYCLES)
  yield {
    name: 'pacing.world_switch_heap_growth_mb',
    ...growth(sw.warm, sw.readings),
    budget: 2,
    switches: sw.switches,
    heapMbEachSwitch: sw.readings.map((r) => round(r.heapMb, 1)),
    framesPerWorld: sw.frames,
    switchMsP50: round(median(sw.switchMs), 0),
    note: "the page's JS heap after forced GC (CDP); the workers' heaps are other isolates, not counted",
  }
  const e = sw.edits
  yield {
    name: 'pacing.edit_undo_heap_growth_mb',
    ...growth(e.warm, e.readings),
    cycles: e.cycles,
    heapMbEachCycle: e.readings.map((r) => round(r.heapMb, 1)),
    cycleMsP50: round(median(e.cycleMs), 0),
    note: "'add a lake over there' then 'undo', each settled; the page's JS heap after forced GC",
  }
}
