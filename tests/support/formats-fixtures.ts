/** Random splat batches and comparison helpers for the format tests. */
import { createSplatBatch, type SplatBatch } from '../../src/core/lift/splat-batch'
import { rng } from './fixtures'

/**
 * `n` splats with every field exercised: centres within +-extent metres, log-uniform scales in
 * [1 mm, 2 m], uniformly random unit rotations, colours and opacities in [0, 1].
 */
export function randomBatch(n: number, seed = 1, extent = 100): SplatBatch {
  const r = rng(seed)
  const b = createSplatBatch(n)
  b.count = n
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < 3; a++) {
      b.centers[3 * i + a] = (r() * 2 - 1) * extent
      b.scales[3 * i + a] = Math.exp(Math.log(0.001) + r() * Math.log(2000))
      b.colors[3 * i + a] = r()
    }
    // Shoemake's uniform random rotation.
    const u1 = r(), u2 = r() * 2 * Math.PI, u3 = r() * 2 * Math.PI // prettier-ignore
    const a = Math.sqrt(1 - u1)
    const c = Math.sqrt(u1)
    b.quats.set([a * Math.sin(u2), a * Math.cos(u2), c * Math.sin(u3), c * Math.cos(u3)], 4 * i)
    b.opacities[i] = r()
  }
  return b
}

/** Largest |a - b| over the first n entries. */
export function maxAbsDiff(a: Float32Array, b: Float32Array, n: number): number {
  let m = 0
  for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!))
  return m
}

/** Largest relative difference of log scales, i.e. max |ln a - ln b|. */
export function maxLogDiff(a: Float32Array, b: Float32Array, n: number): number {
  let m = 0
  for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(Math.log(a[i]!) - Math.log(b[i]!)))
  return m
}

/** Largest rotation angle (degrees) between corresponding quaternions; q and -q are equal. */
export function maxAngleDeg(a: Float32Array, b: Float32Array, count: number): number {
  let m = 0
  for (let i = 0; i < count; i++) {
    let dot = 0
    for (let c = 0; c < 4; c++) dot += a[4 * i + c]! * b[4 * i + c]!
    m = Math.max(m, (2 * Math.acos(Math.min(1, Math.abs(dot))) * 180) / Math.PI)
  }
  return m
}
