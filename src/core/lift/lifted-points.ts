import { footprintContains, footprintMeetsRect, type Footprint } from '../stream/footprint'

interface Chunk {
  cx: number
  cz: number
  /** x, y, z, size per point. */
  data: Float32Array
  count: number
  /** Largest size in the chunk, so an edit skips chunks no point of which it can reach. */
  maxSize: number
}

/** One number per chunk, so the per-splat hot path builds no strings. */
function chunkKey(cx: number, cz: number): number {
  return (cx + 0x8000) * 0x10000 + (cz + 0x8000)
}

/**
 * Where every lifted splat sits and the size it was lifted at, by ground chunk: what the
 * occupancy grid was marked from. The grid forgets whole voxels, so after an edit the marks of
 * splats that stay can be made again from here, exactly as they were first made.
 */
export class LiftedPoints {
  private readonly chunks = new Map<number, Chunk>()
  private last: Chunk | null = null
  private total = 0

  /** @param chunkSize ground chunk edge, metres */
  constructor(private readonly chunkSize = 32) {}

  get count(): number {
    return this.total
  }

  add(x: number, y: number, z: number, size: number): void {
    const cx = Math.floor(x / this.chunkSize)
    const cz = Math.floor(z / this.chunkSize)
    let c = this.last
    if (!c || c.cx !== cx || c.cz !== cz) {
      const key = chunkKey(cx, cz)
      c = this.chunks.get(key) ?? null
      if (!c) this.chunks.set(key, (c = { cx, cz, data: new Float32Array(4 * 256), count: 0, maxSize: 0 }))
      this.last = c
    }
    if (4 * (c.count + 1) > c.data.length) {
      const grown = new Float32Array(c.data.length * 2)
      grown.set(c.data)
      c.data = grown
    }
    const o = 4 * c.count++
    c.data[o] = x
    c.data[o + 1] = y
    c.data[o + 2] = z
    c.data[o + 3] = size
    if (size > c.maxSize) c.maxSize = size
    this.total++
  }

  /**
   * Drops the points inside the footprints, then hands `visit` every remaining point that lies
   * within `reach(size)` metres of one of them (outside them all): those whose marks the edits may
   * have taken with them.
   */
  removeWhere(
    fs: readonly Footprint[],
    reach: (size: number) => number,
    visit: (x: number, y: number, z: number, size: number) => void,
  ): void {
    const e = this.chunkSize
    const inside = (x: number, z: number, margin = 0): boolean =>
      fs.some((f) => footprintContains(f, x, z, margin))
    for (const [key, c] of this.chunks) {
      const meets = fs.some((f) =>
        footprintMeetsRect(
          { center: f.center, radius: f.radius + reach(c.maxSize) },
          c.cx * e,
          c.cz * e,
          (c.cx + 1) * e,
          (c.cz + 1) * e,
        ),
      )
      if (!meets) continue
      const d = c.data
      let kept = 0
      let maxSize = 0
      for (let i = 0; i < c.count; i++) {
        const o = 4 * i
        const x = d[o]!
        const z = d[o + 2]!
        if (inside(x, z)) continue
        const size = d[o + 3]!
        if (inside(x, z, reach(size))) visit(x, d[o + 1]!, z, size)
        if (kept !== i) d.copyWithin(4 * kept, o, o + 4)
        if (size > maxSize) maxSize = size
        kept++
      }
      this.total -= c.count - kept
      c.count = kept
      c.maxSize = maxSize
      if (kept === 0) {
        this.chunks.delete(key)
        if (this.last === c) this.last = null
      }
    }
  }

  clear(): void {
    this.chunks.clear()
    this.last = null
    this.total = 0
  }
}
