/**
 * `npm run bench -- --only pacing`: issue #15's pacing numbers, headless Chromium, one run.
 *
 * - pacing.main_ms_ratio: main-thread JS per animation frame, the app's render path over a bare
 *   Spark page drawing the same splats (render-cost.ts; median rAF ms per frame, app / bare).
 * - pacing.alloc_ratio: bytes allocated per frame, app / bare (V8 sampling heap profiler).
 * - pacing.longest_task_ms: the longest main-thread task while a world of RESTORE_FRAMES 64 px
 *   frames is restored and drawn (the worker lifter, SplatPages in an r3f Canvas), from a Chromium
 *   trace (trace-tasks.ts: every task, where the 'longtask' observer sees only those over 50 ms),
 *   RUNS times (median), with the count over the 8 ms budget and what the longest spent its time
 *   on; the same without drawing (liftOnly) and lifting in the page (inProcess) alongside.
 * - pacing.restore_frame_gap_ms: the longest and 95th-percentile gap between animation frames in
 *   the same window (finer than 50 ms; includes SwiftShader compositing, so a floor, not a cost).
 */
import type { Browser, Page } from 'playwright-core'
import { launchChromium, startDevServer } from '../e2e/harness'
import { median, quantile, round, type BenchContext, type BenchResult } from './harness'
import { runBenchPage, runRestorePage } from './pages/restore-page'
import { measureRenderCost, type RenderCost } from './render-cost'
import {
  gpuWaits,
  mainThreadTasks,
  selfTimeIn,
  TRACE_CATEGORIES,
  type CpuProfile,
  type TaskReport,
} from './trace-tasks'

export const area = 'pacing'

const RENDER_SPLATS = 500_000
const RESTORE_FRAMES = 80
/** The import the issue names: a 1M-splat file placed in the world. */
const IMPORT_SPLATS = 1_000_000
const RUNS = 3
/** Issue #15's budget for any main-thread task while the world changes. */
const TASK_BUDGET_MS = 8

interface RestoreRun {
  /** From the trace: every main-thread task, not only those over 50 ms (the 'longtask' floor). */
  traced: number
  overBudget: number
  tasks: number
  spentOn: string[]
  /** Own time by function inside the tasks over budget (profile samples), and the longest alone. */
  overBudgetCode: string[]
  longestCode: string[]
  longest: number
  gapMax: number
  gapP95: number
  restoreMs: number
  splats: number
  uploadMb: number
}

/** What a restore run does on the page: the lifter it uses, and whether SplatPages draws. */
const VARIANTS = {
  inproc: 'lifter=inproc',
  worker: 'lifter=worker',
  drawn: 'lifter=worker&draw=1',
} as const
type Variant = keyof typeof VARIANTS

/** A page's main-thread tasks between two of its marks, traced, with the code inside the worst. */
interface TracedTasks {
  report: TaskReport
  overBudgetCode: string[]
  longestCode: string[]
}

/**
 * Runs `body` on a fresh page under a Chromium trace and a V8 CPU profile (sampled alongside, to
 * take the GPU's work out of the tasks that wait for it), and reads the tasks between `marks`.
 */
async function traced(
  browser: Browser,
  label: string,
  marks: [string, string],
  body: (page: Page) => Promise<void>,
): Promise<TracedTasks> {
  const context = await browser.newContext({ viewport: { width: 320, height: 200 } })
  await context.addInitScript('globalThis.__name = (f) => f')
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  let tracing = true
  const cdp = await context.newCDPSession(page)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 })
  await cdp.send('Profiler.start')
  await browser.startTracing(page, { categories: TRACE_CATEGORIES })
  try {
    await body(page)
    if (errors.length) throw new Error(`${label} bench page failed: ${errors.join('; ')}`)
    tracing = false
    const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as {
      traceEvents: Parameters<typeof mainThreadTasks>[0]
    }
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile }
    const report = mainThreadTasks(trace.traceEvents, marks[0], marks[1], TASK_BUDGET_MS, gpuWaits(profile))
    return {
      report,
      overBudgetCode: selfTimeIn(profile, report.overBudgetSpans),
      longestCode: selfTimeIn(profile, report.overBudgetSpans.slice(0, 1)),
    }
  } finally {
    if (tracing) await browser.stopTracing().catch(() => {})
    await context.close()
  }
}

async function restoreOnce(
  browser: Browser,
  url: string,
  variant: Variant,
  frames: number,
): Promise<RestoreRun> {
  let r: Window['__restore']
  const t = await traced(browser, `restore (${variant})`, ['restore-start', 'restore-end'], async (page) => {
    await runRestorePage(page, url, `${VARIANTS[variant]}&frames=${frames}`)
    r = await page.evaluate(() => window.__restore!)
  })
  return {
    traced: t.report.longestMs,
    overBudget: t.report.overBudget,
    tasks: t.report.tasks,
    spentOn: t.report.longestSpentOn,
    overBudgetCode: t.overBudgetCode,
    longestCode: t.longestCode,
    longest: r!.longTasks.length ? Math.max(...r!.longTasks) : 0,
    gapMax: Math.max(...r!.frameGaps),
    gapP95: quantile(r!.frameGaps, 0.95),
    restoreMs: r!.restoreMs,
    splats: r!.splats,
    uploadMb: r!.uploadMb,
  }
}

/** Places an imported file of `splats` splats and traces until all of them are drawn. */
async function placeOnce(
  browser: Browser,
  url: string,
  splats: number,
): Promise<TracedTasks & { placeMs: number; uploadMb: number }> {
  let placeMs = 0
  let uploadMb = 0
  const t = await traced(browser, 'place import', ['place-start', 'place-end'], async (page) => {
    await runBenchPage(page, url, `place-import.html?splats=${splats}`, '__place')
    ;({ placeMs, uploadMb } = await page.evaluate(() => window.__place!))
  })
  return { ...t, placeMs, uploadMb }
}

type PlaceRun = Awaited<ReturnType<typeof placeOnce>>

async function measureRestore(
  frames: number,
  placeSplats: number,
  runs: number,
): Promise<{ restore: Record<Variant, RestoreRun[]>; place: PlaceRun[] }> {
  const { server, url } = await startDevServer()
  let browser: Browser | null = null
  try {
    browser = await launchChromium()
    const out: Record<Variant, RestoreRun[]> = { inproc: [], worker: [], drawn: [] }
    const place: PlaceRun[] = []
    // Alternated, so drift on a shared machine hits all alike.
    for (let i = 0; i < runs; i++) {
      for (const variant of Object.keys(VARIANTS) as Variant[]) {
        console.error(`bench: restore, ${variant}, run ${i + 1}`)
        out[variant].push(await restoreOnce(browser, url, variant, frames))
      }
      console.error(`bench: placing an import of ${placeSplats} splats, run ${i + 1}`)
      place.push(await placeOnce(browser, url, placeSplats))
    }
    return { restore: out, place }
  } finally {
    await browser?.close().catch(() => {})
    await server.close()
  }
}

export async function* bench(ctx: BenchContext): AsyncGenerator<BenchResult> {
  const runs = ctx.quick ? 1 : RUNS
  const placeSplats = ctx.quick ? 200_000 : IMPORT_SPLATS
  const { restore, place } = await measureRestore(ctx.quick ? 30 : RESTORE_FRAMES, placeSplats, runs)
  type Numeric =
    'traced' | 'overBudget' | 'tasks' | 'longest' | 'gapMax' | 'gapP95' | 'restoreMs' | 'splats' | 'uploadMb'
  const med = (k: Numeric, l: Variant): number => round(median(restore[l].map((r) => r[k])), 1)
  const worst = (l: Variant): RestoreRun => restore[l].reduce((a, b) => (b.traced > a.traced ? b : a))
  yield {
    name: 'pacing.longest_task_ms',
    value: med('traced', 'drawn'),
    unit: 'ms',
    budget: TASK_BUDGET_MS,
    tasksOverBudget: med('overBudget', 'drawn'),
    tasks: med('tasks', 'drawn'),
    longestSpentOn: worst('drawn').spentOn,
    overBudgetCode: worst('drawn').overBudgetCode,
    longestCode: worst('drawn').longestCode,
    liftOnly: med('traced', 'worker'),
    liftOnlyTasksOverBudget: med('overBudget', 'worker'),
    liftOnlySpentOn: worst('worker').spentOn,
    inProcess: med('traced', 'inproc'),
    inProcessTasksOverBudget: med('overBudget', 'inproc'),
    longTaskObserver: med('longest', 'drawn'),
    frames: ctx.quick ? 30 : RESTORE_FRAMES,
    runs,
    splats: med('splats', 'drawn'),
    textureUploadMb: med('uploadMb', 'drawn'),
    inProcessSplats: med('splats', 'inproc'),
    note: "while restoring with the worker lifter and SplatPages drawing, less the WebGL calls that wait for the software GPU's drawing (gpuWaits in trace-tasks.ts; liftOnly: not drawing; inProcess: lifting in the page, not drawing), from a Chromium trace (RunTask on the page's main thread); longTaskObserver: the 'longtask' entries, over 50 ms only",
  }
  const worstPlace = place.reduce((a, b) => (b.report.longestMs > a.report.longestMs ? b : a))
  yield {
    name: 'pacing.import_longest_task_ms',
    value: round(median(place.map((p) => p.report.longestMs)), 1),
    unit: 'ms',
    budget: TASK_BUDGET_MS,
    tasksOverBudget: round(median(place.map((p) => p.report.overBudget)), 1),
    splats: placeSplats,
    placeMs: round(median(place.map((p) => p.placeMs)), 0),
    textureUploadMb: round(median(place.map((p) => p.uploadMb)), 1),
    longestSpentOn: worstPlace.report.longestSpentOn,
    longestCode: worstPlace.longestCode,
    runs,
    note: 'placing an imported file (parsed, as the import worker hands it over) until every splat is drawn: PlacedSplats beside SplatPages in an r3f Canvas, less GPU waits',
  }
  yield {
    name: 'pacing.restore_frame_gap_ms',
    value: med('gapMax', 'drawn'),
    unit: 'ms',
    p95: med('gapP95', 'drawn'),
    liftOnly: med('gapMax', 'worker'),
    inProcess: med('gapMax', 'inproc'),
    restoreMs: med('restoreMs', 'drawn'),
    liftOnlyRestoreMs: med('restoreMs', 'worker'),
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
