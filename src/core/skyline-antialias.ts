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
 * colour in proportion to its coverage, mixed in linear light. Steps over one pixel (a tree, a
 * cliff) are edges, not stairs, and are left alone; depth and material are not touched.
 * Columns wrap for an equirect frame (its left and right edges meet).
 */
export function antialiasSkyline(frame: Frame): Uint8Array {
  const { width: w, height: h, model } = frame.camera
  const wrap = model === 'equirect'
  const rgba = new Uint8Array(frame.rgba)
  const top = new Int32Array(w)
  for (let x = 0; x < w; x++) {
    let y = 0
    while (y < h && isSky(frame.depth[y * w + x]!)) y++
    top[x] = y
  }
  /** The skyline row of column x, or -1 off a frame that does not wrap. */
  const at = (x: number): number => {
    if (x >= 0 && x < w) return top[x]!
    return wrap ? top[(x + w) % w]! : -1
  }
  let x0 = 0
  // Where the first run begins: in a wrapped frame, at a step, so no run straddles the seam twice.
  if (wrap) while (x0 < w && top[x0] === at(x0 - 1)) x0++
  if (x0 === w) return rgba
  for (let done = 0; done < w;) {
    const y = at(x0)
    let len = 1
    while (len < w && at(x0 + len) === y) len++
    // A run cut by the edge of a frame that does not wrap has an unknown length: left as it is.
    const cut = !wrap && (x0 === 0 || x0 + len === w)
    if (y > 0 && y < h && !cut) blendRun(rgba, w, x0, len, y, stepTo(at(x0 - 1), y), stepTo(at(x0 + len), y))
    x0 += len
    done += len
  }
  return rgba
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
    const x = (((x0 + i) % w) + w) % w
    const land = 4 * (y * w + x)
    const sky = 4 * ((y - 1) * w + x)
    // b < y: the line runs above the row: the sky pixel over it is partly land. b > y: below its
    // top: the land pixel is partly sky.
    const into = b < y ? sky : land
    const landShare = b < y ? y - b : 1 - (b - y)
    for (let k = 0; k < 3; k++) {
      const mix =
        SRGB8_TO_LINEAR[rgba[land + k]!]! * landShare + SRGB8_TO_LINEAR[rgba[sky + k]!]! * (1 - landShare)
      rgba[into + k] = linearToSrgb8(mix)
    }
  }
}
