/**
 * A region's style vector: the interpretable parameters the prompt encoder produces and the
 * reference model reads. Each feature is in [0, 1] (colours are linear RGB in [0, 1]). A learned
 * model reads the same vector; a learned text encoder writes it (see core/prompt).
 */
export const STYLE_FEATURES = [
  /** Terrain relief: 0 flat plain, 1 high mountains. */
  'relief',
  /** Small-scale roughness of the ground (rocks, hummocks). */
  'roughness',
  /** Sharp ridges: dunes, alpine ridges. */
  'ridges',
  /** Carved canyons and gullies. */
  'canyon',
  /** Water level: 0 dry, 0.5 lakes and rivers in the lows, 1 mostly sea. */
  'water',
  /** Vegetation density (grass, shrubs, forest canopy). */
  'vegetation',
  /** Snow cover. */
  'snow',
  /** Sand cover (beaches, deserts). */
  'sand',
  'groundR',
  'groundG',
  'groundB',
  'foliageR',
  'foliageG',
  'foliageB',
  'rockR',
  'rockG',
  'rockB',
  'waterR',
  'waterG',
  'waterB',
  /** Time of day: 0 midnight, 0.25 sunrise, 0.5 noon, 0.75 sunset. */
  'timeOfDay',
  /** Fog / mist density. */
  'fog',
  /** Cloud cover. */
  'clouds',
  /** Glowing ground (lava), for volcanic worlds. */
  'glow',
  /** Wildflowers in the grass: 0 none, 1 a meadow in full bloom. Added after `glow` (LEGACY_STYLE_DIMS). */
  'flowers',
  /**
   * Their colour along white (0), violet (0.25), blue (0.42), yellow (0.6), orange (0.8) and red
   * (1); 0.5, the default, is a mixed meadow whose drifts spread over all of them.
   */
  'flowerHue',
  /** Northern lights in the night sky: 0 none, 1 bright curtains. Added after `flowerHue`. */
  'aurora',
  /** Houses: 0 none, 1 a village, a house on about half the level ground. Added after `aurora`. */
  'village',
  /** Columnar cacti on desert sand: 0 none, 1 a cactus in about a fifth of the cells. Added after `village`. */
  'cactus',
] as const

export type StyleFeature = (typeof STYLE_FEATURES)[number]
export const STYLE_DIM = STYLE_FEATURES.length

export const STYLE_INDEX = Object.fromEntries(STYLE_FEATURES.map((f, i) => [f, i])) as Record<
  StyleFeature,
  number
>

export type StyleVector = Float32Array

/** A temperate meadow at mid-morning: what "a world" means when the prompt says nothing. */
export const DEFAULT_STYLE: Readonly<Record<StyleFeature, number>> = {
  relief: 0.35,
  roughness: 0.4,
  ridges: 0.1,
  canyon: 0,
  water: 0.3,
  vegetation: 0.5,
  snow: 0,
  sand: 0.1,
  groundR: 0.3,
  groundG: 0.26,
  groundB: 0.18,
  foliageR: 0.12,
  foliageG: 0.3,
  foliageB: 0.08,
  rockR: 0.42,
  rockG: 0.4,
  rockB: 0.38,
  waterR: 0.05,
  waterG: 0.18,
  waterB: 0.25,
  timeOfDay: 0.42,
  fog: 0.15,
  clouds: 0.25,
  glow: 0,
  flowers: 0,
  flowerHue: 0.5,
  aurora: 0,
  village: 0,
  cactus: 0,
}

/**
 * Style lengths written before features were added (worlds saved, files exported, clients built
 * then): 24 before `flowers` and `flowerHue`, 26 before `aurora`, 27 before `village`, 28 before
 * `cactus`. Features are only ever appended, so such a style is read as its values followed by the
 * defaults of the features added since.
 */
export const LEGACY_STYLE_DIMS: readonly number[] = [24, 26, 27, 28]

/** Whether a stored or received style has a length this build reads. */
export function isStyleLength(n: number): boolean {
  return n === STYLE_DIM || LEGACY_STYLE_DIMS.includes(n)
}

/** The length to check a style array against: its own if this build reads it, else STYLE_DIM. */
export function styleLengthFor(v: unknown): number {
  return Array.isArray(v) && isStyleLength(v.length) ? v.length : STYLE_DIM
}

/**
 * A style read from storage, a file or the wire, as float32: widened to STYLE_DIM with the later
 * features' defaults if it has a legacy length, else copied as it is (a wrong length is for the
 * reader's own validation to refuse).
 */
export function fullStyle(values: ArrayLike<number>): StyleVector {
  if (!LEGACY_STYLE_DIMS.includes(values.length)) return Float32Array.from(values)
  const v = new Float32Array(STYLE_DIM)
  for (let i = 0; i < STYLE_DIM; i++)
    v[i] = i < values.length ? values[i]! : DEFAULT_STYLE[STYLE_FEATURES[i]!]
  return v
}

export function styleVector(features: Partial<Record<StyleFeature, number>> = {}): StyleVector {
  const v = new Float32Array(STYLE_DIM)
  for (let i = 0; i < STYLE_DIM; i++) {
    const name = STYLE_FEATURES[i]!
    const value = features[name] ?? DEFAULT_STYLE[name]
    v[i] = Math.min(1, Math.max(0, value))
  }
  return v
}

export function styleRecord(v: StyleVector): Record<StyleFeature, number> {
  return Object.fromEntries(STYLE_FEATURES.map((f, i) => [f, v[i] ?? 0])) as Record<StyleFeature, number>
}
