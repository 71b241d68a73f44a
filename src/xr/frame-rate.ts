/** The refresh rate we ask for: 90 Hz leaves 11.1 ms per frame, the budget ARCHITECTURE.md designs for. */
export const PREFERRED_FRAME_RATE = 90

/**
 * Picks the supported rate closest to the preferred one, preferring the higher of two equally close
 * rates (motion comfort). Returns false to keep the device default when it reports no rates.
 */
export function pickFrameRate(
  supported: ArrayLike<number>,
  preferred = PREFERRED_FRAME_RATE,
): number | false {
  let best: number | false = false
  for (let i = 0; i < supported.length; i++) {
    const rate = supported[i]
    if (best === false) {
      best = rate
      continue
    }
    const d = Math.abs(rate - preferred)
    const bd = Math.abs(best - preferred)
    if (d < bd || (d === bd && rate > best)) best = rate
  }
  return best
}
