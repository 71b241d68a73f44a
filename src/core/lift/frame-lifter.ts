import type { Frame } from '../frame'
import { footprintList, type Footprint } from '../stream/footprint'
import { classifyDepthEdge, EDGE_DROP, EDGE_SHRINK } from './depth-edges'
import { floatingSpecks } from './floating-specks'
import { LiftedPoints } from './lifted-points'
import { OccupancyGrid, type OccupancyGridOptions } from './occupancy-grid'
import { pixelRays } from './pixel-rays'
import { createSplatBatch, ensureCapacity, type SplatBatch } from './splat-batch'

export interface FrameLifterOptions extends OccupancyGridOptions {
  /** Lift every `stride`-th pixel in x and y; splats grow by the stride to stay hole-free. @default 1 */
  stride?: number
  /**
   * Splat standard deviation in pixel footprints. @default 0.6
   * Neighbours one footprint apart then overlap at about 1.7 sigma: no holes, little blur.
   */
  sigmaPerPixel?: number
  /**
   * Thickness along the ray relative to the width. @default 0.1
   * Splats are discs facing the camera that took them: a frame only knows the surface's depth,
   * and a thin splat does not smear it towards or away from the camera.
   */
  thinRatio?: number
  /** @default 0.98: surfaces are opaque; slightly below 1 keeps Spark's sorting stable. */
  opacity?: number
  /** Depth ratio that marks a candidate edge (see DepthEdgeOptions.ratio). @default 0.1 */
  edgeRatio?: number
  /** See DepthEdgeOptions.planarity. @default 0.05 */
  edgePlanarity?: number
  /**
   * Size factor for the near side of a depth edge. @default 0.8
   * Its colour mixes both sides, so it is kept a little smaller; at 0.5 neighbours one
   * footprint apart no longer overlap and every silhouette (a far tree, a trunk) reads as a
   * column of separate dots.
   */
  edgeShrink?: number
  /**
   * Skip splats where space is already covered at an equal or finer resolution. @default true
   * Off only for baselines: without it, splat count grows with time spent, not space explored.
   */
  dedup?: boolean
}

/**
 * Lifts frames to Gaussian splats, one per (strided) surface pixel, keeping an occupancy grid of
 * everything lifted so far so each frame adds only what is new. Deterministic: the same frames in
 * the same order give bit-identical batches. Two passes per frame (test, then mark) so a frame
 * never de-duplicates against itself: all of its own pixels survive.
 */
export class FrameLifter {
  readonly grid: OccupancyGrid
  /** Every splat lifted, as marked into the grid: what an edit restores the marks of. */
  private readonly lifted = new LiftedPoints()
  private readonly o: Required<Omit<FrameLifterOptions, keyof OccupancyGridOptions>>
  /** Per accepted pixel: pixel index, then world x, y, z and footprint size. */
  private pix = new Int32Array(0)
  private pts = new Float32Array(0)
  /** Per splat of the last lift: its pixel's material class, when the frame had materials. */
  private materials = new Uint8Array(0)
  private lastMaterialCount = -1

  constructor(options: FrameLifterOptions = {}) {
    this.grid = new OccupancyGrid(options)
    this.o = {
      stride: Math.max(1, Math.floor(options.stride ?? 1)),
      sigmaPerPixel: options.sigmaPerPixel ?? 0.6,
      thinRatio: options.thinRatio ?? 0.1,
      opacity: options.opacity ?? 0.98,
      edgeRatio: options.edgeRatio ?? 0.1,
      edgePlanarity: options.edgePlanarity ?? 0.05,
      edgeShrink: options.edgeShrink ?? 0.8,
      dedup: options.dedup ?? true,
    }
  }

  /** New splats for `frame`, written to `out` (grown if needed) or a fresh batch. */
  lift(frame: Frame, out?: SplatBatch): SplatBatch {
    const { width: w, height: h } = frame.camera
    const s = this.o.stride
    const cap = Math.ceil(w / s) * Math.ceil(h / s)
    if (this.pix.length < cap) {
      this.pix = new Int32Array(cap)
      this.pts = new Float32Array(4 * cap)
    }
    const n = this.select(frame, w, h, s)
    const batch = ensureCapacity(out ?? createSplatBatch(n), (out?.count ?? 0) + n)
    this.emit(frame, n, batch)
    this.lastMaterialCount = -1
    if (frame.material) {
      if (this.materials.length < n) this.materials = new Uint8Array(cap)
      for (let k = 0; k < n; k++) {
        const p = this.pix[k]!
        this.materials[k] = frame.material[p < 0 ? -1 - p : p]!
      }
      this.lastMaterialCount = n
    }
    return batch
  }

  /**
   * The material class of each splat the last `lift` added, in batch order (a view into a buffer
   * the next lift reuses), or null when that frame had no material output.
   */
  lastMaterials(): Uint8Array | null {
    return this.lastMaterialCount < 0 ? null : this.materials.subarray(0, this.lastMaterialCount)
  }

  /**
   * An edit: forgets the footprint's splats and the space they covered, so the next frame of it
   * fills it again. The grid forgets whole voxels, and a voxel across the footprint's edge (up to
   * 16 splat sizes wide at the coarsest level a splat marks) also covered splats just outside it
   * that stay: their marks are restored (see OccupancyGrid), or every edit would lift a second
   * copy of the land around its footprint.
   */
  removeWhere(f: Footprint | readonly Footprint[]): void {
    const fs = footprintList(f)
    if (fs.length === 0) return
    this.grid.removeWhere(fs)
    this.lifted.removeWhere(
      fs,
      (size) => this.grid.markReach(size),
      (x, y, z, size) => this.grid.restore(x, y, z, size),
    )
  }

  /** A new world: forgets everything lifted. */
  clear(): void {
    this.grid.clear()
    this.lifted.clear()
  }

  /**
   * Pass 1: unproject surface pixels, drop edges, specks floating in the sky (floating-specks.ts)
   * and covered space. Returns how many remain.
   */
  private select(frame: Frame, w: number, h: number, s: number): number {
    const { rays, pixelAngle } = pixelRays(frame.camera)
    const m = rotation(frame.pose.rotation)
    const [tx, ty, tz] = frame.pose.position
    const depth = frame.depth
    const edges = { ratio: this.o.edgeRatio, planarity: this.o.edgePlanarity }
    const grid = this.grid
    const dedup = this.o.dedup
    const pix = this.pix
    const pts = this.pts
    const footprint = pixelAngle * s
    const specks = floatingSpecks(depth, w, h)
    let n = 0
    for (let y = 0; y < h; y += s) {
      for (let x = 0; x < w; x += s) {
        const i = y * w + x
        const d = depth[i]
        if (!(d > 0) || specks?.[i]) continue
        const edge = classifyDepthEdge(depth, w, h, x, y, s, edges)
        if (edge === EDGE_DROP) continue
        const cx = rays[3 * i] * d
        const cy = rays[3 * i + 1] * d
        const cz = rays[3 * i + 2] * d
        const wx = m[0] * cx + m[1] * cy + m[2] * cz + tx
        const wy = m[3] * cx + m[4] * cy + m[5] * cz + ty
        const wz = m[6] * cx + m[7] * cy + m[8] * cz + tz
        const size = d * footprint
        if (dedup && grid.covered(wx, wy, wz, size)) continue
        pix[n] = edge === EDGE_SHRINK ? -1 - i : i
        pts[4 * n] = wx
        pts[4 * n + 1] = wy
        pts[4 * n + 2] = wz
        pts[4 * n + 3] = size
        n++
      }
    }
    return n
  }

  /** Pass 2: write the splats and mark their space. */
  private emit(frame: Frame, n: number, b: SplatBatch): void {
    const { units } = pixelRays(frame.camera)
    const m = rotation(frame.pose.rotation)
    const rgba = frame.rgba
    const { sigmaPerPixel, thinRatio, opacity, edgeShrink } = this.o
    const base = b.count
    for (let k = 0; k < n; k++) {
      const p = this.pix[k]
      const i = p < 0 ? -1 - p : p
      const o = base + k
      const x = this.pts[4 * k]
      const y = this.pts[4 * k + 1]
      const z = this.pts[4 * k + 2]
      const size = this.pts[4 * k + 3]
      b.centers[3 * o] = x
      b.centers[3 * o + 1] = y
      b.centers[3 * o + 2] = z
      const sigma = size * sigmaPerPixel * (p < 0 ? edgeShrink : 1)
      b.scales[3 * o] = sigma
      b.scales[3 * o + 1] = sigma
      b.scales[3 * o + 2] = sigma * thinRatio
      // Normal points back along the ray, towards the camera: rotate +Z onto it.
      const ux = units[3 * i]
      const uy = units[3 * i + 1]
      const uz = units[3 * i + 2]
      const vx = -(m[0] * ux + m[1] * uy + m[2] * uz)
      const vy = -(m[3] * ux + m[4] * uy + m[5] * uz)
      const vz = -(m[6] * ux + m[7] * uy + m[8] * uz)
      writeQuatFromZ(b.quats, 4 * o, vx, vy, vz)
      b.colors[3 * o] = rgba[4 * i] / 255
      b.colors[3 * o + 1] = rgba[4 * i + 1] / 255
      b.colors[3 * o + 2] = rgba[4 * i + 2] / 255
      b.opacities[o] = opacity
      if (this.o.dedup) {
        this.grid.mark(x, y, z, size)
        this.lifted.add(x, y, z, size)
      }
    }
    b.count = base + n
  }
}

const rot = new Float64Array(9)

/** Row-major rotation matrix of a unit quaternion, into module scratch (no allocation). */
function rotation(q: readonly number[]): Float64Array {
  const [x, y, z, w] = q as [number, number, number, number]
  rot[0] = 1 - 2 * (y * y + z * z)
  rot[1] = 2 * (x * y - w * z)
  rot[2] = 2 * (x * z + w * y)
  rot[3] = 2 * (x * y + w * z)
  rot[4] = 1 - 2 * (x * x + z * z)
  rot[5] = 2 * (y * z - w * x)
  rot[6] = 2 * (x * z - w * y)
  rot[7] = 2 * (y * z + w * x)
  rot[8] = 1 - 2 * (x * x + y * y)
  return rot
}

/** The shortest-arc quaternion taking +Z to unit (vx, vy, vz). */
function writeQuatFromZ(out: Float32Array, o: number, vx: number, vy: number, vz: number): void {
  const w = 1 + vz
  if (w < 1e-6) {
    out[o] = 1
    out[o + 1] = 0
    out[o + 2] = 0
    out[o + 3] = 0
    return
  }
  const n = Math.hypot(vy, vx, w)
  out[o] = -vy / n
  out[o + 1] = vx / n
  out[o + 2] = 0
  out[o + 3] = w / n
}
