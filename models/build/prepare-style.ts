/**
 * The region table in the prepare stage: parsing it, blending the regions' styles at any set of
 * ground points, the sun's path, and the octave noise the terrain is built from.
 */
import { REGION_COLUMNS } from '../../src/core/region'
import { STYLE_DIM } from '../../src/core/style'
import type { GraphBuilder, Value } from './graph'
import type { WrappedTexture } from './textures'
import { sampleWrappedNchw, texelCoord } from './world-layout'

export const MAX_REGIONS = 8

/** Noise octaves: wavelength of octave 0 in metres, halving each octave. */
const OCTAVES = 7
const BASE_WAVELENGTH = 1100
const LO_OCTAVES = 3
export const NOISE_PERIOD = 128
/** Measured spread of the band sums of this lattice (mean 0 unless given). */
const LO_STD = 0.25
const HI_STD = 0.033
/** Spread of two octaves of the lattice noise summed (each ~0.21 after bilinear sampling). */
const FINE_STD = 0.3
/**
 * The middle octaves' sum (see fbm's `mid`), from one octave's spread (LO_STD over the low band's
 * three); within a 2 km field the rescaled band measured 0.65-0.98 for four hill prompts' seeds.
 */
const MID_STD = 0.244
const RIDGE_MEAN = 0.82
const RIDGE_STD = 0.082

export interface Style {
  relief: Value
  roughness: Value
  ridges: Value
  canyon: Value
  water: Value
  vegetation: Value
  snow: Value
  sand: Value
  /** Colours, [1,3,h,w]. */
  ground: Value
  foliage: Value
  rock: Value
  waterColor: Value
  fog: Value
  clouds: Value
  glow: Value
  /** Wildflowers in the grass, and their colour (core/style.ts). */
  flowers: Value
  flowerHue: Value
  /** Northern lights in the night sky (core/style.ts). */
  aurora: Value
  /** Houses: a village's share of the level ground (core/style.ts). */
  village: Value
  /** Columnar cacti on desert sand (core/style.ts). */
  cactus: Value
  /**
   * How much of the point's style comes from edits (regions after the base one): an edit is a
   * place, where a feature asked for in the whole world is spread over it.
   */
  edited: Value
  /** Unit sun direction [1,3,h,w]. */
  sun: Value
}

export interface Regions {
  /** [1,8,1,1] each. */
  active: Value
  cx: Value
  cz: Value
  radius2: Value
  /** [STYLE_DIM + 3, 8]: per region, the style columns and its sun direction, transposed for MatMul. */
  blendT: Value
  /** [1,2,1,1] noise-domain offset from region 0's seed, in noise periods. */
  seedOffset: Value
}

/**
 * The sun's path over the day (timeOfDay 0 midnight, 0.25 sunrise, 0.5 noon, 0.75 sunset): it
 * rises about 32 degrees right of the start view (-Z), sets as far to its left, and stands high
 * behind the viewer at noon, so dawn and sunset are in the first view and noon light falls on it.
 */
function sunPath(g: GraphBuilder, tod: Value): Value {
  const theta = g.mul(g.sub(tod, 0.25), 2 * Math.PI)
  const sin = g.op('Sin', [theta])
  return g.concat([g.mul(g.op('Cos', [theta]), 0.53), g.mul(sin, 0.7), g.fma(sin, 1.2, -0.85)], 1)
}

export function parseRegions(g: GraphBuilder, table: Value): Regions {
  const col = (i: number): Value =>
    g.reshape(g.slice(table, [0, i], [MAX_REGIONS, i + 1], [0, 1]), [1, MAX_REGIONS, 1, 1])
  const style = g.slice(table, [0, 5], [MAX_REGIONS, REGION_COLUMNS], [0, 1])
  const tod = g.slice(table, [0, 5 + 20], [MAX_REGIONS, 5 + 21], [0, 1]) // timeOfDay, [8,1]
  const sun = sunPath(g, tod)
  const seed0 = g.slice(table, [0, 4], [1, 5], [0, 1])
  const seedOffset = g.fract(
    g.mul(g.reshape(seed0, [1, 1, 1, 1]), g.constant([0.6180339887, 0.7548776662], [1, 2, 1, 1])),
  )
  const r = col(3)
  return {
    active: col(0),
    cx: col(1),
    cz: col(2),
    radius2: g.max(g.mul(r, r), 1e-6),
    blendT: g.transpose(g.concat([style, sun], 1), [1, 0]),
    seedOffset,
  }
}

/**
 * World x and z of an n x n grid of texel centres over [-half, half] around `offset` ([1,2,1,1]
 * metres, world-layout tileOffsets), [1,1,n,n] each (broadcast from a row/column).
 */
export function gridCoords(g: GraphBuilder, n: number, half: number, offset: Value): { x: Value; z: Value } {
  const coords = Array.from({ length: n }, (_, i) => texelCoord(i, n, half))
  const shape = g.ints([1, 1, n, n])
  const [ox, oz] = g.split(offset, 1, [1, 1]) as [Value, Value]
  return {
    x: g.op('Expand', [g.add(g.constant(coords, [1, 1, 1, n]), ox), shape]),
    z: g.op('Expand', [g.add(g.constant(coords, [1, 1, n, 1]), oz), shape]),
  }
}

/** [1,8,1,1]: 1 in row 0 (the base), 0 in the others. */
function rowZero(g: GraphBuilder): Value {
  return g.constant(
    Array.from({ length: MAX_REGIONS }, (_, i) => (i === 0 ? 1 : 0)),
    [1, MAX_REGIONS, 1, 1],
  )
}

/** The same table with only row 0 in it: the world's base style, whatever was added since. */
export function baseOnly(g: GraphBuilder, regions: Regions): Regions {
  return { ...regions, active: rowZero(g) }
}

/**
 * Region weights at points (x, z) -> blended style. Later regions paint over earlier ones (an
 * expansion wins at its centre), each fading out smoothly to exactly zero at its radius; row 0,
 * the base, lies under everything at full weight, so the normalisation is defined everywhere.
 * Because a region weighs exactly nothing beyond its radius, a table without it gives the same
 * style there: the runtime may hand each tile only the rows that reach it (core/region-reach.ts),
 * so a world holds far more regions than the table has rows.
 */
export function styleAt(g: GraphBuilder, regions: Regions, x: Value, z: Value, h: number, w: number): Style {
  const dx = g.sub(x, regions.cx)
  const dz = g.sub(z, regions.cz)
  const q = g.div(g.add(g.mul(dx, dx), g.mul(dz, dz)), regions.radius2) // [1,8,h,w]
  const core = g.smoothstep(q, 1.0, 0.12) // full weight inside ~1/3 of the radius
  const alpha = g.mul(g.max(core, rowZero(g)), regions.active)
  const parts = g.split(alpha, 1, Array<number>(MAX_REGIONS).fill(1))
  const weights: Value[] = []
  let remaining: Value | null = null
  for (let i = MAX_REGIONS - 1; i >= 0; i--) {
    const a = parts[i]!
    weights[i] = remaining ? g.mul(a, remaining) : a
    const keep = g.sub(1, a)
    remaining = remaining ? g.mul(remaining, keep) : keep
  }
  const wts = g.concat(weights, 1)
  const norm = g.div(wts, g.max(g.reduceSum(wts, [1]), 1e-30))
  const blended = g.reshape(g.matmul(regions.blendT, g.reshape(norm, [MAX_REGIONS, h * w])), [
    1,
    STYLE_DIM + 3,
    h,
    w,
  ])
  const sizes = [1, 1, 1, 1, 1, 1, 1, 1, 3, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3]
  const f = g.split(blended, 1, sizes)
  const sunRaw = f[21]!
  const sun = g.div(sunRaw, g.sqrt(g.max(g.reduceSum(g.mul(sunRaw, sunRaw), [1]), 1e-12)))
  return {
    relief: f[0]!,
    roughness: f[1]!,
    ridges: f[2]!,
    canyon: f[3]!,
    water: f[4]!,
    vegetation: f[5]!,
    snow: f[6]!,
    sand: f[7]!,
    ground: f[8]!,
    foliage: f[9]!,
    rock: f[10]!,
    waterColor: f[11]!,
    // f[12] is timeOfDay, already folded into `sun`.
    fog: f[13]!,
    clouds: f[14]!,
    glow: f[15]!,
    flowers: f[16]!,
    flowerHue: f[17]!,
    aurora: f[18]!,
    village: f[19]!,
    cactus: f[20]!,
    edited: g.sub(1, g.slice(norm, [0], [1], [1])),
    sun,
  }
}

/** Octave sums of the 4-channel lattice noise, [1,1,h,w] per channel, rescaled to unit spread. */
export interface Noise {
  /** Signed fBm, low band (big shapes) and high band (detail). */
  lo: Value[]
  hi: Value[]
  /**
   * Channel 0's middle octaves alone (550 and 275 m): the rolling hills' shapes, a few hundred
   * metres apart where the low band's 1.1 km octave leaves one long slope in view.
   */
  mid: Value
  /**
   * Channel 1 of the two finest octaves alone (34 and 17 m), equally weighted: patches 40-80 m
   * across (snow lying in hollows), where the high band is one 137 m blob in a first view. Zero
   * on a grid too coarse for them (minWavelength).
   */
  fine: Value
  /** Ridged (1 - |n|) sums: crests positive. */
  ridgeLo: Value[]
  ridgeHi: Value[]
}

/**
 * `minWavelength` (metres) band-limits the sum for a coarse grid: an octave finer than it would
 * alias into texel-sized bumps (stair-steps on every far ridge), so it contributes its mean
 * instead (0 signed, the ridge sums' measured mean for |n|).
 */
export function fbm(
  g: GraphBuilder,
  tex: Value,
  info: WrappedTexture,
  xz: Value,
  seedOffset: Value,
  minWavelength = 0,
): Noise {
  // The high band only needs three channels (the fourth carries big low-band shapes).
  const tex3 = g.slice(tex, [0], [3], [1])
  let lo: Value | null = null
  let hi: Value | null = null
  let absLo: Value | null = null
  let absHi: Value | null = null
  let mid: Value | null = null
  let fine: Value | null = null
  let ampLo = 0
  let ampHi = 0
  const octave = (k: number): Value => {
    const freq = 2 ** k / BASE_WAVELENGTH / NOISE_PERIOD // periods per metre
    const angle = 0.7 + k * 1.13 // rotate each octave so lattice axes do not line up
    const c = Math.cos(angle) * freq
    const s = Math.sin(angle) * freq
    const rotated = g.op('Conv', [xz, g.constant([c, -s, s, c], [2, 2, 1, 1])])
    const shift = g.add(seedOffset, g.constant([(k * 0.137) % 1, (k * 0.291) % 1], [1, 2, 1, 1]))
    // Bicubic where lattice cells are large enough for bilinear creases to show in the shading.
    const coords = g.add(rotated, shift)
    return k < LO_OCTAVES
      ? sampleWrappedNchw(g, tex, info, coords, 'bicubic')
      : sampleWrappedNchw(g, tex3, info, coords, 'bilinear')
  }
  for (let k = 0; k < OCTAVES; k++) {
    const channels = k < LO_OCTAVES ? 4 : 3
    const dropped = BASE_WAVELENGTH / 2 ** k < minWavelength
    const n = dropped
      ? g.add(
          g.mul(g.slice(xz, [0], [1], [1]), 0),
          g.constant(Array<number>(channels).fill(0), [1, channels, 1, 1]),
        )
      : octave(k)
    const amp = 0.5 ** k
    const an = g.mul(n, amp)
    const aa = dropped ? g.add(n, (1 - RIDGE_MEAN) * amp) : g.mul(g.abs(n), amp)
    if (k > 0 && k < LO_OCTAVES) {
      // The 275 m octave weighs as much as the 550 m one: hills a few hundred metres apart.
      const an0 = g.mul(g.slice(an, [0], [1], [1]), k === 1 ? 1 : 4)
      mid = mid ? g.add(mid, an0) : an0
    }
    if (k >= OCTAVES - 2) {
      const n1 = g.slice(n, [1], [2], [1])
      fine = fine ? g.add(fine, n1) : n1
    }
    if (k < LO_OCTAVES) {
      lo = lo ? g.add(lo, an) : an
      absLo = absLo ? g.add(absLo, aa) : aa
      ampLo += amp
    } else {
      hi = hi ? g.add(hi, an) : an
      absHi = absHi ? g.add(absHi, aa) : aa
      ampHi += amp
    }
  }
  // Rescale every band to roughly zero mean and unit spread, so the terrain recipe speaks in
  // standard deviations rather than in octave bookkeeping.
  const channels = (v: Value, scale: number, offset: number, count = 4): Value[] =>
    g.split(g.fma(v, scale, offset), 1, Array<number>(count).fill(1))
  const ridge = (abs: Value, amp: number, count: number): Value[] =>
    channels(g.fma(abs, -1 / amp, 1), 1 / RIDGE_STD, -RIDGE_MEAN / RIDGE_STD, count)
  return {
    lo: channels(lo!, 1 / LO_STD, 0),
    mid: g.mul(mid!, 1 / MID_STD),
    hi: channels(hi!, 1 / HI_STD, 0, 3),
    fine: g.mul(fine!, 1 / FINE_STD),
    ridgeLo: ridge(absLo!, ampLo, 4),
    ridgeHi: ridge(absHi!, ampHi, 3),
  }
}
