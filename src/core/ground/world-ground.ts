/**
 * The ground the viewer walks on, learnt from the generated world itself: every lifted splat
 * reports its height into a grid of 1 m columns. Pure TypeScript, no three: desktop walking, VR
 * locomotion and picking share it.
 *
 * Splats land on everything the frames see, tree crowns, trunks and stray low splats (the water
 * line, a depth error) as well as the terrain, and a person stands on the terrain. So:
 * - a column's height is the median of its finest splats (its finest two size octaves);
 * - a closing over 3 x 3 columns (the highest around, then the lowest of those) fills pits one or
 *   two columns wide, so one stray splat does not sink the ground around it;
 * - an opening over 7 x 7 columns (the lowest around, then the highest of those) removes anything
 *   narrower than 7 m standing above its surroundings: a crown, a trunk, a boulder. A slope or a
 *   hill wider than that comes through unchanged (both filters are exact on a plane).
 * Heights are the same whatever order the splats arrive in (a restored world is lifted in storage
 * order, a grown one as frames land), so the eye stands at the same height either way.
 *
 * Where the frames say what each pixel is (the model contract's `material` output), a column also
 * knows whether it is water or lava: the reference model's water surface lies 1 m under the spawn
 * and would otherwise read as ground a walker could step onto.
 */

import { isUnwalkableMaterial, MATERIAL, UNKNOWN_MATERIAL } from '../material'
import { nthSmallest } from '../nth-smallest'
import { ColumnGrid } from './column-grid'
import { ColumnMap } from './column-map'

/** Column edge, metres: finer than a stride, coarse enough that a 64x64 frame fills most columns. */
const CELL = 1
/** Columns searched around an empty one before giving up (metres). */
const SEARCH_RADIUS = 4
/** Opening radius, columns: narrower raised features are not walkable ground. */
const OPEN_RADIUS = 3
/** Closing radius, columns: narrower pits (a stray low splat, a gap) are filled first. */
const CLOSE_RADIUS = 1
/** Added to a settled water column's negated height: no walkable height is anywhere near it. */
const WATER_OFFSET = 1e6
/** Floats per sample: height, octave, material class. */
const SAMPLE = 3
/**
 * A trunk, a low branch or a bush a walker would walk into: tree samples between knee and head
 * height over the column's walkable height (knee-high tufts of grass-like shrubs are walked
 * through; a crown's underside higher than a head is walked under). Two samples, not one: a
 * single stray splat of a crown's edge does not wall off a column.
 */
const BODY_LOW = 0.7
const BODY_HIGH = 1.9
const TRUNK_SAMPLES = 2
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

/** The filter's stages, in order; each reads the one before (Raised reads the column medians). */
const enum Stage {
  Raised,
  Closed,
  Eroded,
  Opened,
}

export class WorldGround {
  /** Per column: its finest octave (NaN: never seen), and how many samples it holds. */
  private readonly finest = new ColumnGrid()
  private readonly count = new ColumnGrid()
  /** Per column: (height, octave, material) triples of the splats in its finest two octaves. */
  private readonly samples = new ColumnMap<Float32Array>()
  /** Per column: the median of its samples, computed when first asked (NaN: stale). */
  private readonly height = new ColumnGrid()
  /**
   * Per settled column: its walkable height, or for water -height - WATER_OFFSET (heights stay
   * far above -WATER_OFFSET / 2). NaN: not settled.
   */
  private readonly settled = new ColumnGrid()
  /**
   * The closing (raise over 3 x 3, then lower) and the opening (lower over 7 x 7, then raise),
   * each stage cached until a sample is added.
   */
  private readonly stages = [
    { cache: new ColumnGrid(), radius: CLOSE_RADIUS, max: true },
    { cache: new ColumnGrid(), radius: CLOSE_RADIUS, max: false },
    { cache: new ColumnGrid(), radius: OPEN_RADIUS, max: false },
    { cache: new ColumnGrid(), radius: OPEN_RADIUS, max: true },
  ] as const
  /** Bumped by every record that adds a sample; the caches above belong to `cachedRevision`. */
  private revision = 0
  private cachedRevision = 0
  private scratch = new Float64Array(64)
  /** Used where nothing has been seen yet; the reference model pins the spawn to ~1 m. */
  fallback: number

  constructor(fallback = 1) {
    this.fallback = fallback
  }

  /** Columns known: learnt from samples, or settled (see `settle`). */
  get columns(): number {
    return this.finest.size + this.settled.size
  }

  /** Columns still learning from samples (the rest are settled at 16 bytes each). */
  get liveColumns(): number {
    return this.finest.size
  }

  /**
   * Settles the columns within `radius` of (cx, cz): each keeps its walkable height and whether
   * it is water, and drops its samples (a place the viewer walked far away from). A settled
   * column learns nothing more, so when the place is lifted again on return (its splats in
   * another order, so another median) the eye stands exactly where it stood before.
   */
  settle(cx: number, cz: number, radius: number): void {
    const r = Math.ceil(radius / CELL)
    const ox = Math.floor(cx / CELL)
    const oz = Math.floor(cz / CELL)
    const inside: [number, number, number, boolean][] = []
    for (let ix = ox - r; ix <= ox + r; ix++) {
      for (let iz = oz - r; iz <= oz + r; iz++) {
        const x = (ix + 0.5) * CELL
        const z = (iz + 0.5) * CELL
        if (Math.hypot(x - cx, z - cz) > radius || Number.isNaN(this.finest.get(ix, iz))) continue
        inside.push([ix, iz, this.knownHeightAt(x, z)!, this.isWater(x, z)])
      }
    }
    // Heights first, then the samples go: each column's opening reads its neighbours' samples.
    for (const [ix, iz, h, water] of inside) {
      this.finest.delete(ix, iz)
      this.count.delete(ix, iz)
      this.height.delete(ix, iz)
      this.samples.delete(ix, iz)
      this.settled.set(ix, iz, water ? -h - WATER_OFFSET : h) // read back by settledHeight
    }
    this.revision++
  }

  clear(): void {
    this.settled.clear()
    this.finest.clear()
    this.count.clear()
    this.samples.clear()
    this.height.clear()
    this.revision++
  }

  /**
   * Records a surface point seen with splat size `size` (smaller is more trustworthy) and, where
   * the frame said, its material class (core/material.ts).
   */
  record(x: number, y: number, z: number, size: number, material = UNKNOWN_MATERIAL): void {
    if (!Number.isFinite(y) || !(size > 0)) return
    const ix = Math.floor(x / CELL)
    const iz = Math.floor(z / CELL)
    if (!Number.isNaN(this.settled.get(ix, iz))) return
    this.addSample(ix, iz, y, octaveOf(size), material)
  }

  /**
   * Records splats [0, count) of a lifted page as `record` does each one: centres xyz and scales
   * (the first of each triple is the size), materials per splat or null. Splats where `skip(x, z)`
   * holds are left out. One loop over the page, no call per splat: the main thread files pages
   * of 30k splats, and a call per splat boxed its four numbers (~8 MB of garbage a restore).
   */
  recordAll(
    centers: Float32Array,
    scales: Float32Array,
    materials: Uint8Array | null,
    count: number,
    skip: ((x: number, z: number) => boolean) | null = null,
  ): void {
    for (let i = 0; i < count; i++) {
      const x = centers[3 * i]!
      const y = centers[3 * i + 1]!
      const z = centers[3 * i + 2]!
      const size = scales[3 * i]!
      if (!Number.isFinite(y) || !(size > 0) || (skip && skip(x, z))) continue
      const ix = Math.floor(x / CELL)
      const iz = Math.floor(z / CELL)
      if (!Number.isNaN(this.settled.get(ix, iz))) continue
      this.addSample(ix, iz, y, octaveOf(size), materials ? materials[i]! : UNKNOWN_MATERIAL)
    }
  }

  /** Adds a sample to a live column, keeping only its finest two octaves. */
  private addSample(ix: number, iz: number, y: number, octave: number, material: number): void {
    const finest = this.finest.get(ix, iz)
    let n = Number.isNaN(finest) ? 0 : this.count.get(ix, iz)
    let buf = this.samples.get(ix, iz)
    if (Number.isNaN(finest) || octave < finest) {
      this.finest.set(ix, iz, octave)
      // Samples more than one octave coarser than the new finest drop out.
      let kept = 0
      for (let i = 0; i < n; i++) {
        if (buf![SAMPLE * i + 1]! > octave + 1) continue
        buf!.copyWithin(SAMPLE * kept, SAMPLE * i, SAMPLE * i + SAMPLE)
        kept++
      }
      n = kept
    } else if (octave > finest + 1) return
    if (!buf || buf.length < SAMPLE * (n + 1)) {
      const grown = new Float32Array(SAMPLE * Math.max(4, 2 * (n + 1)))
      if (buf) grown.set(buf.subarray(0, SAMPLE * n))
      this.samples.set(ix, iz, (buf = grown))
    }
    buf[SAMPLE * n] = y
    buf[SAMPLE * n + 1] = octave
    buf[SAMPLE * n + 2] = material
    this.count.set(ix, iz, n + 1)
    this.height.set(ix, iz, NaN)
    this.revision++
  }

  /**
   * Whether nobody walks into the column under (x, z): water, lava or a house (most of its
   * samples whose material is known say so), or a tree trunk, a low branch or a bush at body
   * height (TRUNK_SAMPLES of its samples are tree between BODY_LOW and BODY_HIGH over its
   * walkable height). False where nothing is known (never seen, or frames without materials).
   */
  isWater(x: number, z: number): boolean {
    const ix = Math.floor(x / CELL)
    const iz = Math.floor(z / CELL)
    const settled = this.settled.get(ix, iz)
    if (!Number.isNaN(settled)) return settledIsWater(settled)
    if (Number.isNaN(this.finest.get(ix, iz))) return false
    const n = this.count.get(ix, iz)
    const buf = this.samples.get(ix, iz)!
    let known = 0
    let wet = 0
    let trees = 0
    for (let i = 0; i < n; i++) {
      const m = buf[SAMPLE * i + 2]!
      if (m === UNKNOWN_MATERIAL) continue
      known++
      if (isUnwalkableMaterial(m)) wet++
      else if (m === MATERIAL.tree) trees++
    }
    if (wet > 0 && 2 * wet > known) return true
    return trees >= TRUNK_SAMPLES && this.hasTrunk(ix, iz, buf, n)
  }

  /** Whether TRUNK_SAMPLES of a live column's samples are tree at body height over its ground. */
  private hasTrunk(ix: number, iz: number, buf: Float32Array, n: number): boolean {
    this.validateCaches()
    const floor = this.walkable(ix, iz)
    let body = 0
    for (let i = 0; i < n; i++) {
      if (buf[SAMPLE * i + 2] !== MATERIAL.tree) continue
      const up = buf[SAMPLE * i]! - floor
      if (up > BODY_LOW && up < BODY_HIGH && ++body >= TRUNK_SAMPLES) return true
    }
    return false
  }

  /** Drops the filter's cached stages if a sample was added since they were computed. */
  private validateCaches(): void {
    if (this.cachedRevision === this.revision) return
    for (const { cache } of this.stages) cache.clear()
    this.cachedRevision = this.revision
  }

  /** True when the column under (x, z) has been seen. */
  has(x: number, z: number): boolean {
    return this.seen(Math.floor(x / CELL), Math.floor(z / CELL))
  }

  private seen(ix: number, iz: number): boolean {
    return !Number.isNaN(this.finest.get(ix, iz)) || !Number.isNaN(this.settled.get(ix, iz))
  }

  /** The walkable height of a seen column: its settled height, or its opening. */
  private walkable(ix: number, iz: number): number {
    const settled = this.settled.get(ix, iz)
    return Number.isNaN(settled) ? this.stageAt(Stage.Opened, ix, iz) : settledHeight(settled)
  }

  /**
   * Walkable height at (x, z): the opened height of the column, else of the nearest seen column
   * within SEARCH_RADIUS, else the fallback.
   */
  heightAt(x: number, z: number): number {
    return this.knownHeightAt(x, z) ?? this.fallback
  }

  /** As heightAt, but null where no column within SEARCH_RADIUS has been seen (unexplored). */
  knownHeightAt(x: number, z: number): number | null {
    this.validateCaches()
    const ix = Math.floor(x / CELL)
    const iz = Math.floor(z / CELL)
    if (this.seen(ix, iz)) return this.walkable(ix, iz)
    for (let r = 1; r <= SEARCH_RADIUS; r++) {
      for (let dx = -r; dx <= r; dx++) {
        for (let dz = -r; dz <= r; dz++) {
          if (Math.max(Math.abs(dx), Math.abs(dz)) !== r) continue
          if (this.seen(ix + dx, iz + dz)) return this.walkable(ix + dx, iz + dz)
        }
      }
    }
    return null
  }

  /**
   * The median of a column's samples, or a settled column's height (NaN: never seen), computed
   * once per change. A live column beside settled ones is filtered with their heights.
   */
  private columnHeight(ix: number, iz: number): number {
    const settled = this.settled.get(ix, iz)
    if (!Number.isNaN(settled)) return settledHeight(settled)
    const h = this.height.get(ix, iz)
    if (!Number.isNaN(h) || Number.isNaN(this.finest.get(ix, iz))) return h
    const n = this.count.get(ix, iz)
    const buf = this.samples.get(ix, iz)!
    if (this.scratch.length < n) this.scratch = new Float64Array(2 * n)
    for (let i = 0; i < n; i++) this.scratch[i] = buf[SAMPLE * i]!
    const m = nthSmallest(this.scratch.subarray(0, n), n >> 1)
    this.height.set(ix, iz, m)
    return m
  }

  /**
   * One cached stage of the filter at (ix, iz): the max (or min) over the square of `radius`
   * around it of the stage before, ignoring -Infinity in a min and Infinity in a max (neighbours
   * with nothing seen near them). A stage with nothing around is -Infinity (max) or Infinity (min).
   * The opening of a seen column is finite and never above the column's own height.
   */
  private stageAt(stage: Stage, ix: number, iz: number): number {
    const { cache, radius, max } = this.stages[stage]
    const cached = cache.get(ix, iz)
    if (!Number.isNaN(cached)) return cached
    const skip = max ? Infinity : -Infinity
    let h = -skip
    for (let dx = -radius; dx <= radius; dx++) {
      for (let dz = -radius; dz <= radius; dz++) {
        const v =
          stage === Stage.Raised
            ? this.columnHeight(ix + dx, iz + dz)
            : this.stageAt(stage - 1, ix + dx, iz + dz)
        if (v !== skip && (max ? v > h : v < h)) h = v
      }
    }
    cache.set(ix, iz, h)
    return h
  }
}

/** Whether a settled column's value (see WorldGround.settled) says water. */
function settledIsWater(v: number): boolean {
  return v < -WATER_OFFSET / 2
}

/** The walkable height a settled column's value holds, water or not. */
function settledHeight(v: number): number {
  return settledIsWater(v) ? -v - WATER_OFFSET : v
}
