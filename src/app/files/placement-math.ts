/**
 * Where an imported splat set sits in the world: its anchor (the centre of its base) lands on the
 * target, turned about +Y and scaled. Pure math, shared by the renderer (as an object transform)
 * and the export (applied to every splat, so exported files hold what is on screen).
 */
import { createSplatBatch, type SplatBatch } from '../../core/lift'
import type { PlacedAssetData } from '../../core/world'

/** Fraction of splats ignored at the bottom and the rim: scans carry stray floaters. */
const OUTLIER_FRACTION = 0.01
/** Splats sampled to find the anchor and radius of a big scan (exact below this). */
const SAMPLE = 20_000

function quantile(values: number[], q: number): number {
  values.sort((a, b) => a - b)
  return values[Math.min(values.length - 1, Math.max(0, Math.floor(q * (values.length - 1))))]!
}

/**
 * The base centre of a splat set (the horizontal middle of its centres, the height of its lowest
 * 1 %) and the ground radius around it that holds 99 % of them.
 */
export function anchorOf(b: SplatBatch): { anchor: [number, number, number]; radius: number } {
  const n = b.count
  const step = Math.max(1, Math.floor(n / SAMPLE))
  const xs: number[] = []
  const ys: number[] = []
  const zs: number[] = []
  for (let i = 0; i < n; i += step) {
    xs.push(b.centers[3 * i]!)
    ys.push(b.centers[3 * i + 1]!)
    zs.push(b.centers[3 * i + 2]!)
  }
  if (xs.length === 0) return { anchor: [0, 0, 0], radius: 1 }
  const cx = (quantile([...xs], OUTLIER_FRACTION) + quantile([...xs], 1 - OUTLIER_FRACTION)) / 2
  const cz = (quantile([...zs], OUTLIER_FRACTION) + quantile([...zs], 1 - OUTLIER_FRACTION)) / 2
  const y = quantile(ys, OUTLIER_FRACTION)
  const dist = xs.map((x, i) => Math.hypot(x - cx, zs[i]! - cz))
  return { anchor: [cx, y, cz], radius: Math.max(0.1, quantile(dist, 1 - OUTLIER_FRACTION)) }
}

/**
 * The splats as placed: p' = position + R_y(yaw) * scale * (p - anchor); rotations turned by yaw,
 * scales multiplied. Written into `out` from `at` (which must have room).
 */
export function placeSplats(src: SplatBatch, p: PlacedAssetData, out: SplatBatch, at: number): void {
  const c = Math.cos(p.yaw)
  const s = Math.sin(p.yaw)
  // Quaternion of the turn about +Y.
  const qy = Math.sin(p.yaw / 2)
  const qw = Math.cos(p.yaw / 2)
  for (let i = 0; i < src.count; i++) {
    const j = at + i
    const x = (src.centers[3 * i]! - p.anchor[0]) * p.scale
    const y = (src.centers[3 * i + 1]! - p.anchor[1]) * p.scale
    const z = (src.centers[3 * i + 2]! - p.anchor[2]) * p.scale
    out.centers[3 * j] = p.position[0] + c * x + s * z
    out.centers[3 * j + 1] = p.position[1] + y
    out.centers[3 * j + 2] = p.position[2] - s * x + c * z
    for (let a = 0; a < 3; a++) {
      out.scales[3 * j + a] = src.scales[3 * i + a]! * p.scale
      out.colors[3 * j + a] = src.colors[3 * i + a]!
    }
    out.opacities[j] = src.opacities[i]!
    const [bx, by, bz, bw] = [
      src.quats[4 * i]!,
      src.quats[4 * i + 1]!,
      src.quats[4 * i + 2]!,
      src.quats[4 * i + 3]!,
    ]
    // (0, qy, 0, qw) * (bx, by, bz, bw)
    out.quats[4 * j] = qw * bx + qy * bz
    out.quats[4 * j + 1] = qw * by + qy * bw
    out.quats[4 * j + 2] = qw * bz - qy * bx
    out.quats[4 * j + 3] = qw * bw - qy * by
  }
}

/** One batch of several: the generated pages and the placed assets, as an export writes them. */
export function joinBatches(parts: readonly { batch: SplatBatch; placed?: PlacedAssetData }[]): SplatBatch {
  const total = parts.reduce((n, p) => n + p.batch.count, 0)
  const out = createSplatBatch(total)
  let at = 0
  for (const { batch, placed } of parts) {
    if (placed) placeSplats(batch, placed, out, at)
    else {
      const n = batch.count
      out.centers.set(batch.centers.subarray(0, 3 * n), 3 * at)
      out.scales.set(batch.scales.subarray(0, 3 * n), 3 * at)
      out.quats.set(batch.quats.subarray(0, 4 * n), 4 * at)
      out.colors.set(batch.colors.subarray(0, 3 * n), 3 * at)
      out.opacities.set(batch.opacities.subarray(0, n), at)
    }
    at += batch.count
  }
  out.count = total
  return out
}
