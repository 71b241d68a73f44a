/**
 * The ground the viewer walks on, learnt from the generated world itself: every lifted splat
 * reports its height into a grid of 1 m columns, the finest splat seen in a column wins. The
 * reference model's world is a height field (terrain plus canopy), so one height per column is
 * its surface. Pure TypeScript, no three: desktop walking, VR locomotion and picking share it.
 */

/** Column edge, metres: finer than a stride, coarse enough that a 64x64 frame fills most columns. */
const CELL = 1
const OFFSET = 32768
/** Columns searched around an empty one before giving up (metres). */
const SEARCH_RADIUS = 4

export class WorldGround {
  private readonly height = new Map<number, number>()
  private readonly size = new Map<number, number>()
  /** Used where nothing has been seen yet; the reference model pins the spawn to ~1 m. */
  fallback: number

  constructor(fallback = 1) {
    this.fallback = fallback
  }

  get columns(): number {
    return this.height.size
  }

  clear(): void {
    this.height.clear()
    this.size.clear()
  }

  /** Records a surface point seen with splat size `size` (smaller is more trustworthy). */
  record(x: number, y: number, z: number, size: number): void {
    const k = key(Math.floor(x / CELL), Math.floor(z / CELL))
    const old = this.size.get(k)
    if (old !== undefined && old <= size) return
    this.size.set(k, size)
    this.height.set(k, y)
  }

  /** True when the column under (x, z) has been seen. */
  has(x: number, z: number): boolean {
    return this.height.has(key(Math.floor(x / CELL), Math.floor(z / CELL)))
  }

  /** Surface height at (x, z): the column's, else the nearest seen column's, else the fallback. */
  heightAt(x: number, z: number): number {
    const ix = Math.floor(x / CELL)
    const iz = Math.floor(z / CELL)
    const h = this.height.get(key(ix, iz))
    if (h !== undefined) return h
    for (let r = 1; r <= SEARCH_RADIUS; r++) {
      for (let dx = -r; dx <= r; dx++) {
        for (let dz = -r; dz <= r; dz++) {
          if (Math.max(Math.abs(dx), Math.abs(dz)) !== r) continue
          const n = this.height.get(key(ix + dx, iz + dz))
          if (n !== undefined) return n
        }
      }
    }
    return this.fallback
  }
}

function key(ix: number, iz: number): number {
  return (ix + OFFSET) * 65536 + (iz + OFFSET)
}
