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

export interface TaskReport {
  /** The longest main-thread task between the marks, ms. */
  longestMs: number
  /** Tasks between the marks longer than `budgetMs`. */
  overBudget: number
  tasks: number
  /** The longest task's inner events over 1 ms, longest first: "name (where) ms". */
  longestSpentOn: string[]
}

/** The tasks on the thread that made mark `from`, between it and mark `to`. */
export function mainThreadTasks(
  events: TraceEvent[],
  from: string,
  to: string,
  budgetMs: number,
): TaskReport {
  const start = events.find((e) => e.name === from)
  const end = events.find((e) => e.name === to)
  if (!start || !end) throw new Error(`trace: marks "${from}" and "${to}" not both found`)
  const onMain = (e: TraceEvent): boolean => e.pid === start.pid && e.tid === start.tid
  const tasks = events.filter(
    (e) => onMain(e) && e.ph === 'X' && TASK_NAMES.has(e.name) && e.ts >= start.ts && e.ts <= end.ts,
  )
  let longest: TraceEvent | null = null
  for (const t of tasks) if (!longest || t.dur! > longest.dur!) longest = t
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
  return {
    longestMs: longest ? longest.dur! / 1000 : 0,
    overBudget: tasks.filter((t) => t.dur! / 1000 > budgetMs).length,
    tasks: tasks.length,
    longestSpentOn: inside.slice(0, 6).map((e) => `${e.name}${where(e)} ${(e.dur! / 1000).toFixed(1)}`),
  }
}
