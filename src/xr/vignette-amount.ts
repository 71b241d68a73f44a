/**
 * How dark the comfort vignette is. Artificial motion the inner ear does not feel is what makes
 * people sick; narrowing the field of view while it happens helps most people. Pure math, tested.
 */

/** Strength while walking at full stick. Not 1: the person must still see where they go. */
export const VIGNETTE_MOVE = 0.75
/** Strength right after a snap turn or a teleport (the view jumps). */
export const VIGNETTE_JUMP = 0.9
/** How fast the vignette closes in (per second): quickly, before discomfort builds. */
export const VIGNETTE_RISE = 8
/** How fast it opens again (per second): slower, so it does not flicker between stick pulses. */
export const VIGNETTE_FALL = 3

/** The strength the vignette heads for: proportional to stick speed (0..1). */
export function vignetteTarget(moveAmount: number, enabled: boolean): number {
  if (!enabled) return 0
  return Math.min(1, Math.max(0, moveAmount)) * VIGNETTE_MOVE
}

/**
 * One frame of easing from `current` towards `target` over `dt` seconds (exponential, so frame rate
 * does not change the feel). A jump (snap turn, teleport) kicks it up at once.
 */
export function vignetteStep(
  current: number,
  target: number,
  dt: number,
  jumped: boolean,
  enabled: boolean,
): number {
  if (!enabled) return 0
  const from = jumped ? Math.max(current, VIGNETTE_JUMP) : current
  const rate = target > from ? VIGNETTE_RISE : VIGNETTE_FALL
  const k = 1 - Math.exp(-rate * Math.max(0, dt))
  const next = from + (target - from) * k
  return next < 0.002 ? 0 : next
}
