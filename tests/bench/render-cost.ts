/**
 * Main-thread JS per animation frame while Spark draws `splats` splats, in headless Chromium:
 * the app's render path (r3f Canvas + GeneratedWorld / SplatPages over SplatStore pages) against a
 * bare Spark page (three.js + SparkRenderer + one SplatMesh of the same splats), in one run, one
 * page after another in the same browser. Driven through tests/bench/pages/splat-render.html.
 *
 * Two clocks, both main-thread only (SwiftShader rasterises in Chromium's GPU process, so GPU
 * time is not in either):
 * - rAF: a wrapper around requestAnimationFrame (pages/frame-timer.js) sums the milliseconds of
 *   every callback of one frame; the median over the measured frames is the headline number.
 * - CDP Performance.getMetrics ScriptDuration: all main-thread JS (rAF, Spark's worker replies,
 *   timers) over the measured window, divided by frames: a mean that also catches work outside rAF.
 * Allocation: V8's sampling heap profiler over the measured frames, collected objects included,
 * gives bytes allocated per frame; the heap after a forced GC before and after shows what stays.
 */
import type { Browser, CDPSession, Page } from 'playwright-core'
import { launchChromium, startDevServer } from '../e2e/harness'
import { median, round } from './harness'

export type RenderMode = 'bare' | 'pages' | 'app'

export interface RenderCost {
  mode: RenderMode
  frames: number
  /** Median main-thread ms in rAF callbacks per frame. */
  rafMsP50: number
  rafMsP90: number
  /** CDP ScriptDuration over the window / frames. */
  scriptMsPerFrame: number
  /** Wall-clock ms per frame over the window (mostly SwiftShader: not a main-thread number). */
  frameIntervalMs: number
  /** Estimated bytes allocated per frame on the main thread (sampled). */
  allocBytesPerFrame: number
  /** Heap after GC, after minus before the window. */
  retainedBytes: number
  /** Biggest allocating functions over the window (name @ file:line, bytes per frame). */
  topAllocators: string[]
  meshes: number
}

interface SampleNode {
  callFrame: { functionName: string; url: string; lineNumber: number }
  selfSize: number
  children: SampleNode[]
}

function flatten(node: SampleNode, out: Map<string, number>): void {
  if (node.selfSize > 0) {
    const f = node.callFrame
    const file = f.url.replace(/^.*\/(node_modules\/\.vite[^/]*\/deps\/|src\/|tests\/)/, '')
    const key = `${f.functionName || '(anonymous)'} @ ${file.split('?')[0]}:${f.lineNumber + 1}`
    out.set(key, (out.get(key) ?? 0) + node.selfSize)
  }
  for (const c of node.children) flatten(c, out)
}

async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage')
  await cdp.send('HeapProfiler.collectGarbage')
  const { usedSize } = await cdp.send('Runtime.getHeapUsage')
  return usedSize
}

async function scriptSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics')
  return metrics.find((m) => m.name === 'ScriptDuration')?.value ?? NaN
}

const framesSoFar = (page: Page): Promise<number> =>
  page.evaluate(() => (window as unknown as { __frameTimer: { frames: number } }).__frameTimer.frames)

async function waitFrames(page: Page, n: number, timeoutMs: number): Promise<void> {
  const target = (await framesSoFar(page)) + n
  await page.waitForFunction(
    (t) => (window as unknown as { __frameTimer: { frames: number } }).__frameTimer.frames >= t,
    target,
    { timeout: timeoutMs, polling: 100 },
  )
}

async function measure(
  browser: Browser,
  url: string,
  mode: RenderMode,
  splats: number,
  frames: number,
  warmup: number,
): Promise<RenderCost> {
  const context = await browser.newContext({ viewport: { width: 320, height: 200 } })
  await context.addInitScript('globalThis.__name = (f) => f')
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  try {
    await page.goto(`${url}tests/bench/pages/splat-render.html?mode=${mode}&splats=${splats}`, {
      waitUntil: 'load',
      timeout: 180_000,
    })
    await page.waitForFunction(
      () => {
        const b = (window as unknown as { __bench?: { ready: boolean; error: string | null } }).__bench
        if (b?.error) throw new Error(b.error)
        return b?.ready === true
      },
      undefined,
      { timeout: 600_000, polling: 200 },
    )
    // Spark sorts in a worker and its sort lags by a frame or more: let it settle first.
    await waitFrames(page, warmup, 600_000)
    const cdp = await context.newCDPSession(page)
    await cdp.send('Performance.enable')
    const heapBefore = await heapAfterGc(cdp)
    await cdp.send('HeapProfiler.enable')
    await cdp.send('HeapProfiler.startSampling', {
      samplingInterval: 1024,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    })
    const f0 = await framesSoFar(page)
    const s0 = await scriptSeconds(cdp)
    const t0 = Date.now()
    await waitFrames(page, frames, 900_000)
    const f1 = await framesSoFar(page)
    const s1 = await scriptSeconds(cdp)
    const wall = Date.now() - t0
    const { profile } = (await cdp.send('HeapProfiler.stopSampling')) as unknown as {
      profile: { head: SampleNode }
    }
    const heapAfter = await heapAfterGc(cdp)
    const samples = await page.evaluate(
      ([a, b]) =>
        Array.from(
          (window as unknown as { __frameTimer: { samples: Float64Array } }).__frameTimer.samples.subarray(
            a,
            b,
          ),
        ),
      [f0, f1] as const,
    )
    const meshes = await page.evaluate(
      () => (window as unknown as { __bench: { meshes: number } }).__bench.meshes,
    )
    const n = f1 - f0
    const byFn = new Map<string, number>()
    flatten(profile.head, byFn)
    let total = 0
    for (const v of byFn.values()) total += v
    const top = [...byFn.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([k, v]) => `${k}: ${Math.round(v / n)} B/frame`)
    if (errors.length) throw new Error(`render bench page (${mode}) failed: ${errors.join('; ')}`)
    const sorted = [...samples].sort((a, b) => a - b)
    return {
      mode,
      frames: n,
      rafMsP50: round(median(samples), 3),
      rafMsP90: round(sorted[Math.floor(0.9 * (sorted.length - 1))] ?? NaN, 3),
      scriptMsPerFrame: round(((s1 - s0) * 1000) / n, 3),
      frameIntervalMs: round(wall / n, 1),
      allocBytesPerFrame: Math.round(total / n),
      retainedBytes: heapAfter - heapBefore,
      topAllocators: top,
      meshes,
    }
  } finally {
    await context.close()
  }
}

/** Measures each mode in turn in one browser and one dev server. */
export async function measureRenderCost(
  modes: readonly RenderMode[],
  splats: number,
  frames: number,
  warmup: number,
): Promise<RenderCost[]> {
  const { server, url } = await startDevServer()
  let browser: Browser | null = null
  try {
    browser = await launchChromium()
    const out: RenderCost[] = []
    for (const mode of modes) {
      console.error(`bench: render cost, ${mode}, ${splats} splats`)
      out.push(await measure(browser, url, mode, splats, frames, warmup))
    }
    return out
  } finally {
    await browser?.close().catch(() => {})
    await server.close()
  }
}
