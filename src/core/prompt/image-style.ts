/**
 * An image as a prompt: its palette, brightness, sky colour (upper part) and ground colour (lower
 * part), mapped onto the style features the reference model reads. This is style conditioning,
 * not image-to-world: the reference model has no sky-colour input, so the sky speaks through the
 * time of day, clouds and fog that make such a sky, and the ground through the surface colours.
 * An image-conditioned model (see models/README.md) could take the pixels themselves.
 */
import {
  DEFAULT_STYLE,
  STYLE_FEATURES,
  STYLE_INDEX,
  styleVector,
  type StyleFeature,
  type StyleVector,
} from '../style'

/** Straight (non-premultiplied) 8-bit RGBA, row by row, top row first: what ImageData holds. */
export interface RgbaImage {
  width: number
  height: number
  data: Uint8Array | Uint8ClampedArray
}

/** An sRGB colour, each channel in [0, 1]. */
export type Rgb = [number, number, number]

export interface PaletteColour {
  rgb: Rgb
  /** Fraction of the image (by opaque area) nearest this colour. */
  share: number
  /** Fraction of this colour's area in the lower half of the image (the ground). */
  lower: number
}

export interface ImageStyle {
  /** The full style vector: the image's colours and light over the base style's terrain shape. */
  style: StyleVector
  /** Only the features the image decided, by name (what a restyle from this image would set). */
  set: Partial<Record<StyleFeature, number>>
  /** Region noise seed in [0, 2^16), a hash of the pixels: the same image grows the same region. */
  seed: number
  /** Dominant colours, largest share first. */
  palette: PaletteColour[]
  /** Mean perceived brightness (luma of sRGB), 0 black to 1 white. */
  brightness: number
  /** Mean colour of the upper part, where a photo's sky is. */
  sky: Rgb
  /** Mean colour of the lower part, where a photo's ground is. */
  ground: Rgb
}

/**
 * The features an image sets; the rest (relief, roughness, ridges, canyon, water level) keep the
 * base style's values: a picture's colours say little about the shape of the land, and keeping
 * it lets the new region blend into the terrain around it.
 */
export const IMAGE_STYLE_FEATURES: readonly StyleFeature[] = STYLE_FEATURES.filter(
  (f) => !(['relief', 'roughness', 'ridges', 'canyon', 'water'] as const).some((shape) => shape === f),
)

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
/** Rows above this fraction of the height are "sky"; below 1 - it, "ground". */
const PART = 0.4

const DEFAULT_FOLIAGE: Rgb = [DEFAULT_STYLE.foliageR, DEFAULT_STYLE.foliageG, DEFAULT_STYLE.foliageB]
const DEFAULT_WATER: Rgb = [DEFAULT_STYLE.waterR, DEFAULT_STYLE.waterG, DEFAULT_STYLE.waterB]

const SRGB_TO_LINEAR = Float64Array.from({ length: 256 }, (_, i) => toLinear(i / 255))

function toLinear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
}

function toSrgb(c: number): number {
  const v = Math.min(1, Math.max(0, c))
  return v <= 0.0031308 ? v * 12.92 : 1.055 * v ** (1 / 2.4) - 0.055
}

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x))
/** 0 at `a`, 1 at `b`, linear between (either order). */
const ramp = (x: number, a: number, b: number): number => clamp01((x - a) / (b - a))
const lerp = (a: number, b: number, t: number): number => a + (b - a) * t

function luma(c: Rgb): number {
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
}

/** Hue in degrees [0, 360) and saturation (HSV) of an sRGB colour. */
function hueSat(c: Rgb): { hue: number; sat: number } {
  const max = Math.max(c[0], c[1], c[2])
  const min = Math.min(c[0], c[1], c[2])
  const d = max - min
  if (d <= 1e-9) return { hue: 0, sat: 0 }
  let h: number
  if (max === c[0]) h = ((c[1] - c[2]) / d) % 6
  else if (max === c[1]) h = (c[2] - c[0]) / d + 2
  else h = (c[0] - c[1]) / d + 4
  return { hue: (h * 60 + 360) % 360, sat: d / max }
}

/** 1 at hue `centre`, falling to 0 `width` degrees away (around the colour wheel). */
function hueNear(hue: number, centre: number, width: number): number {
  const d = Math.abs(((hue - centre + 540) % 360) - 180)
  return 1 - clamp01(d / width)
}

/** How much a colour reads as a sunset or fire sky: red, orange, gold, pink, and saturated. */
function warmth(c: Rgb): number {
  const { hue, sat } = hueSat(c)
  return hueNear(hue, 25, 55) * ramp(sat, 0.15, 0.55)
}

function greenness(c: Rgb): number {
  const { hue, sat } = hueSat(c)
  return hueNear(hue, 105, 55) * ramp(sat, 0.12, 0.4)
}

function blueness(c: Rgb): number {
  const { hue, sat } = hueSat(c)
  return hueNear(hue, 210, 55) * ramp(sat, 0.12, 0.4)
}

/**
 * Roughly how much light flat ground gets in the reference model (models/build/prepare-stage.ts:
 * sun or moon diffuse plus sky ambient, dimmed by clouds) at a time of day, as a luminance
 * multiplier. A sunset sun is low and weak: ground lit by it is ~4x darker than at noon.
 */
function groundLight(timeOfDay: number, clouds: number): number {
  const theta = (timeOfDay - 0.25) * 2 * Math.PI
  const s = Math.sin(theta)
  const sun: Rgb = [Math.cos(theta), 0.78 * s, -0.25 * s - 0.45]
  const y = Math.abs(sun[1]) / Math.hypot(...sun)
  const night = sun[1] < -0.02
  const strength =
    ramp(y, -0.02, 0.08) * (1 - 0.55 * clouds) * (night ? 0.12 : 2.1 * (0.75 + 0.25 * ramp(y, 0, 0.4)))
  const day = ramp(sun[1] / Math.hypot(...sun), -0.04, 0.3)
  const ambient = lerp(0.015, 0.2, day) * 0.85 * (1 + 0.5 * clouds)
  return strength * y + ambient
}

/**
 * The surface colour (albedo, linear) that the reference model draws as roughly this sRGB colour
 * under `light` (groundLight): it inverts the light and the model's exposure curve
 * (1 - exp(-1.05 x)), so a picked colour comes back on screen near itself, not darker. The light
 * has a floor: night stays dark (a night picture's dark ground is its light, not its paint).
 */
function albedo(c: Rgb, light: number): Rgb {
  const l = 1.05 * Math.max(light, 0.35)
  const a = c.map((v) => -Math.log(1 - Math.min(0.95, toLinear(v))) / l)
  // Scale rather than clip, so a bright colour keeps its hue.
  const top = Math.max(...a, 1e-9)
  const k = top > 0.85 ? 0.85 / top : 1
  return a.map((v) => Math.max(0.015, v * k)) as Rgb
}

/** One analysis cell: the mean linear colour of a patch of the image and its opaque weight. */
interface Cell {
  lin: Rgb
  srgb: Rgb
  weight: number
  /** 0 top row to 1 bottom row (cell centre). */
  y: number
}

/** Averages the image into at most GRID x GRID cells (in linear light, weighted by alpha). */
function cellsOf(image: RgbaImage): { cells: Cell[]; seed: number } {
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
function meanColour(cells: readonly Cell[], keep: (c: Cell) => boolean): Rgb {
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

const dist2 = (a: Rgb, b: Rgb): number => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2

/**
 * Dominant colours by weighted k-means in sRGB (closer to how different colours look than linear
 * light). Seeded deterministically: the cell nearest the mean colour, then each time the cell
 * farthest from the centres so far, so the same image always gives the same palette.
 */
function paletteOf(cells: readonly Cell[]): PaletteColour[] {
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
function pick(palette: readonly PaletteColour[], score: (p: PaletteColour) => number): PaletteColour | null {
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

function checkImage(image: RgbaImage): void {
  const { width: w, height: h, data } = image
  if (!Number.isInteger(w) || !Number.isInteger(h) || w < 1 || h < 1)
    throw new ImageStyleError(`The image has no pixels (${w} x ${h}).`)
  if (data.length < w * h * 4)
    throw new ImageStyleError(
      `The image data is short: ${w} x ${h} RGBA needs ${w * h * 4} bytes, got ${data.length}.`,
    )
}

/**
 * The style an image gives a region: its colours and light over `base` (the style of the land it
 * lands on: its shape features are kept). Deterministic: the same pixels give the same style and
 * seed. Throws ImageStyleError when there is nothing to read (no pixels, fully transparent).
 */
export function imageStyle(image: RgbaImage, base: StyleVector = styleVector()): ImageStyle {
  if (base.length !== STYLE_FEATURES.length)
    throw new RangeError(`base style must have ${STYLE_FEATURES.length} values, got ${base.length}`)
  checkImage(image)
  const { cells, seed } = cellsOf(image)
  if (cells.length === 0)
    throw new ImageStyleError('The image is fully transparent: it has no colours to take.')

  const total = cells.reduce((s, c) => s + c.weight, 0)
  const brightness = cells.reduce((s, c) => s + luma(c.srgb) * c.weight, 0) / total
  const contrast = Math.sqrt(
    cells.reduce((s, c) => s + (luma(c.srgb) - brightness) ** 2 * c.weight, 0) / total,
  )
  const sky = meanColour(cells, (c) => c.y < PART)
  const ground = meanColour(cells, (c) => c.y > 1 - PART)
  const palette = paletteOf(cells)

  // Light, from the sky: a warm sky is a low sun, a dark picture is dusk or night, a grey one is
  // overcast, a flat one is hazy. Evening rather than morning: a photo cannot tell them apart.
  const skyL = luma(sky)
  const dark = ramp(0.6 * skyL + 0.4 * brightness, 0.38, 0.07)
  const { sat: skySat } = hueSat(sky)
  const timeOfDay = lerp(lerp(0.45, 0.735, warmth(sky)), 0.93, dark)
  const grey = 1 - ramp(skySat, 0.08, 0.35)
  const clouds = 0.05 + 0.85 * grey * ramp(skyL, 0.2, 0.55)
  const fog = 0.04 + 0.4 * ramp(contrast, 0.15, 0.02)

  // Surfaces, from the ground, as paint that the region's own light draws as the picture's colours.
  const light = groundLight(timeOfDay, clouds)
  const groundAlbedo = albedo(ground, light)
  const { sat: groundSat, hue: groundHue } = hueSat(ground)
  const groundL = luma(ground)
  const lowerCells = cells.filter((c) => c.y > 1 - PART)
  const lowerWeight = lowerCells.reduce((s, c) => s + c.weight, 0)
  const green = lowerCells.reduce((s, c) => s + greenness(c.srgb) * c.weight, 0) / Math.max(lowerWeight, 1e-9)
  const vegetation = 0.04 + 0.8 * ramp(green, 0.05, 0.6)
  const leaf = pick(palette, (p) => greenness(p.rgb) * (0.3 + p.lower))
  const foliage =
    leaf && greenness(leaf.rgb) > 0.3
      ? albedo(leaf.rgb, light)
      : (groundAlbedo.map((v, k) => lerp(DEFAULT_FOLIAGE[k]!, v * 0.6, 0.6)) as Rgb)
  const groundGrey = luma(groundAlbedo)
  const rock = groundAlbedo.map((v) => lerp(v, groundGrey, 0.35) * 0.9) as Rgb
  const pool = pick(palette, (p) => blueness(p.rgb))
  const waterSrc = pool && blueness(pool.rgb) > 0.3 ? pool.rgb : sky
  const water = waterSrc.map((v, k) => lerp(DEFAULT_WATER[k]!, toLinear(v) * 0.4, 0.6)) as Rgb
  const snow = 0.85 * ramp(groundL, 0.68, 0.88) * (1 - ramp(groundSat, 0.08, 0.22))
  // Sand has its own colour in the model (a pale beige): only a ground of that colour is sand,
  // so a red desert keeps its red.
  const sand =
    0.6 *
    hueNear(groundHue, 38, 22) *
    ramp(groundSat, 0.12, 0.25) *
    (1 - ramp(groundSat, 0.6, 0.8)) *
    ramp(groundL, 0.35, 0.55)

  const set: Partial<Record<StyleFeature, number>> = {
    vegetation,
    snow,
    sand,
    groundR: groundAlbedo[0],
    groundG: groundAlbedo[1],
    groundB: groundAlbedo[2],
    foliageR: foliage[0],
    foliageG: foliage[1],
    foliageB: foliage[2],
    rockR: rock[0],
    rockG: rock[1],
    rockB: rock[2],
    waterR: water[0],
    waterG: water[1],
    waterB: water[2],
    timeOfDay,
    fog,
    clouds,
    glow: 0,
  }
  const style = new Float32Array(base)
  for (const f of IMAGE_STYLE_FEATURES) {
    // Float32 values, as a style vector stores them, so `set` and `style` agree bit for bit.
    const v = Math.fround(clamp01(set[f] ?? DEFAULT_STYLE[f]))
    set[f] = v
    style[STYLE_INDEX[f]] = v
  }
  return { style, set, seed, palette, brightness, sky, ground }
}
