/**
 * The ground the viewer walks on, learnt from the generated world itself: every lifted splat
 * reports its height into a grid of 1 m columns. Pure TypeScript, no three: desktop walking, VR
 * locomotion and picking share it.
 *
 * Splats land on everything the frames see, tree crowns and trunks as much as the terrain, and a
 * person stands on the terrain. Two rules keep the canopy out:
 * - within a column, the lowest of the finest splats wins (a camera at eye height sees the ground
 *   under most crowns and at the foot of every trunk);
 * - a morphological opening over OPEN_RADIUS columns (the lowest height around, then the highest
 *   of those lows) removes anything narrower than 2 * OPEN_RADIUS + 1 metres standing above its
 *   surroundings: a crown whose ground no frame saw, a boulder, a trunk. A slope or a hill wider
 *   than that comes through unchanged (an opening is exact on a plane).
 * Heights are the same whatever order the splats arrive in (a restored world is lifted in storage
 * order, a grown one as frames land), so the eye stands at the same height either way.
 */

import { ColumnGrid } from './column-grid'

/** Column edge, metres: finer than a stride, coarse enough that a 64x64 frame fills most columns. */
const CELL = 1
/** Columns searched around an empty one before giving up (metres). */
const SEARCH_RADIUS = 4
/** Opening radius, columns: narrower raised features are not walkable ground. */
const OPEN_RADIUS = 3
/**
 * Splat sizes fall into octaves (powers of two); a column's height is the lowest point of its
 * finest two octaves, so a coarse far-away splat never overrides fine ones, and the result is
 * the same whatever order the splats came in.
 */
const bits = new Float64Array(1)
const bitsHi = new Uint32Array(bits.buffer, 4, 1)

/** floor(log2(size)) for a positive normal number, read from its exponent bits (no Math.log2). */
function octaveOf(size: number): number {
  bits[0] = size
  return ((bitsHi[0]! >>> 20) & 0x7ff) - 1023
}

export class WorldGround {
  /** Per column: its finest octave, and the lowest heights in that octave and the next up. */
  private readonly finest = new ColumnGrid()
  private readonly lowA = new ColumnGrid()
  private readonly lowB = new ColumnGrid()
  /** Per column: its height (lowest of its finest two octaves). */
  private readonly height = new ColumnGrid()
  /** The opening's two stages, cached until a height changes. */
  private readonly eroded = new ColumnGrid()
  private readonly opened = new ColumnGrid()
  /** Bumped by every record that changes a height; the caches above belong to `cachedRevision`. */
  private revision = 0
  private cachedRevision = 0
  /** Used where nothing has been seen yet; the reference model pins the spawn to ~1 m. */
  fallback: number

  constructor(fallback = 1) {
    this.fallback = fallback
  }

  get columns(): number {
    return this.height.size
  }

  clear(): void {
    this.finest.clear()
    this.lowA.clear()
    this.lowB.clear()
    this.height.clear()
    this.revision++
  }

  /** Records a surface point seen with splat size `size` (smaller is more trustworthy). */
  record(x: number, y: number, z: number, size: number): void {
    if (!Number.isFinite(y) || !(size > 0)) return
    const ix = Math.floor(x / CELL)
    const iz = Math.floor(z / CELL)
    const octave = octaveOf(size)
    const finest = this.finest.get(ix, iz)
    let a = this.lowA.get(ix, iz)
    let b = this.lowB.get(ix, iz)
    if (Number.isNaN(finest) || octave < finest) {
      // The old finest octave becomes the next one up, or drops out if this is much finer.
      b = octave === finest - 1 ? a : NaN
      a = y
      this.finest.set(ix, iz, octave)
    } else if (octave === finest && y < a) a = y
    else if (octave === finest + 1 && !(y >= b)) b = y
    else return
    this.lowA.set(ix, iz, a)
    this.lowB.set(ix, iz, b)
    const h = Number.isNaN(b) ? a : Math.min(a, b)
    if (h !== this.height.get(ix, iz)) {
      this.height.set(ix, iz, h)
      this.revision++
    }
  }

  /** True when the column under (x, z) has been seen. */
  has(x: number, z: number): boolean {
    return !Number.isNaN(this.height.get(Math.floor(x / CELL), Math.floor(z / CELL)))
  }

  /**
   * Walkable height at (x, z): the opened height of the column, else of the nearest seen column,
   * else the fallback.
   */
  heightAt(x: number, z: number): number {
    if (this.cachedRevision !== this.revision) {
      this.eroded.clear()
      this.opened.clear()
      this.cachedRevision = this.revision
    }
    const ix = Math.floor(x / CELL)
    const iz = Math.floor(z / CELL)
    if (!Number.isNaN(this.height.get(ix, iz))) return this.openedAt(ix, iz)
    for (let r = 1; r <= SEARCH_RADIUS; r++) {
      for (let dx = -r; dx <= r; dx++) {
        for (let dz = -r; dz <= r; dz++) {
          if (Math.max(Math.abs(dx), Math.abs(dz)) !== r) continue
          if (!Number.isNaN(this.height.get(ix + dx, iz + dz))) return this.openedAt(ix + dx, iz + dz)
        }
      }
    }
    return this.fallback
  }

  /** The highest erosion around a seen column: never above the column's own height. */
  private openedAt(ix: number, iz: number): number {
    const cached = this.opened.get(ix, iz)
    if (!Number.isNaN(cached)) return cached
    let h = -Infinity
    for (let dx = -OPEN_RADIUS; dx <= OPEN_RADIUS; dx++) {
      for (let dz = -OPEN_RADIUS; dz <= OPEN_RADIUS; dz++) {
        const e = this.erodedAt(ix + dx, iz + dz)
        if (e > h) h = e
      }
    }
    this.opened.set(ix, iz, h)
    return h
  }

  /** The lowest seen column around (ix, iz); -Infinity where none was seen. */
  private erodedAt(ix: number, iz: number): number {
    const cached = this.eroded.get(ix, iz)
    if (!Number.isNaN(cached)) return cached
    let h = Infinity
    for (let dx = -OPEN_RADIUS; dx <= OPEN_RADIUS; dx++) {
      for (let dz = -OPEN_RADIUS; dz <= OPEN_RADIUS; dz++) {
        const c = this.height.get(ix + dx, iz + dz)
        if (c < h) h = c
      }
    }
    const e = h === Infinity ? -Infinity : h
    this.eroded.set(ix, iz, e)
    return e
  }
}
