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
import {
  albedo,
  blueness,
  clamp01,
  greenness,
  groundLight,
  hueNear,
  hueSat,
  lerp,
  luma,
  ramp,
  toLinear,
  warmth,
  type Rgb,
} from './image-colour'
import {
  cellsOf,
  checkImage,
  ImageStyleError,
  meanColour,
  paletteOf,
  pick,
  type PaletteColour,
  type RgbaImage,
} from './image-palette'

export { ImageStyleError, type PaletteColour, type RgbaImage } from './image-palette'

export type { Rgb } from './image-colour'

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

/** Rows above this fraction of the height are "sky"; below 1 - it, "ground". */
const PART = 0.4

const DEFAULT_FOLIAGE: Rgb = [DEFAULT_STYLE.foliageR, DEFAULT_STYLE.foliageG, DEFAULT_STYLE.foliageB]
const DEFAULT_WATER: Rgb = [DEFAULT_STYLE.waterR, DEFAULT_STYLE.waterG, DEFAULT_STYLE.waterB]

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
