/**
 * The benchmark contract: every `tests/bench/*.bench.ts` file exports `area` and `bench`, an async
 * generator of results. The runner prints one JSON object per line. Timings on this shared, noisy
 * machine are medians over repeats, and where a ratio means something the bench measures a
 * baseline in the same run and reports `ratio` (value / baseline).
 */
export interface BenchResult {
  /** `area.metric`, e.g. `model.frame_128_node_p50`. */
  name: string
  value: number
  unit: string
  baseline?: number
  ratio?: number
  /** Budget the value is meant to meet, for a reader's convenience. */
  budget?: number
  [extra: string]: unknown
}

export interface BenchContext {
  /** Scale repeat counts down for a quick look (`--quick`). */
  quick: boolean
}

export interface BenchModule {
  area: string
  bench: (ctx: BenchContext) => AsyncIterable<BenchResult>
}

export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo)
}

export const median = (samples: readonly number[]): number => quantile(samples, 0.5)

/** Times `fn` `repeats` times after `warmup` untimed calls; returns milliseconds per call. */
export async function timeCalls(fn: () => unknown, repeats: number, warmup = 2): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn()
  const samples: number[] = []
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now()
    await fn()
    samples.push(performance.now() - t0)
  }
  return samples
}

export function round(value: number, digits = 3): number {
  const f = 10 ** digits
  return Math.round(value * f) / f
}
