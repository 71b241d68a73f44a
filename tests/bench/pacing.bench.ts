/**
 * `npm run bench -- --only pacing`: issue #15's pacing numbers, headless Chromium, one run.
 *
 * - pacing.main_ms_ratio: main-thread JS per animation frame, the app's render path over a bare
 *   Spark page drawing the same splats (render-cost.ts; median rAF ms per frame, app / bare).
 * - pacing.alloc_ratio: bytes allocated per frame, app / bare (V8 sampling heap profiler).
 * - pacing.longest_task_ms: the longest main-thread task while a world of RESTORE_FRAMES 64 px
 *   frames is restored, from a Chromium trace (trace-tasks.ts: every task, where the 'longtask'
 *   observer sees only those over 50 ms), with the worker lifter and the in-process one, each RUNS
 *   times (median), with the count over the 8 ms budget and what the longest spent its time on.
 * - pacing.restore_frame_gap_ms: the longest and 95th-percentile gap between animation frames in
 *   the same window (finer than 50 ms; includes SwiftShader compositing, so a floor, not a cost).
 */
import type { Browser } from 'playwright-core'
import { launchChromium, startDevServer } from '../e2e/harness'
import { median, quantile, round, type BenchContext, type BenchResult } from './harness'
import { measureRenderCost, type RenderCost } from './render-cost'
import { mainThreadTasks, TRACE_CATEGORIES } from './trace-tasks'

export const area = 'pacing'

const RENDER_SPLATS = 500_000
const RESTORE_FRAMES = 80
const RUNS = 3
/** Issue #15's budget for any main-thread task while the world changes. */
const TASK_BUDGET_MS = 8

interface RestoreRun {
  /** From the trace: every main-thread task, not only those over 50 ms (the 'longtask' floor). */
  traced: number
  overBudget: number
  tasks: number
  spentOn: string[]
  longest: number
  gapMax: number
  gapP95: number
  restoreMs: number
  splats: number
}

async function restoreOnce(
  browser: Browser,
  url: string,
  lifter: string,
  frames: number,
): Promise<RestoreRun> {
  const context = await browser.newContext({ viewport: { width: 320, height: 200 } })
  await context.addInitScript('globalThis.__name = (f) => f')
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  let tracing = true
  await browser.startTracing(page, { categories: TRACE_CATEGORIES })
  try {
    await page.goto(`${url}tests/bench/pages/restore-lift.html?lifter=${lifter}&frames=${frames}`, {
      waitUntil: 'load',
      timeout: 180_000,
    })
    await page.waitForFunction(
      () => {
        const r = window.__restore
        if (r?.error) throw new Error(r.error)
        return r?.done === true
      },
      undefined,
      { timeout: 300_000, polling: 200 },
    )
    const r = await page.evaluate(() => window.__restore!)
    if (errors.length) throw new Error(`restore bench page (${lifter}) failed: ${errors.join('; ')}`)
    tracing = false
    const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as {
      traceEvents: Parameters<typeof mainThreadTasks>[0]
    }
    const tasks = mainThreadTasks(trace.traceEvents, 'restore-start', 'restore-end', TASK_BUDGET_MS)
    return {
      traced: tasks.longestMs,
      overBudget: tasks.overBudget,
      tasks: tasks.tasks,
      spentOn: tasks.longestSpentOn,
      longest: r.longTasks.length ? Math.max(...r.longTasks) : 0,
      gapMax: Math.max(...r.frameGaps),
      gapP95: quantile(r.frameGaps, 0.95),
      restoreMs: r.restoreMs,
      splats: r.splats,
    }
  } finally {
    if (tracing) await browser.stopTracing().catch(() => {})
    await context.close()
  }
}

async function measureRestore(frames: number, runs: number): Promise<Record<string, RestoreRun[]>> {
  const { server, url } = await startDevServer()
  let browser: Browser | null = null
  try {
    browser = await launchChromium()
    const out: Record<string, RestoreRun[]> = { inproc: [], worker: [] }
    // Alternated, so drift on a shared machine hits both alike.
    for (let i = 0; i < runs; i++)
      for (const lifter of ['inproc', 'worker']) {
        console.error(`bench: restore, ${lifter} lifter, run ${i + 1}`)
        out[lifter]!.push(await restoreOnce(browser, url, lifter, frames))
      }
    return out
  } finally {
    await browser?.close().catch(() => {})
    await server.close()
  }
}

export async function* bench(ctx: BenchContext): AsyncGenerator<BenchResult> {
  const runs = ctx.quick ? 1 : RUNS
  const restore = await measureRestore(ctx.quick ? 30 : RESTORE_FRAMES, runs)
  type Numeric = 'traced' | 'overBudget' | 'tasks' | 'longest' | 'gapMax' | 'gapP95' | 'restoreMs' | 'splats'
  const med = (k: Numeric, l: string): number => round(median(restore[l]!.map((r) => r[k])), 1)
  const worst = (l: string): RestoreRun => restore[l]!.reduce((a, b) => (b.traced > a.traced ? b : a))
  yield {
    name: 'pacing.longest_task_ms',
    value: med('traced', 'worker'),
    unit: 'ms',
    budget: TASK_BUDGET_MS,
    inProcess: med('traced', 'inproc'),
    tasksOverBudget: med('overBudget', 'worker'),
    inProcessTasksOverBudget: med('overBudget', 'inproc'),
    tasks: med('tasks', 'worker'),
    longestSpentOn: worst('worker').spentOn,
    longTaskObserver: med('longest', 'worker'),
    frames: ctx.quick ? 30 : RESTORE_FRAMES,
    runs,
    splats: med('splats', 'worker'),
    inProcessSplats: med('splats', 'inproc'),
    note: "while restoring, from a Chromium trace (RunTask on the page's main thread); longTaskObserver: the 'longtask' entries, over 50 ms only",
  }
  yield {
    name: 'pacing.restore_frame_gap_ms',
    value: med('gapMax', 'worker'),
    unit: 'ms',
    inProcess: med('gapMax', 'inproc'),
    p95: med('gapP95', 'worker'),
    inProcessP95: med('gapP95', 'inproc'),
    restoreMs: med('restoreMs', 'worker'),
    inProcessRestoreMs: med('restoreMs', 'inproc'),
  }
  const splats = ctx.quick ? RENDER_SPLATS / 10 : RENDER_SPLATS
  const [bare, app] = (await measureRenderCost(
    ['bare', 'app'],
    splats,
    ctx.quick ? 12 : 20,
    ctx.quick ? 4 : 6,
  )) as [RenderCost, RenderCost]
  yield {
    name: 'pacing.main_ms_ratio',
    value: round(app.rafMsP50 / bare.rafMsP50, 2),
    unit: 'ratio',
    budget: 1.15,
    app: app.rafMsP50,
    bare: bare.rafMsP50,
    meshes: app.meshes,
    splats,
  }
  yield {
    name: 'pacing.alloc_ratio',
    value: round(app.allocBytesPerFrame / bare.allocBytesPerFrame, 2),
    unit: 'ratio',
    budget: 1.2,
    app: app.allocBytesPerFrame,
    bare: bare.allocBytesPerFrame,
    splats,
  }
}
