/**
 * Fixed random textures baked into the reference model as initializers. Noise in the graph is
 * sampled from these with GridSample instead of hashing coordinates with Sin: a lookup is a few
 * ops, the result is identical on every backend, and the files stay small.
 *
 * Each texture tiles with period P texels. It is stored with P+1+2*PAD texels per side (the wrap
 * copied around it), so bilinear and bicubic taps near the seam read the wrapped neighbours and
 * a coordinate `fract(u)` in [0,1) maps onto it without a visible seam.
 */
import { seededRandom } from '../../src/core/random'

export const WRAP_PAD = 2

/** The shared seeded PRNG (src/core/random.ts), under the name the builders use. */
export const rng = seededRandom

export interface WrappedTexture {
  /** [1, C, S, S] row-major data, S = period + 1 + 2 * WRAP_PAD. */
  data: Float32Array
  channels: number
  period: number
  size: number
}

/**
 * C channels of independent lattice values in [-1, 1], optionally box-blurred `blur` times so
 * bilinear lookups read as smooth value noise.
 */
export function latticeTexture(seed: number, channels: number, period: number, blur = 0): WrappedTexture {
  const next = rng(seed)
  const size = period + 1 + 2 * WRAP_PAD
  const data = new Float32Array(channels * size * size)
  for (let c = 0; c < channels; c++) {
    let base: Float32Array = new Float32Array(period * period)
    for (let i = 0; i < base.length; i++) base[i] = next() * 2 - 1
    for (let b = 0; b < blur; b++) base = blurWrapped(base, period)
    if (blur > 0) normalise(base)
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const sx = (((x - WRAP_PAD) % period) + period) % period
        const sy = (((y - WRAP_PAD) % period) + period) % period
        data[(c * size + y) * size + x] = base[sy * period + sx]!
      }
    }
  }
  return { data, channels, period, size }
}

function blurWrapped(src: Float32Array, n: number): Float32Array {
  const out = new Float32Array(src.length)
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      let s = 0
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) s += src[((y + dy + n) % n) * n + ((x + dx + n) % n)]!
      }
      out[y * n + x] = s / 9
    }
  }
  return out
}

/** Rescales to zero mean and a peak of 1, so blurred noise keeps the same range as raw noise. */
function normalise(v: Float32Array): void {
  let mean = 0
  for (const x of v) mean += x
  mean /= v.length
  let peak = 0
  for (let i = 0; i < v.length; i++) peak = Math.max(peak, Math.abs(v[i]! - mean))
  for (let i = 0; i < v.length; i++) v[i] = (v[i]! - mean) / peak
}
