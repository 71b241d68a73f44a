/**
 * Export sizes ("full / 500k / 100k", `generate --max-splats N`): keeps the N splats that matter
 * most to what a viewer saw and drops the rest. A splat's importance is its opacity times the
 * largest screen area it covers from any viewpoint the world was explored from: the area of its
 * two largest axes (pi s1 s2) over the squared distance to that viewpoint. Without viewpoints the
 * world-space area stands in. Kept splats stay in their original order, so the result is
 * deterministic and pages stay spatially coherent.
 */
import { createSplatBatch, type SplatBatch } from '../lift/splat-batch'
import { nthSmallest } from '../nth-smallest'

export type Viewpoint = readonly [number, number, number]

/** Distances below this count as this close: a splat the camera stood inside is not infinitely big. */
const NEAR = 0.25

/** Importance of every splat (higher matters more). */
export function splatImportance(b: SplatBatch, viewpoints: readonly Viewpoint[] = []): Float32Array {
  const out = new Float32Array(b.count)
  for (let i = 0; i < b.count; i++) {
    const sx = b.scales[3 * i]!
    const sy = b.scales[3 * i + 1]!
    const sz = b.scales[3 * i + 2]!
    // The two largest axes span the splat's silhouette when seen face on.
    const area = Math.PI * (sx * sy * sz) * Math.max(1 / sx, 1 / sy, 1 / sz) || 0
    let nearest2 = 1
    if (viewpoints.length) {
      nearest2 = Infinity
      const x = b.centers[3 * i]!
      const y = b.centers[3 * i + 1]!
      const z = b.centers[3 * i + 2]!
      for (const v of viewpoints) {
        const d2 = (x - v[0]) ** 2 + (y - v[1]) ** 2 + (z - v[2]) ** 2
        if (d2 < nearest2) nearest2 = d2
      }
      nearest2 = Math.max(nearest2, NEAR * NEAR)
    }
    out[i] = (b.opacities[i]! * area) / nearest2
  }
  return out
}

/**
 * The `max` most important splats of `b`, in their original order; `b` itself when it already
 * has no more than `max`.
 */
export function keepMostImportant(
  b: SplatBatch,
  max: number,
  viewpoints: readonly Viewpoint[] = [],
): SplatBatch {
  if (!Number.isInteger(max) || max < 0)
    throw new RangeError(`max splats must be a whole number >= 0, got ${max}`)
  if (b.count <= max) return b
  const score = splatImportance(b, viewpoints)
  // The max-th largest score is the cut; ties at the cut are taken first come, first kept.
  const cut = max > 0 ? nthSmallest(score.slice(), b.count - max) : Infinity
  let above = 0
  for (let i = 0; i < b.count; i++) if (score[i]! > cut) above++
  let tiesLeft = max - above
  const out = createSplatBatch(max)
  // Element by element: a typed-array view per splat (copySplats) costs 5x more at 1M splats.
  for (let i = 0; i < b.count && out.count < max; i++) {
    const s = score[i]!
    if (!(s > cut || (s === cut && tiesLeft-- > 0))) continue
    const k = out.count++
    for (let a = 0; a < 3; a++) {
      out.centers[3 * k + a] = b.centers[3 * i + a]!
      out.scales[3 * k + a] = b.scales[3 * i + a]!
      out.colors[3 * k + a] = b.colors[3 * i + a]!
    }
    for (let a = 0; a < 4; a++) out.quats[4 * k + a] = b.quats[4 * i + a]!
    out.opacities[k] = b.opacities[i]!
  }
  return out
}
