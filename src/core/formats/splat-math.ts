/**
 * The activations the 3DGS formats store their values through. SplatBatch keeps display values
 * (sRGB colour, linear opacity, linear standard deviations); files keep SH DC terms, logits and logs.
 */

/** Zeroth-order real spherical-harmonic constant, 1 / (2 sqrt(pi)). */
export const SH_C0 = 0.28209479177387814

/** sRGB colour in [0, 1] -> SH DC coefficient, as the INRIA trainer defines it. */
export function colorToDc(c: number): number {
  return (c - 0.5) / SH_C0
}

/** SH DC coefficient -> colour, clamped to [0, 1] (DC terms may overshoot where SH bands pull back). */
export function dcToColor(dc: number): number {
  return clamp01(0.5 + SH_C0 * dc)
}

/** Opacities stay strictly inside (0, 1), so their logits stay finite. */
const OPACITY_EPS = 1e-6

export function logit(p: number): number {
  const q = Math.min(1 - OPACITY_EPS, Math.max(OPACITY_EPS, p))
  return Math.log(q / (1 - q))
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x))
}

/** Smallest scale written as a log, metres; a zero scale would become -infinity. */
const MIN_SCALE = 1e-12

export function logScale(s: number): number {
  return Math.log(Math.max(MIN_SCALE, s))
}

export function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x
}

/** Rounds and clamps to a byte, as every quantising writer here does. */
export function toByte(x: number): number {
  const r = Math.round(x)
  return r < 0 ? 0 : r > 255 ? 255 : r
}

/**
 * Normalises quaternion i of `q` (x, y, z, w) in place; a zero or non-finite one becomes the
 * identity, since a renderer would otherwise draw nothing or NaN for it.
 */
export function normalizeQuatAt(q: Float32Array, i: number): void {
  const o = 4 * i
  const n = Math.hypot(q[o]!, q[o + 1]!, q[o + 2]!, q[o + 3]!)
  if (!(n > 0) || !Number.isFinite(n)) {
    q[o] = 0
    q[o + 1] = 0
    q[o + 2] = 0
    q[o + 3] = 1
    return
  }
  q[o] = q[o]! / n
  q[o + 1] = q[o + 1]! / n
  q[o + 2] = q[o + 2]! / n
  q[o + 3] = q[o + 3]! / n
}
