const SHIFT = 5
const TILE = 1 << SHIFT
const MASK = TILE - 1
const OFFSET = 1 << 14

/**
 * The tile holding column (ix, iz), as one number (a Map key): 15 bits an axis, so keys stay
 * small integers V8 hashes without boxing (a key past 2^30 was a heap number, allocated per
 * lookup). Exact within 2^14 tiles (524 km) of the origin either way.
 */
function tileKey(ix: number, iz: number): number {
  return ((ix >> SHIFT) + OFFSET) * (OFFSET << 1) + ((iz >> SHIFT) + OFFSET)
}

/** Column (ix, iz)'s index within its tile. */
function indexInTile(ix: number, iz: number): number {
  return ((ix & MASK) << SHIFT) | (iz & MASK)
}

interface Tile {
  values: Float64Array
  /** Columns of this tile holding a value. */
  filled: number
}

/**
 * Numbers on an unbounded grid of integer columns, stored in dense 32 x 32 tiles: a lookup is
 * one array read while it stays in the last tile touched (a window scan almost always does), not
 * a hash lookup per column. NaN means "no value".
 */
export class ColumnGrid {
  private readonly tiles = new Map<number, Tile>()
  private lastKey = NaN
  private last: Tile | undefined
  /** Columns holding a value. */
  size = 0

  get(ix: number, iz: number): number {
    const t = this.tile(ix, iz, false)
    return t ? t.values[indexInTile(ix, iz)]! : NaN
  }

  set(ix: number, iz: number, v: number): void {
    const t = this.tile(ix, iz, true)!
    const i = indexInTile(ix, iz)
    if (Number.isNaN(t.values[i]!)) {
      this.size++
      t.filled++
    }
    t.values[i] = v
  }

  /** Clears one column; a tile left empty is freed. */
  delete(ix: number, iz: number): void {
    const t = this.tile(ix, iz, false)
    const i = indexInTile(ix, iz)
    if (!t || Number.isNaN(t.values[i]!)) return
    t.values[i] = NaN
    this.size--
    if (--t.filled > 0) return
    this.tiles.delete(this.lastKey)
    this.lastKey = NaN
    this.last = undefined
  }

  clear(): void {
    this.tiles.clear()
    this.lastKey = NaN
    this.last = undefined
    this.size = 0
  }

  private tile(ix: number, iz: number, create: boolean): Tile | undefined {
    const k = tileKey(ix, iz)
    if (k === this.lastKey) return this.last
    let t = this.tiles.get(k)
    if (!t) {
      if (!create) return undefined
      this.tiles.set(k, (t = { values: new Float64Array(TILE * TILE).fill(NaN), filled: 0 }))
    }
    this.lastKey = k
    this.last = t
    return t
  }
}
