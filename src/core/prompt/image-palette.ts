/** Reads an image into a coarse grid of cells and a small palette (k-means in linear light), deterministically. */
import { luma, SRGB_TO_LINEAR, toSrgb, type Rgb } from './image-colour'

/** Straight (non-premultiplied) 8-bit RGBA, row by row, top row first: what ImageData holds. */
export interface RgbaImage {
  width: number
  height: number
  data: Uint8Array | Uint8ClampedArray
}

export interface PaletteColour {
  rgb: Rgb
  /** Fraction of the image (by opaque area) nearest this colour. */
  share: number
  /** Fraction of this colour's area in the lower half of the image (the ground). */
  lower: number
}

/** Why an image cannot give a style (its message is written for the person). */
export class ImageStyleError extends Error {
  override name = 'ImageStyleError'
}

/**
 * Cells per side of the analysis grid. 32 x 32 cells hold every colour region a style can use;
 * more only costs k-means time.
 */
const GRID = 32
/** Pixel visits above which the image is read with a stride (a 2k x 2k image is read whole). */
const MAX_VISITS = 4_000_000
/** Palette size: enough for sky, ground, foliage and an accent. */
const PALETTE_SIZE = 5
const KMEANS_ROUNDS = 12

export interface Cell {
  lin: Rgb
  srgb: Rgb
  weight: number
  /** 0 top row to 1 bottom row (cell centre). */
  y: number
}

/** Averages the image into at most GRID x GRID cells (in linear light, weighted by alpha). */
export function cellsOf(image: RgbaImage): { cells: Cell[]; seed: number } {
  const { width: w, height: h, data } = image
  const cw = Math.min(w, GRID)
  const ch = Math.min(h, GRID)
  const n = cw * ch
  const sum = new Float64Array(n * 4)
  const step = Math.max(1, Math.ceil(Math.sqrt((w * h) / MAX_VISITS)))
  // FNV-1a over the pixels read (and the size): the region's seed, so the same image always
  // grows the same terrain noise, and a different one a different noise.
  let hash = 0x811c9dc5
  const mix = (byte: number): void => {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0
  }
  for (const v of [w, h]) for (let k = 0; k < 4; k++) mix((v >>> (8 * k)) & 0xff)
  for (let y = 0; y < h; y += step) {
    const cy = Math.floor((y * ch) / h)
    for (let x = 0; x < w; x += step) {
      const i = (y * w + x) * 4
      const r = data[i]!
      const g = data[i + 1]!
      const b = data[i + 2]!
      const a = data[i + 3]!
      mix(r)
      mix(g)
      mix(b)
      mix(a)
      if (a === 0) continue
      const c = (cy * cw + Math.floor((x * cw) / w)) * 4
      const wa = a / 255
      sum[c] += SRGB_TO_LINEAR[r]! * wa
      sum[c + 1] += SRGB_TO_LINEAR[g]! * wa
      sum[c + 2] += SRGB_TO_LINEAR[b]! * wa
      sum[c + 3] += wa
    }
  }
  const cells: Cell[] = []
  for (let c = 0; c < n; c++) {
    const weight = sum[c * 4 + 3]!
    if (weight <= 0) continue
    const lin: Rgb = [sum[c * 4]! / weight, sum[c * 4 + 1]! / weight, sum[c * 4 + 2]! / weight]
    const y = (Math.floor(c / cw) + 0.5) / ch
    cells.push({ lin, srgb: lin.map(toSrgb) as Rgb, weight, y })
  }
  return { cells, seed: ((hash >>> 16) ^ hash) & 0xffff }
}

/** Weighted mean colour (averaged in linear light, returned as sRGB) of the cells `keep` selects. */
export function meanColour(cells: readonly Cell[], keep: (c: Cell) => boolean): Rgb {
  const s = [0, 0, 0]
  let wsum = 0
  for (const c of cells) {
    if (!keep(c)) continue
    for (let k = 0; k < 3; k++) s[k]! += c.lin[k]! * c.weight
    wsum += c.weight
  }
  if (wsum <= 0) return meanColour(cells, () => true)
  return s.map((v) => toSrgb(v / wsum)) as Rgb
}

export const dist2 = (a: Rgb, b: Rgb): number => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2

/**
 * Dominant colours by weighted k-means in sRGB (closer to how different colours look than linear
 * light). Seeded deterministically: the cell nearest the mean colour, then each time the cell
 * farthest from the centres so far, so the same image always gives the same palette.
 */
export function paletteOf(cells: readonly Cell[]): PaletteColour[] {
  const mean = meanColour(cells, () => true)
  let first = cells[0]!
  for (const c of cells) if (dist2(c.srgb, mean) < dist2(first.srgb, mean)) first = c
  const centres: Rgb[] = [[...first.srgb]]
  while (centres.length < Math.min(PALETTE_SIZE, cells.length)) {
    let best: Cell | null = null
    let bestD = 1e-6 // identical colours do not make a second centre
    for (const c of cells) {
      const d = Math.min(...centres.map((m) => dist2(c.srgb, m)))
      if (d > bestD) {
        bestD = d
        best = c
      }
    }
    if (!best) break
    centres.push([...best.srgb])
  }
  const k = centres.length
  const assign = new Int32Array(cells.length)
  for (let round = 0; round < KMEANS_ROUNDS; round++) {
    cells.forEach((c, i) => {
      let bi = 0
      for (let j = 1; j < k; j++) if (dist2(c.srgb, centres[j]!) < dist2(c.srgb, centres[bi]!)) bi = j
      assign[i] = bi
    })
    const acc = Array.from({ length: k }, () => [0, 0, 0, 0])
    cells.forEach((c, i) => {
      const a = acc[assign[i]!]!
      for (let ch = 0; ch < 3; ch++) a[ch]! += c.srgb[ch]! * c.weight
      a[3]! += c.weight
    })
    acc.forEach((a, j) => {
      if (a[3]! > 0) centres[j] = [a[0]! / a[3]!, a[1]! / a[3]!, a[2]! / a[3]!]
    })
  }
  const total = cells.reduce((s, c) => s + c.weight, 0)
  const stats = centres.map(() => ({ w: 0, low: 0 }))
  cells.forEach((c, i) => {
    const st = stats[assign[i]!]!
    st.w += c.weight
    if (c.y >= 0.5) st.low += c.weight
  })
  return centres
    .map((rgb, j) => ({
      rgb,
      share: stats[j]!.w / total,
      lower: stats[j]!.w > 0 ? stats[j]!.low / stats[j]!.w : 0,
    }))
    .filter((p) => p.share > 0)
    .sort((a, b) => b.share - a.share || luma(b.rgb) - luma(a.rgb))
}

/** The palette colour that scores highest on `score`, weighted by how much of it there is. */
export function pick(
  palette: readonly PaletteColour[],
  score: (p: PaletteColour) => number,
): PaletteColour | null {
  let best: PaletteColour | null = null
  let bestS = 0
  for (const p of palette) {
    const s = score(p) * Math.sqrt(p.share)
    if (s > bestS) {
      bestS = s
      best = p
    }
  }
  return best
}

export function checkImage(image: RgbaImage): void {
  const { width: w, height: h, data } = image
  if (!Number.isInteger(w) || !Number.isInteger(h) || w < 1 || h < 1)
    throw new ImageStyleError(`The image has no pixels (${w} x ${h}).`)
  if (data.length < w * h * 4)
    throw new ImageStyleError(
      `The image data is short: ${w} x ${h} RGBA needs ${w * h * 4} bytes, got ${data.length}.`,
    )
}
