/**
 * Gaussian splats as a struct of arrays, the layout a Spark page pushes into PackedSplats without
 * per-splat objects. Entry i uses centers[3i..3i+2], scales[3i..], quats[4i..], colors[3i..] and
 * opacities[i]; only the first `count` entries are meaningful (the arrays may be longer).
 *
 * - centers: world metres (three.js axes).
 * - scales: standard deviations along the splat's local x, y, z axes, metres.
 * - quats: unit (x, y, z, w) rotating the local axes to world; local z is the splat's normal.
 * - colors: sRGB in [0, 1], straight from the frame (not linearised). Spark, like the 3DGS
 *   formats it reads, treats splat colour as display-referred, so no conversion is needed.
 * - opacities: [0, 1].
 */
export interface SplatBatch {
  count: number
  centers: Float32Array
  scales: Float32Array
  quats: Float32Array
  colors: Float32Array
  opacities: Float32Array
}

export function createSplatBatch(capacity: number): SplatBatch {
  const n = Math.max(0, Math.floor(capacity))
  return {
    count: 0,
    centers: new Float32Array(3 * n),
    scales: new Float32Array(3 * n),
    quats: new Float32Array(4 * n),
    colors: new Float32Array(3 * n),
    opacities: new Float32Array(n),
  }
}

export function capacityOf(b: SplatBatch): number {
  return b.opacities.length
}

/** A batch with room for at least `capacity` splats: `b` itself when it fits, else a copy. */
export function ensureCapacity(b: SplatBatch, capacity: number): SplatBatch {
  if (capacityOf(b) >= capacity) return b
  const grown = createSplatBatch(Math.max(capacity, Math.ceil(capacityOf(b) * 1.5)))
  grown.count = b.count
  copySplats(b, 0, grown, 0, b.count)
  return grown
}

/** Copies `n` splats from `src` at `from` to `dst` at `to` (ranges may overlap within one batch). */
export function copySplats(src: SplatBatch, from: number, dst: SplatBatch, to: number, n: number): void {
  dst.centers.set(src.centers.subarray(3 * from, 3 * (from + n)), 3 * to)
  dst.scales.set(src.scales.subarray(3 * from, 3 * (from + n)), 3 * to)
  dst.quats.set(src.quats.subarray(4 * from, 4 * (from + n)), 4 * to)
  dst.colors.set(src.colors.subarray(3 * from, 3 * (from + n)), 3 * to)
  dst.opacities.set(src.opacities.subarray(from, from + n), to)
}

/** Views of exactly `count` splats (no copy), e.g. to hand to a renderer. */
export function trimmed(b: SplatBatch): SplatBatch {
  const n = b.count
  return {
    count: n,
    centers: b.centers.subarray(0, 3 * n),
    scales: b.scales.subarray(0, 3 * n),
    quats: b.quats.subarray(0, 4 * n),
    colors: b.colors.subarray(0, 3 * n),
    opacities: b.opacities.subarray(0, n),
  }
}
