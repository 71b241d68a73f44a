import type { Frame } from './frame'
import { isSky } from './frame'
import { linearToSrgb8, SRGB8_TO_LINEAR } from './srgb'

/**
 * The frame's colours with its skyline anti-aliased: morphological anti-aliasing (MLAA, Reshetov
 * 2009) restricted to the one edge a far view is made of. The model samples each pixel once, so a
 * ridge that climbs gently meets the sky in stairs one pixel high and many wide; the sky panorama
 * is stretched ~3-6 times over a desktop view (more in a headset), and linear filtering turns
 * each stair into a soft block. Supersampling fixes it at the square of the factor in model time.
 *
 * Each column's skyline is its first surface pixel from the top. A run of columns at one height
 * whose neighbours step one pixel up or down is a stretch of a line: the line passes through the
 * middle of each step, so across the run it is interpolated from one step's middle to the next
 * (halfway, where both neighbours step the same way). The pixel it crosses takes sky and land
 * colour in proportion to its coverage, mixed in linear light. A skyline steeper than a row a
 * column is treated the same way along the rows (blendSteepRuns); drops of over STEEP_MAX rows
 * (a trunk, a cliff) are edges, not stairs, and are left alone; depth and material are not
 * touched.
 * Columns wrap for an equirect frame (its left and right edges meet).
 */
export function antialiasSkyline(frame: Frame): Uint8Array {
  const job = new SkylineAntialias(frame)
  while (!job.step());
  return job.rgba
}

/** Bytes copied, and columns scanned or blended, in one step of a SkylineAntialias. */
export const COPY_BYTES_PER_STEP = 1 << 19
export const COLUMNS_PER_STEP = 256

/**
 * antialiasSkyline a slice at a time, for a panorama that lands while the viewer looks on: done in
 * one go it was one task of 33-38 ms for a 2048 px panorama (the copy of its 8 MB into fresh
 * memory, the scan of its columns and the blend, in code not yet optimised when it first runs).
 * Each step copies at most COPY_BYTES_PER_STEP, or scans or blends at most COLUMNS_PER_STEP
 * columns. `rgba` is whole once `step` has returned true.
 */
export class SkylineAntialias {
  readonly rgba: Uint8Array
  private readonly top: Int32Array
  private readonly wrap: boolean
  private copied = 0
  private scanned = 0
  /** The run being blended starts at column runAt; runsDone columns have been. -1: not begun. */
  private runAt = -1
  private runsDone = 0
  private steepDone = 0
  private finished = false

  constructor(private readonly frame: Frame) {
    this.rgba = new Uint8Array(frame.rgba.length)
    this.top = new Int32Array(frame.camera.width)
    this.wrap = frame.camera.model === 'equirect'
  }

  get done(): boolean {
    return this.finished
  }

  /** One slice of the work; true once the result is whole. */
  step(): boolean {
    if (this.finished) return true
    const { rgba, depth } = this.frame
    const { width: w, height: h } = this.frame.camera
    if (this.copied < rgba.length) {
      const end = Math.min(rgba.length, this.copied + COPY_BYTES_PER_STEP)
      this.rgba.set(rgba.subarray(this.copied, end), this.copied)
      this.copied = end
      return false
    }
    if (this.scanned < w) {
      const end = Math.min(w, this.scanned + COLUMNS_PER_STEP)
      for (let x = this.scanned; x < end; x++) {
        let y = 0
        while (y < h && isSky(depth[y * w + x]!)) y++
        this.top[x] = y
      }
      this.scanned = end
      return false
    }
    if (this.runsDone < w) {
      this.blendRuns(w, h)
      return false
    }
    const pairs = this.wrap ? w : w - 1
    const end = Math.min(pairs, this.steepDone + COLUMNS_PER_STEP)
    blendSteepRuns(this.frame.rgba, this.rgba, w, h, this.steepDone, end, this.at)
    this.steepDone = end
    this.finished = end >= pairs
    return this.finished
  }

  /** The skyline row of column x, or -1 off a frame that does not wrap. */
  private readonly at = (x: number): number => {
    const w = this.top.length
    if (x >= 0 && x < w) return this.top[x]!
    return this.wrap ? this.top[(x + w) % w]! : -1
  }

  /** Blends the next COLUMNS_PER_STEP columns' worth of runs (whole runs: one may go past). */
  private blendRuns(w: number, h: number): void {
    const { at, wrap } = this
    if (this.runAt < 0) {
      // Where the first run begins: in a wrapped frame, at a step, so no run straddles the seam twice.
      let x0 = 0
      if (wrap) while (x0 < w && this.top[x0] === at(x0 - 1)) x0++
      this.runAt = x0
      // A wrapped skyline at one height has no step: nothing to blend along it.
      if (x0 === w) {
        this.runsDone = w
        return
      }
    }
    const stop = this.runsDone + COLUMNS_PER_STEP
    while (this.runsDone < w && this.runsDone < stop) {
      const x0 = this.runAt
      const y = at(x0)
      let len = 1
      while (len < w && at(x0 + len) === y) len++
      // A run cut by the edge of a frame that does not wrap has an unknown length: left as it is.
      const cut = !wrap && (x0 === 0 || x0 + len === w)
      if (y > 0 && y < h && !cut) {
        blendRun(this.frame.rgba, this.rgba, w, x0, len, y, stepTo(at(x0 - 1), y), stepTo(at(x0 + len), y))
      }
      this.runAt = x0 + len
      this.runsDone += len
    }
  }
}

/** The most rows a stair of a steep skyline may drop between two columns; more is an edge. */
const STEEP_MAX = 8

/**
 * The same for a skyline steeper than one row a column (a peak's flank, a conifer's side): seen
 * along the rows, the edge between two columns that drop 2-STEEP_MAX rows is a run one column
 * wide, and the line passes through the middles of the column steps above and below it. The
 * pixels beside the edge take sky and land colour from the unblended frame (`src`). Over the
 * column pairs (x, x + 1) for x in [from, to).
 */
function blendSteepRuns(
  src: Uint8Array,
  rgba: Uint8Array,
  w: number,
  h: number,
  from: number,
  to: number,
  at: (x: number) => number,
): void {
  for (let x = from; x < to; x++) {
    const a = at(x)
    const b = at(x + 1)
    const d = b - a
    if (Math.abs(d) < 2 || Math.abs(d) > STEEP_MAX || a <= 0 || b <= 0 || a >= h || b >= h) continue
    // Land on the higher side: the left column where the skyline falls to the right.
    const falls = d > 0
    const land = falls ? x : x + 1
    const sky = falls ? x + 1 : x
    const r0 = Math.min(a, b)
    const k = Math.abs(d)
    // The stair above continues the flank one column on the land side, the one below one column
    // on the sky side.
    const above = falls ? a - at(x - 1) : a - at(x + 2)
    const below = falls ? at(x + 2) - b : at(x - 1) - b
    const up = (falls ? at(x - 1) : at(x + 2)) >= 0 && above >= 1 ? -0.5 : 0
    const down = (falls ? at(x + 2) : at(x - 1)) >= 0 && below >= 1 ? 0.5 : 0
    if (up === 0 && down === 0) continue
    for (let i = 0; i < k; i++) {
      const u = (i + 0.5) / k
      // Where the line crosses this row: < 0 inside the land column, > 0 inside the sky column.
      const off = up * (1 - u) + down * u
      if (off === 0) continue
      const row = (r0 + i) * w
      const l = 4 * (row + column(land, w))
      const s = 4 * (row + column(sky, w))
      mixInto(src, rgba, off < 0 ? l : s, l, s, off < 0 ? 1 + off : off)
    }
  }
}

/** The neighbour's offset if it is one pixel up or down (a stair), else 0 (an edge, or nothing). */
function stepTo(neighbour: number, y: number): number {
  const d = neighbour - y
  return neighbour >= 0 && (d === 1 || d === -1) ? d : 0
}

/**
 * Blends the pixel the line crosses in each column of the run [x0, x0 + len) at skyline row y.
 * The line's height over the run: at its left end y + left / 2, at its right end y + right / 2;
 * straight between them where they differ (a stair), through y at the middle where they agree (a
 * bump or a dip), flat at y where there is no step.
 */
function blendRun(
  src: Uint8Array,
  rgba: Uint8Array,
  w: number,
  x0: number,
  len: number,
  y: number,
  left: number,
  right: number,
): void {
  for (let i = 0; i < len; i++) {
    const u = (i + 0.5) / len
    let b: number
    if (left !== right) b = y + (left / 2) * (1 - u) + (right / 2) * u
    else b = y + (left / 2) * Math.max(1 - 2 * u, 2 * u - 1)
    if (b === y) continue
    const x = column(x0 + i, w)
    const land = 4 * (y * w + x)
    const sky = 4 * ((y - 1) * w + x)
    // b < y: the line runs above the row: the sky pixel over it is partly land. b > y: below its
    // top: the land pixel is partly sky.
    mixInto(src, rgba, b < y ? sky : land, land, sky, b < y ? y - b : 1 - (b - y))
  }
}

/** Column x of a frame w wide, wrapped (an equirect frame's edges meet). */
function column(x: number, w: number): number {
  return ((x % w) + w) % w
}

/**
 * Writes into `rgba` at byte `into` the mix of the unblended land and sky pixels (`src` at `land`
 * and `sky`) with `landShare` of land, in linear light.
 */
function mixInto(
  src: Uint8Array,
  rgba: Uint8Array,
  into: number,
  land: number,
  sky: number,
  landShare: number,
): void {
  for (let c = 0; c < 3; c++) {
    const mix =
      SRGB8_TO_LINEAR[src[land + c]!]! * landShare + SRGB8_TO_LINEAR[src[sky + c]!]! * (1 - landShare)
    rgba[into + c] = linearToSrgb8(mix)
  }
}
