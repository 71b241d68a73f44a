/**
 * Chooses a lower refresh rate when the measured frame time says the current one cannot be held.
 * Missing frames at 90 Hz (judder, reprojection) is worse for comfort than a steady 72 Hz, so the
 * session starts at 90 (frame-rate.ts) and steps down only on evidence. Never steps up by itself:
 * a scene that just became lighter would otherwise bounce between rates. Pure, tested in Node.
 */

/** A rate must miss its budget by this factor (median frame interval) before we give it up. */
export const OVER_BUDGET = 1.2

/** Median of the first `n` values of `samples` (copied into `scratch` to sort; no allocation). */
export function median(samples: Float32Array, n: number, scratch: Float32Array): number {
  if (n <= 0) return 0
  const s = scratch.subarray(0, n)
  s.set(samples.subarray(0, n))
  s.sort()
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2
}

/**
 * The rate to switch to, or null to stay: the highest supported rate below `current` whose budget the
 * measured median frame interval (ms) fits, else the lowest supported rate.
 */
export function lowerRateFor(supported: ArrayLike<number>, current: number, medianMs: number): number | null {
  if (!(medianMs > (1000 / current) * OVER_BUDGET)) return null
  let best: number | null = null
  let lowest: number | null = null
  for (let i = 0; i < supported.length; i++) {
    const r = supported[i]!
    if (r >= current) continue
    if (lowest === null || r < lowest) lowest = r
    if (medianMs <= (1000 / r) * OVER_BUDGET && (best === null || r > best)) best = r
  }
  return best ?? lowest
}
