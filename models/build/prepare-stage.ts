/**
 * The reference model's prepare stage: run once per world version, it turns the region table
 * into baked fields on a grid around the origin (height, lit colour, atmosphere). The render stage
 * then only marches and samples these fields, so per-pixel cost no longer includes noise or
 * region blending (the expensive part of a procedural world).
 *
 * Inputs: `regions` [8, 29]. Outputs: `field_height` [1,1,N,N] metres (ground + canopy),
 * `field_color` [1,4,N,N] (lit linear rgb + vegetation cover), `field_atmos` [1,8,A,A] (sun xyz,
 * fog, clouds, water rgb), `field_hmax` [1] (max height + margin, for the sky slab).
 */
import { GraphBuilder, type Value } from './graph'
import { latticeTexture, type WrappedTexture } from './textures'
import {
  ATMOS_CHANNELS,
  ATMOS_SIZE,
  COLOR_CHANNELS,
  FIELD_HALF,
  FIELD_SIZE,
  sampleWrapped,
  texelCoord,
} from './world-layout'

const MAX_REGIONS = 8
const STYLE_DIM = 24
const REGION_COLUMNS = 5 + STYLE_DIM
const TEXEL = (2 * FIELD_HALF) / (FIELD_SIZE - 1)

/** Noise octaves: wavelength of octave 0 in metres, halving each octave. */
const OCTAVES = 8
const BASE_WAVELENGTH = 1100
const LO_OCTAVES = 3
const NOISE_PERIOD = 128
/** Measured spread of the band sums of this lattice (see fbm). */
const LO_STD = 0.25
const HI_STD = 0.033
const RIDGE_MEAN = 0.82
const RIDGE_STD = 0.082
const OCTAVE_STD = 0.25
/** Tree crowns: one octave at this wavelength (metres). */
const TREE_WAVELENGTH = 15

interface Style {
  relief: Value
  roughness: Value
  ridges: Value
  canyon: Value
  water: Value
  vegetation: Value
  snow: Value
  sand: Value
  ground: Value
  foliage: Value
  rock: Value
  waterColor: Value
  fog: Value
  clouds: Value
  glow: Value
  /** Unit sun direction [.., 3] (moon direction at night is its opposite). */
  sun: Value
}

interface Regions {
  active: Value
  cx: Value
  cz: Value
  radius2: Value
  /** [8, BLEND_DIM]: style columns + per-region sun direction. */
  blend: Value
  /** [2] noise-domain offset from region 0's seed, in noise periods. */
  seedOffset: Value
}

function parseRegions(g: GraphBuilder, table: Value): Regions {
  const col = (i: number): Value =>
    g.reshape(g.slice(table, [0, i], [MAX_REGIONS, i + 1], [0, 1]), [MAX_REGIONS])
  const style = g.slice(table, [0, 5], [MAX_REGIONS, REGION_COLUMNS], [0, 1])
  const tod = g.slice(table, [0, 5 + 20], [MAX_REGIONS, 5 + 21], [0, 1]) // timeOfDay, [8,1]
  // Sun path: rises in +x at 0.25, highest (tilted toward -z) at noon, sets in -x at 0.75.
  const theta = g.mul(g.sub(tod, 0.25), 2 * Math.PI)
  const sx = g.op('Cos', [theta])
  const sy = g.mul(g.op('Sin', [theta]), 0.92)
  const sz = g.fma(g.op('Sin', [theta]), -0.18, -0.3)
  const sun = g.concat([sx, sy, sz], 1)
  const seed0 = g.slice(table, [0, 4], [1, 5], [0, 1])
  const seedOffset = g.reshape(g.fract(g.mul(seed0, g.constant([0.6180339887, 0.7548776662], [1, 2]))), [2])
  const r = col(3)
  return {
    active: col(0),
    cx: col(1),
    cz: col(2),
    radius2: g.max(g.mul(r, r), 1e-6),
    blend: g.concat([style, sun], 1),
    seedOffset,
  }
}

/**
 * Region weights at points `xz` [1,h,w,2] -> blended style. Later regions paint over earlier ones
 * (an expansion wins at its centre), each fading out smoothly towards its radius; a tiny
 * inverse-distance floor keeps the normalisation defined far from every region.
 */
function styleAt(g: GraphBuilder, regions: Regions, xz: Value): Style {
  const [x, z] = g.split(xz, 3, [1, 1])
  const dx = g.sub(x!, regions.cx)
  const dz = g.sub(z!, regions.cz)
  const q = g.div(g.add(g.mul(dx, dx), g.mul(dz, dz)), regions.radius2)
  const core = g.smoothstep(q, 1.0, 0.3)
  const floor = g.div(g.s(1e-3), g.add(q, 1))
  const alpha = g.mul(g.min(g.add(core, floor), 1), regions.active)
  const parts = g.split(alpha, 3, Array<number>(MAX_REGIONS).fill(1))
  const weights: Value[] = []
  let remaining: Value | null = null
  for (let i = MAX_REGIONS - 1; i >= 0; i--) {
    const a = parts[i]!
    weights[i] = remaining ? g.mul(a, remaining) : a
    const keep = g.sub(1, a)
    remaining = remaining ? g.mul(remaining, keep) : keep
  }
  const w = g.concat(weights, 3)
  const total = g.max(g.reduceSum(w, [3]), 1e-30)
  const blended = g.matmul(g.div(w, total), regions.blend)
  const sizes = [1, 1, 1, 1, 1, 1, 1, 1, 3, 3, 3, 3, 1, 1, 1, 1, 3]
  const f = g.split(blended, 3, sizes)
  const sunRaw = f[16]!
  const sun = g.div(sunRaw, g.sqrt(g.max(g.reduceSum(g.mul(sunRaw, sunRaw), [3]), 1e-12)))
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
    sun,
  }
}

/** Octave sums of the 4-channel lattice noise, low and high bands kept apart. */
interface Noise {
  /** [1,h,w,1] each: signed fBm sums per channel, low band (big shapes) and high band (detail). */
  lo: Value[]
  hi: Value[]
  /** Ridged sums (1 - |n|, normalised to [0,1]) per channel. */
  ridgeLo: Value[]
  ridgeHi: Value[]
}

export function fbm(g: GraphBuilder, tex: Value, info: WrappedTexture, xz: Value, seedOffset: Value): Noise {
  let lo: Value | null = null
  let hi: Value | null = null
  let absLo: Value | null = null
  let absHi: Value | null = null
  let ampLo = 0
  let ampHi = 0
  for (let k = 0; k < OCTAVES; k++) {
    const freq = 2 ** k / BASE_WAVELENGTH / NOISE_PERIOD // periods per metre
    const angle = 0.7 + k * 1.13 // rotate each octave so lattice axes do not line up
    const c = Math.cos(angle) * freq
    const s = Math.sin(angle) * freq
    const m = g.constant([c, -s, s, c], [2, 2])
    const shift = g.add(seedOffset, g.constant([(k * 0.137) % 1, (k * 0.291) % 1], [2]))
    const coords = g.add(g.matmul(xz, m), shift)
    // Bicubic where lattice cells are large enough for bilinear creases to show in the shading.
    const n = sampleWrapped(g, tex, info, coords, k < LO_OCTAVES ? 'bicubic' : 'bilinear') // [1,4,h,w]
    const amp = 0.5 ** k
    const an = g.mul(n, amp)
    const aa = g.mul(g.abs(n), amp)
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
  // Rescale every band to roughly zero mean and unit spread (measured over the lattice), so the
  // terrain recipe below speaks in standard deviations rather than in octave bookkeeping.
  const channelsLast = (v: Value, scale: number, offset: number): Value[] =>
    g.split(g.transpose(g.fma(v, scale, offset), [0, 2, 3, 1]), 3, [1, 1, 1, 1])
  const ridge = (abs: Value, amp: number): Value[] => {
    const r = g.fma(abs, -1 / amp, 1)
    return channelsLast(r, 1 / RIDGE_STD, -RIDGE_MEAN / RIDGE_STD)
  }
  return {
    lo: channelsLast(lo!, 1 / LO_STD, 0),
    hi: channelsLast(hi!, 1 / HI_STD, 0),
    ridgeLo: ridge(absLo!, ampLo),
    ridgeHi: ridge(absHi!, ampHi),
  }
}

/** Ground height in metres (no canopy) from style and noise; water level is y = 0. */
function groundHeight(g: GraphBuilder, st: Style, n: Noise): Value {
  // Relief sets the vertical scale: 3 m for a plain up to ~190 m for high mountains.
  const amplitude = g.fma(g.mul(st.relief, st.relief), 185, 3)
  const detail = g.fma(st.roughness, 0.16, 0.03)
  const base = g.add(g.mul(n.lo[0]!, 0.45), g.mul(n.hi[0]!, detail))
  // Mountains: ridged noise lifts crests into sharp ridgelines.
  const crest = g.relu(g.add(n.ridgeLo[1]!, 0.5))
  const ridged = g.mul(g.sub(g.mul(crest, crest), 0.6), g.fma(st.ridges, 0.35, 0.06))
  let h = g.mul(g.add(base, ridged), amplitude)
  // Dunes and hummocks: sharp high-band ridges where there is sand.
  const dune = g.relu(g.fma(n.ridgeHi[1]!, 0.35, 0.3))
  h = g.add(h, g.mul(g.mul(dune, dune), g.mul(st.sand, g.fma(st.ridges, 14, 3))))
  // Canyons: terraces (mesas) plus valleys carved along zero crossings of a low-band noise.
  const step = 9
  const scaled = g.mul(h, 1 / step)
  const fl = g.floor(scaled)
  const terraced = g.mul(g.add(fl, g.smoothstep(g.sub(scaled, fl), 0.55, 1)), step)
  h = g.lerp(h, terraced, g.mul(st.canyon, 0.85))
  const riverShape = g.exp(g.mul(g.mul(n.lo[3]!, n.lo[3]!), -1 / (0.22 * 0.22)))
  const carve = g.fma(st.canyon, 60, g.mul(st.water, 7))
  h = g.sub(h, g.mul(riverShape, carve))
  // Water level is fixed at y = 0; the water feature lowers the land instead (0 dry, 1 sea).
  return g.sub(h, g.mul(amplitude, g.fma(st.water, 1.9, -1.05)))
}

/** Central differences of a [1,1,N,N] field -> (dh/dx, dh/dz) as [1,N,N,1] each. */
function gradient(g: GraphBuilder, h: Value): [Value, Value] {
  const padded = g.op('Pad', [h, g.ints([0, 0, 1, 1, 0, 0, 1, 1])], { mode: 'edge' })
  const k = 1 / (2 * TEXEL)
  // prettier-ignore
  const kernel = g.constant([0, 0, 0, -k, 0, k, 0, 0, 0,   0, -k, 0, 0, 0, 0, 0, k, 0], [2, 1, 3, 3])
  const d = g.op('Conv', [padded, kernel])
  const [gx, gz] = g.split(d, 1, [1, 1])
  return [g.reshape(gx!, [1, FIELD_SIZE, FIELD_SIZE, 1]), g.reshape(gz!, [1, FIELD_SIZE, FIELD_SIZE, 1])]
}

function rgb(g: GraphBuilder, r: number, gr: number, b: number): Value {
  return g.constant([r, gr, b], [3])
}

export interface PrepareGraph {
  bytes: Uint8Array
  nodes: number
}

export function buildPrepare(version: string): PrepareGraph {
  const g = new GraphBuilder('reference_world_prepare')
  const table = g.input('regions', [MAX_REGIONS, REGION_COLUMNS])
  const regions = parseRegions(g, table)
  const noiseInfo = latticeTexture(0x5eed01, 4, NOISE_PERIOD, 1)
  const noiseTex = g.constant(noiseInfo.data, [1, 4, noiseInfo.size, noiseInfo.size])

  const N = FIELD_SIZE
  const coords = Array.from({ length: N }, (_, i) => texelCoord(i, N, FIELD_HALF))
  const xs = g.mul(g.constant(coords, [1, 1, N, 1]), g.constant([1, 0], [2]))
  const zs = g.mul(g.constant(coords, [1, N, 1, 1]), g.constant([0, 1], [2]))
  const xz = g.add(xs, zs) // [1,N,N,2]

  const st = styleAt(g, regions, xz)
  const noise = fbm(g, noiseTex, noiseInfo, xz, regions.seedOffset)
  const rawGround = groundHeight(g, st, noise)

  // The viewer starts at the origin: pull the ground there to 1 m above the water so a pose at
  // eye height stands on dry land in every world, blending back to the terrain over ~150 m.
  const origin = g.constant([0, 0], [1, 1, 1, 2])
  const st0 = styleAt(g, regions, origin)
  const h0 = groundHeight(g, st0, fbm(g, noiseTex, noiseInfo, origin, regions.seedOffset))
  const dist2 = g.reduceSum(g.mul(xz, xz), [3])
  const spawn = g.exp(g.mul(dist2, -1 / (150 * 150)))
  const ground = g.add(rawGround, g.mul(g.sub(1.0, h0), spawn))

  // Materials, by slope, height and noise.
  const [gx0, gz0] = gradient(g, g.reshape(ground, [1, 1, N, N]))
  const slope = g.sqrt(g.add(g.mul(gx0, gx0), g.mul(gz0, gz0)))
  const variation = g.add(g.mul(noise.hi[2]!, 0.3), g.mul(noise.lo[2]!, 0.2)) // ~[-1,1]
  const patch = g.mul(noise.lo[2]!, 0.3)
  const treeCoords = g.add(g.mul(xz, 1 / (TREE_WAVELENGTH * NOISE_PERIOD)), regions.seedOffset)
  const treeNoise = g.split(
    g.transpose(sampleWrapped(g, noiseTex, noiseInfo, treeCoords), [0, 2, 3, 1]),
    3,
    [3, 1],
  )[1]!
  const tree = g.sat(g.fma(treeNoise, 0.6 / OCTAVE_STD, 0.5)) // crowns: bright tops, dark gaps
  const aboveWater = g.ramp(ground, 0.15, 0.6)

  const rockMask = g.ramp(g.fma(variation, 0.18, slope), 0.55, 0.95)
  const snowLine = g.fma(st.snow, -330, 300)
  const snowMask = g.mul(
    g.ramp(g.sub(g.fma(variation, 25, ground), snowLine), 0, 25),
    g.sub(1, g.ramp(slope, 0.9, 1.4)),
  )
  const beach = g.mul(g.ramp(ground, 0.8, 0.2), g.ramp(st.water, 0.02, 0.12))
  const sandMask = g.sat(g.max(g.fma(variation, 0.35, g.fma(st.sand, 1.6, -0.35)), beach))
  const vegCover = g.sat(g.mul(g.fma(patch, 0.7, g.fma(st.vegetation, 1.35, -0.2)), 2.5))
  const vegMask = g.mul(
    g.mul(vegCover, aboveWater),
    g.mul(g.mul(g.sub(1, rockMask), g.sub(1, snowMask)), g.sub(1, g.mul(sandMask, 0.8))),
  )

  let color = g.mul(st.ground, g.fma(variation, 0.28, 1))
  color = g.lerp(color, g.mul(rgb(g, 0.72, 0.6, 0.42), g.fma(variation, 0.12, 1)), sandMask)
  const foliage = g.mul(st.foliage, g.fma(tree, 0.9, 0.45))
  color = g.lerp(color, foliage, vegMask)
  const strata = g.fma(noise.hi[0]!, 0.1, g.fma(noise.hi[1]!, 0.06, 1))
  color = g.lerp(color, g.mul(st.rock, strata), rockMask)
  color = g.lerp(color, rgb(g, 0.86, 0.89, 0.94), snowMask)

  // Canopy: tree-sized bumps where vegetation grows, none in a clearing around the spawn point.
  const clearing = g.ramp(g.sqrt(dist2), 25, 60)
  const canopyHeight = g.mul(g.mul(vegMask, g.fma(st.vegetation, 9, 2)), g.mul(tree, clearing))
  const height = g.add(ground, canopyHeight)
  const height4 = g.reshape(height, [1, 1, N, N])

  // Lighting, baked: sun (or moon) diffuse with a marched soft shadow, sky ambient with cavity AO.
  const [hx, hz] = gradient(g, height4)
  const nLen = g.sqrt(g.add(g.add(g.mul(hx, hx), g.mul(hz, hz)), 1))
  const [sunX, sunY, sunZ] = g.split(st.sun, 3, [1, 1, 1])
  const night = g.less(sunY!, -0.02)
  const lx = g.where(night, g.mul(sunX!, -1), sunX!)
  const ly = g.where(night, g.mul(sunY!, -1), sunY!)
  const lz = g.where(night, g.mul(sunZ!, -1), sunZ!)
  const ndotl = g.relu(g.div(g.sub(ly, g.add(g.mul(hx, lx), g.mul(hz, lz))), nLen))

  const horiz = g.sqrt(g.max(g.add(g.mul(lx, lx), g.mul(lz, lz)), 1e-6))
  const tanElev = g.div(ly, horiz)
  const stepDir = g.div(g.concat([lx, lz], 3), g.mul(horiz, FIELD_HALF)) // grid units per metre
  const gridXz = g.mul(xz, 1 / FIELD_HALF)
  let occlusion: Value | null = null
  for (let k = 0; k < 10; k++) {
    const d = 6 * 1.62 ** k
    const sampled = g.gridSample(height4, g.add(gridXz, g.mul(stepDir, d)))
    const hs = g.reshape(sampled, [1, N, N, 1])
    const rayH = g.add(height, g.mul(tanElev, d))
    const occ = g.mul(g.sub(hs, rayH), 1 / (0.12 * d + 1))
    occlusion = occlusion ? g.max(occlusion, occ) : occ
  }
  const shadow = g.sat(g.sub(1, occlusion!))
  const blurred = g.op(
    'AveragePool',
    [g.op('Pad', [height4, g.ints([0, 0, 3, 3, 0, 0, 3, 3])], { mode: 'edge' })],
    {
      kernel_shape: [7, 7],
    },
  )
  const cavity = g.sub(height, g.reshape(blurred, [1, N, N, 1]))
  const ao = g.clip(g.fma(cavity, 0.07, 0.85), 0.35, 1)

  const day = g.ramp(sunY!, -0.04, 0.3)
  const warm = g.ramp(ly, 0.0, 0.4)
  const sunTint = g.lerp(rgb(g, 1.0, 0.48, 0.2), rgb(g, 1.0, 0.93, 0.82), warm)
  const moonTint = rgb(g, 0.1, 0.13, 0.22)
  const sunStrength = g.mul(g.ramp(ly, -0.02, 0.08), g.fma(st.clouds, -0.55, 1))
  const lightColor = g.mul(g.where(night, moonTint, g.mul(sunTint, 2.6)), sunStrength)
  const skyAmbient = g.lerp(rgb(g, 0.012, 0.016, 0.035), rgb(g, 0.3, 0.36, 0.48), day)
  const up = g.div(g.s(1), nLen)
  const ambient = g.mul(g.mul(skyAmbient, g.fma(up, 0.45, 0.55)), ao)
  const direct = g.mul(lightColor, g.mul(ndotl, shadow))
  let radiance = g.mul(color, g.add(direct, g.mul(ambient, g.fma(st.clouds, 0.5, 1))))
  // Lava: glowing cracks along thin noise lines.
  const crack = g.exp(g.mul(g.mul(noise.hi[2]!, noise.hi[2]!), -1 / (0.12 * 0.12)))
  const lava = g.mul(g.mul(st.glow, crack), g.sub(1, g.mul(vegMask, 0.9)))
  radiance = g.add(radiance, g.mul(lava, rgb(g, 3.2, 0.9, 0.15)))

  g.output(height4, 'field_height', [1, 1, N, N])
  const colorField = g.transpose(g.concat([radiance, vegMask], 3), [0, 3, 1, 2])
  g.output(colorField, 'field_color', [1, COLOR_CHANNELS, N, N])

  // Atmosphere on a coarse grid: the render stage reads it at the camera position.
  const A = ATMOS_SIZE
  const acoords = Array.from({ length: A }, (_, i) => texelCoord(i, A, FIELD_HALF))
  const axz = g.add(
    g.mul(g.constant(acoords, [1, 1, A, 1]), g.constant([1, 0], [2])),
    g.mul(g.constant(acoords, [1, A, 1, 1]), g.constant([0, 1], [2])),
  )
  const sa = styleAt(g, regions, axz)
  const atmos = g.transpose(g.concat([sa.sun, sa.fog, sa.clouds, sa.waterColor], 3), [0, 3, 1, 2])
  g.output(atmos, 'field_atmos', [1, ATMOS_CHANNELS, A, A])
  const hmax = g.add(g.reshape(g.op('ReduceMax', [height4], { keepdims: 0 }), [1]), 1)
  g.output(hmax, 'field_hmax', [1])

  return {
    bytes: g.toBytes({
      producerVersion: version,
      docString: 'Worldwalk reference world model, prepare stage: region table -> baked terrain fields.',
    }),
    nodes: g.nodeCount,
  }
}
