import { footprintContains, footprintList, type Footprint } from '../stream/footprint'
import { EditIndex } from './edit-index'

/** Options of the de-duplication grid. */
export interface OccupancyGridOptions {
  /**
   * Edge of a level-0 voxel, metres. @default 1/256
   * Level l has edge base * 2^l, so a few millimetres at level 0 covers close-up detail.
   */
  baseVoxel?: number
  /**
   * Voxel edge relative to the splat size it is tested for (rounded up to a power of two).
   * @default 1
   * Samples of a frame lie about one splat size apart, and `covered` looks at the 2x2x2 voxels
   * around a point, so one splat size finds an earlier sample of the same surface; larger would
   * let coverage at a frame's border spill into neighbouring, unseen space.
   */
  voxelScale?: number
  /**
   * A splat counts as covered when the voxel's finest splat is at most this much larger. @default 1.5
   * Below 2, so a frame of twice the resolution refines; above 1, so a second look from a slightly
   * different distance does not re-add the same surface.
   */
  tolerance?: number
  /**
   * Coarser levels a splat also marks, so coarser frames see it as covered. @default 3
   * A frame 8x coarser than what is there adds nothing; beyond that it is a different scale of
   * the world (a far view) and may add.
   */
  ancestorLevels?: number
  /** Initial hash slots (a power of two); the table doubles at half load. @default 65536 */
  initialCapacity?: number
}

const EMPTY = 0x7fffffff

/**
 * A hash of voxel coordinates (level, x, y, z) to the finest splat size seen there: open
 * addressing over typed arrays, so testing and marking allocate nothing per splat.
 *
 * Edits: a voxel is a cube, and one across an edit's footprint edge holds the marks of splats on
 * both sides. Forgetting it makes the next frames lift the splats outside the footprint a second
 * time; keeping it leaves a band inside the footprint that the new content never fills. So each
 * voxel carries the edit count at its last mark (its epoch), and a point inside a footprint is
 * covered only by voxels marked since that edit: inside, the world refills exactly; outside,
 * nothing is lifted twice.
 */
export class OccupancyGrid {
  private readonly base: number
  private readonly scale: number
  private readonly tolerance: number
  private readonly ancestors: number
  private keys: Int32Array
  private sizes: Float32Array
  /** Per slot: how many edits had been made when the voxel was last marked. */
  private epochs: Int32Array
  /** Footprints of the edits so far, numbered from 1, found by position. */
  private readonly edits = new EditIndex()
  /** Edits made before the last `removeWhere`: the epoch `restore` marks with. */
  private beforeLastRemoval = 0
  private used = 0
  /** The table's starting capacity: it never shrinks below this. */
  private readonly minCapacity: number
  /** 1 / voxel edge per level, so the hot path multiplies instead of dividing. */
  private readonly inverseEdge = new Float64Array(41)

  constructor(options: OccupancyGridOptions = {}) {
    this.base = options.baseVoxel ?? 1 / 256
    this.scale = options.voxelScale ?? 1
    this.tolerance = options.tolerance ?? 1.5
    this.ancestors = options.ancestorLevels ?? 3
    const cap = 2 ** Math.ceil(Math.log2(Math.max(16, options.initialCapacity ?? 65536)))
    this.minCapacity = cap
    this.keys = new Int32Array(4 * cap).fill(EMPTY)
    this.sizes = new Float32Array(cap)
    this.epochs = new Int32Array(cap)
    for (let l = 0; l < this.inverseEdge.length; l++) this.inverseEdge[l] = 1 / (this.base * 2 ** l)
  }

  /** Occupied voxels over all levels. */
  get size(): number {
    return this.used
  }

  levelOf(splatSize: number): number {
    const l = Math.ceil(Math.log2((splatSize * this.scale) / this.base))
    return l < 0 ? 0 : l > 40 ? 40 : l
  }

  /**
   * True when space at (x, y, z) is covered by splats at most `tolerance` times coarser. Looks at
   * the 2x2x2 voxels nearest the point rather than only the one holding it: a surface may clip a
   * voxel's corner where the earlier frame happened to have no sample, and that should not count
   * as unexplored space.
   */
  covered(x: number, y: number, z: number, splatSize: number): boolean {
    const l = this.levelOf(splatSize)
    const k = this.inverseEdge[l]!
    const gx = x * k
    const gy = y * k
    const gz = z * k
    const ix = Math.floor(gx)
    const iy = Math.floor(gy)
    const iz = Math.floor(gz)
    const sx = gx - ix < 0.5 ? -1 : 1
    const sy = gy - iy < 0.5 ? -1 : 1
    const sz = gz - iz < 0.5 ? -1 : 1
    const limit = splatSize * this.tolerance
    const since = this.edits.lastAt(x, z)
    for (let n = 0; n < 8; n++) {
      const slot = this.probeCell(l, ix + (n & 1 ? sx : 0), iy + (n & 2 ? sy : 0), iz + (n & 4 ? sz : 0))
      if (this.keys[4 * slot] !== EMPTY && this.sizes[slot] <= limit && this.epochs[slot] >= since)
        return true
    }
    return false
  }

  /** Records a splat; it also marks one finer level so a slightly finer look still matches it. */
  mark(x: number, y: number, z: number, splatSize: number): void {
    this.markAt(x, y, z, splatSize, this.edits.length, true)
  }

  /**
   * Marks again a splat that the last `removeWhere` took the voxels of but that stays (it lies
   * outside the footprints): voxels it makes anew count as from before those edits, so they cover
   * points outside the footprints and not the edited space inside any of them.
   */
  restore(x: number, y: number, z: number, splatSize: number): void {
    this.markAt(x, y, z, splatSize, this.beforeLastRemoval, false)
  }

  private markAt(x: number, y: number, z: number, splatSize: number, epoch: number, renew: boolean): void {
    const l0 = this.levelOf(splatSize)
    for (let l = Math.max(0, l0 - 1); l <= l0 + this.ancestors; l++) {
      if (2 * (this.used + 1) > this.sizes.length) this.rehash(this.sizes.length * 2, null)
      const slot = this.probe(l, x, y, z)
      const k = 4 * slot
      if (this.keys[k] === EMPTY) {
        this.store(slot, l, x, y, z)
        this.sizes[slot] = splatSize
        this.epochs[slot] = epoch
        this.used++
        continue
      }
      if (splatSize < this.sizes[slot]) this.sizes[slot] = splatSize
      if (renew) this.epochs[slot] = epoch
    }
  }

  /**
   * How far outside a footprint (on the ground, metres) a splat of this size can lie and still
   * lose a mark to `removeWhere`: its coarsest voxel, of edge e, has its centre within e/sqrt(2)
   * of the splat, and voxels whose centre is within e of the footprint go.
   */
  markReach(splatSize: number): number {
    const l = Math.min(40, this.levelOf(splatSize) + this.ancestors)
    return this.base * 2 ** l * (1 + Math.SQRT1_2)
  }

  /**
   * Forgets voxels whose centre lies within the footprint, or within their own edge of it (after
   * an edit or an eviction): every voxel the footprint's splats may have marked.
   */
  removeWhere(f: Footprint | readonly Footprint[]): void {
    const fs = footprintList(f)
    if (fs.length === 0) return
    // Several at once (a walk forgetting the places it left) cost one pass over the table.
    this.beforeLastRemoval = this.edits.length
    for (const one of fs) this.edits.add(one)
    this.rehash(this.sizes.length, fs)
    // A long walk forgets the places it left: the table follows what it holds, not its peak. Once
    // it is under an eighth full it shrinks to at most a quarter full, so it doubles again only
    // when what it holds has doubled (it grows at half load). Shrinking only below a sixteenth
    // kept a walk's loop-sized table (tens of MB) long after the loop was left behind.
    const fit = Math.max(this.minCapacity, 2 ** Math.ceil(Math.log2(4 * this.used + 1)))
    if (fit <= this.sizes.length / 2) this.rehash(fit, null)
  }

  /** Slots in the table (each 24 bytes): its share of memory. */
  get capacity(): number {
    return this.sizes.length
  }

  clear(): void {
    this.keys.fill(EMPTY)
    this.used = 0
    this.edits.clear()
    this.beforeLastRemoval = 0
  }

  /** The slot holding voxel (l, x, y, z), or the empty slot where it would go. */
  private probe(l: number, x: number, y: number, z: number): number {
    const k = this.inverseEdge[l]!
    return this.probeCell(l, Math.floor(x * k), Math.floor(y * k), Math.floor(z * k))
  }

  private probeCell(l: number, ix: number, iy: number, iz: number): number {
    const mask = this.sizes.length - 1
    let h =
      Math.imul(ix, 0x9e3779b1) ^
      Math.imul(iy, 0x85ebca77) ^
      Math.imul(iz, 0xc2b2ae3d) ^
      Math.imul(l, 0x27d4eb2f)
    h = (h ^ (h >>> 15)) & mask
    const keys = this.keys
    for (;;) {
      const k = 4 * h
      if (keys[k] === EMPTY) return h
      if (keys[k] === l && keys[k + 1] === ix && keys[k + 2] === iy && keys[k + 3] === iz) return h
      h = (h + 1) & mask
    }
  }

  private store(slot: number, l: number, x: number, y: number, z: number): void {
    const inv = this.inverseEdge[l]!
    const k = 4 * slot
    this.keys[k] = l
    this.keys[k + 1] = Math.floor(x * inv)
    this.keys[k + 2] = Math.floor(y * inv)
    this.keys[k + 3] = Math.floor(z * inv)
  }

  private rehash(capacity: number, drop: readonly Footprint[] | null): void {
    const oldKeys = this.keys
    const oldSizes = this.sizes
    const oldEpochs = this.epochs
    this.keys = new Int32Array(4 * capacity).fill(EMPTY)
    this.sizes = new Float32Array(capacity)
    this.epochs = new Int32Array(capacity)
    this.used = 0
    for (let s = 0; s < oldSizes.length; s++) {
      const k = 4 * s
      const l = oldKeys[k]!
      if (l === EMPTY) continue
      const ix = oldKeys[k + 1]!
      const iy = oldKeys[k + 2]!
      const iz = oldKeys[k + 3]!
      if (drop) {
        const e = this.base * 2 ** l
        const cx = (ix + 0.5) * e
        const cz = (iz + 0.5) * e
        if (drop.some((f) => footprintContains(f, cx, cz, e))) continue
      }
      const slot = this.probeCell(l, ix, iy, iz)
      const j = 4 * slot
      this.keys[j] = l
      this.keys[j + 1] = ix
      this.keys[j + 2] = iy
      this.keys[j + 3] = iz
      this.sizes[slot] = oldSizes[s]!
      this.epochs[slot] = oldEpochs[s]!
      this.used++
    }
  }
}
