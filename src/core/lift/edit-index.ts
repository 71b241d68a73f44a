import { footprintContains, type Footprint } from '../stream/footprint'

/** Ground bucket edge, metres: about a page, so a typical region meets a handful. */
const BUCKET = 32
/** A footprint meeting more buckets than this is checked everywhere instead of filed in each. */
const MAX_BUCKETS = 256

/**
 * The footprints of a lifter's edits, numbered from 1 in the order made, found by ground position
 * without looking at every one: the occupancy grid asks "the latest edit holding (x, z)" for every
 * pixel of every frame, and a world grows hundreds of edits.
 */
export class EditIndex {
  private readonly edits: Footprint[] = []
  /** Per bucket: the numbers of the edits meeting it, ascending. */
  private readonly buckets = new Map<number, number[]>()
  /** Edits too large to file per bucket, ascending. */
  private readonly wide: number[] = []

  get length(): number {
    return this.edits.length
  }

  add(f: Footprint): void {
    this.edits.push(f)
    const n = this.edits.length
    const x0 = Math.floor((f.center[0] - f.radius) / BUCKET)
    const x1 = Math.floor((f.center[0] + f.radius) / BUCKET)
    const z0 = Math.floor((f.center[1] - f.radius) / BUCKET)
    const z1 = Math.floor((f.center[1] + f.radius) / BUCKET)
    if ((x1 - x0 + 1) * (z1 - z0 + 1) > MAX_BUCKETS) {
      this.wide.push(n)
      return
    }
    for (let bx = x0; bx <= x1; bx++)
      for (let bz = z0; bz <= z1; bz++) {
        const k = key(bx, bz)
        const list = this.buckets.get(k)
        if (list) list.push(n)
        else this.buckets.set(k, [n])
      }
  }

  /** The number of the latest edit whose footprint holds (x, z), 0 for none. */
  lastAt(x: number, z: number): number {
    const list = this.buckets.get(key(Math.floor(x / BUCKET), Math.floor(z / BUCKET)))
    let best = 0
    if (list)
      for (let i = list.length - 1; i >= 0; i--)
        if (footprintContains(this.edits[list[i]! - 1]!, x, z)) {
          best = list[i]!
          break
        }
    for (let i = this.wide.length - 1; i >= 0 && this.wide[i]! > best; i--)
      if (footprintContains(this.edits[this.wide[i]! - 1]!, x, z)) return this.wide[i]!
    return best
  }

  clear(): void {
    this.edits.length = 0
    this.buckets.clear()
    this.wide.length = 0
  }
}

function key(bx: number, bz: number): number {
  return (bx + 1_048_576) * 2_097_152 + (bz + 1_048_576)
}
