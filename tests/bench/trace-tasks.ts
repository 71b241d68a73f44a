/**
 * Main-thread tasks from a Chromium trace (Playwright's browser.startTracing, categories
 * TRACE_CATEGORIES): the longest task between two `performance.mark`s of the page, how many ran
 * over a budget, and what the longest one spent its time on. The 'longtask' PerformanceObserver
 * only sees tasks over 50 ms; issue #15's budget is 8.
 */

/** What to record: tasks (toplevel), the page's marks, and what ran inside a task. */
export const TRACE_CATEGORIES = ['toplevel', 'blink.user_timing', 'devtools.timeline', 'v8']

/** A task of the thread's scheduler, as Chromium names it (RunTask before Chromium ~110). */
const TASK_NAMES = new Set(['ThreadControllerImpl::RunTask', 'RunTask'])

interface TraceEvent {
  name: string
  ph: string
  ts: number
  dur?: number
  pid: number
  tid: number
  args?: { data?: { functionName?: string; url?: string; lineNumber?: number } }
}

/** A stretch of time (trace microseconds) that does not count against a task: see `gpuWaits`. */
export interface Span {
  start: number
  end: number
}

/** A V8 CPU profile (CDP Profiler.stop), the fields read here. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url?: string; lineNumber?: number } }[]
  startTime: number
  samples: number[]
  timeDeltas: number[]
}

/**
 * Calls that wait for the GPU to finish (headless Chromium's software GPU, llvmpipe or
 * SwiftShader, does its work on the CPU): WebGL's own, and three.js's async read-back (Spark's
 * sort keys), whose native calls a profile taken while tracing leaves out and counts as the
 * function's own time.
 */
const GPU_WAITS = new Set([
  'getBufferSubData',
  'readPixels',
  'clientWaitSync',
  'finish',
  'WebGLRenderer.readRenderTargetPixelsAsync',
])

/**
 * Where a CPU profile's samples were inside a call that waits for the GPU (Spark's sort
 * read-back): headless Chromium draws on the CPU (llvmpipe or SwiftShader), so that wait is the
 * whole scene's drawing, not the page's own work, and it would swamp any main-thread cost. The
 * profile's clock is the trace's (microseconds).
 */
export function gpuWaits(profile: CpuProfile): Span[] {
  const name = new Map(profile.nodes.map((n) => [n.id, n.callFrame.functionName]))
  const spans: Span[] = []
  let t = profile.startTime
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0
    const next = t + (profile.timeDeltas[i + 1] ?? 0)
    if (!GPU_WAITS.has(name.get(profile.samples[i]!) ?? '')) continue
    const last = spans[spans.length - 1]
    if (last && last.end >= t) last.end = next
    else spans.push({ start: t, end: next })
  }
  return spans
}

/**
 * Where a CPU profile's samples inside `spans` (the tasks over budget) spent their own time,
 * outside GPU waits: "function file:line ms", the largest `top` (the garbage collector is
 * V8's "(garbage collector)"). The trace names only a task's outermost calls; this names the code.
 */
export function selfTimeIn(profile: CpuProfile, spans: readonly Span[], top = 6): string[] {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]))
  const ms = new Map<string, number>()
  let t = profile.startTime
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000
    const f = frames.get(profile.samples[i]!)
    if (!f || GPU_WAITS.has(f.functionName) || !spans.some((s) => t >= s.start && t < s.end)) continue
    const file = f.url ? ` ${f.url.split('/').pop()?.split('?')[0]}:${(f.lineNumber ?? 0) + 1}` : ''
    const key = `${f.functionName || '(anonymous)'}${file}`
    ms.set(key, (ms.get(key) ?? 0) + dt)
  }
  return [...ms]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, v]) => `${k} ${v.toFixed(1)}`)
}

export interface TaskReport {
  /** The longest main-thread task between the marks, ms. */
  longestMs: number
  /** Tasks between the marks longer than `budgetMs`. */
  overBudget: number
  tasks: number
  /**
   * The longest task's inner events over 1 ms, longest first: "name (where) ms" (whole
   * durations: a GPU wait excluded from the task is still inside the event that made it).
   */
  longestSpentOn: string[]
  /** The tasks over `budgetMs`, as spans of the trace's clock (for `selfTimeIn`), longest first. */
  overBudgetSpans: Span[]
}

/**
 * The tasks on the thread that made mark `from`, between it and mark `to`; a task's time inside
 * `excluded` spans (gpuWaits) is not counted.
 */
export function mainThreadTasks(
  events: TraceEvent[],
  from: string,
  to: string,
  budgetMs: number,
  excluded: readonly Span[] = [],
): TaskReport {
  const start = events.find((e) => e.name === from)
  const end = events.find((e) => e.name === to)
  if (!start || !end) throw new Error(`trace: marks "${from}" and "${to}" not both found`)
  const onMain = (e: TraceEvent): boolean => e.pid === start.pid && e.tid === start.tid
  const tasks = events.filter(
    (e) => onMain(e) && e.ph === 'X' && TASK_NAMES.has(e.name) && e.ts >= start.ts && e.ts <= end.ts,
  )
  // Each task's own time, once: its duration less what it spent in `excluded`.
  const own = new Map<TraceEvent, number>()
  for (const t of tasks) {
    let d = t.dur!
    for (const x of excluded) d -= Math.max(0, Math.min(x.end, t.ts + t.dur!) - Math.max(x.start, t.ts))
    own.set(t, d)
  }
  let longest: TraceEvent | null = null
  for (const t of tasks) if (!longest || own.get(t)! > own.get(longest)!) longest = t
  const inside = longest
    ? events.filter(
        (e) =>
          onMain(e) &&
          e.ph === 'X' &&
          e !== longest &&
          e.ts >= longest.ts &&
          e.ts + (e.dur ?? 0) <= longest.ts + longest.dur! &&
          (e.dur ?? 0) > 1000,
      )
    : []
  inside.sort((a, b) => b.dur! - a.dur!)
  const where = (e: TraceEvent): string => {
    const d = e.args?.data
    if (!d?.url && !d?.functionName) return ''
    return ` (${d.functionName || '?'} ${d.url?.split('/').pop() ?? ''}:${d.lineNumber ?? ''})`
  }
  const over = tasks.filter((t) => own.get(t)! / 1000 > budgetMs).sort((a, b) => own.get(b)! - own.get(a)!)
  return {
    longestMs: longest ? own.get(longest)! / 1000 : 0,
    overBudget: over.length,
    overBudgetSpans: over.map((t) => ({ start: t.ts, end: t.ts + t.dur! })),
    tasks: tasks.length,
    longestSpentOn: inside.slice(0, 6).map((e) => `${e.name}${where(e)} ${(e.dur! / 1000).toFixed(1)}`),
  }
}
