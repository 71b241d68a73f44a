/**
 * The reference model's prepare stage: run once per world version, it turns the region table
 * into baked fields on a grid around the origin (height, lit colour, atmosphere). The render stage
 * then only marches and samples these fields, so per-pixel cost no longer includes noise or
 * region blending (the expensive part of a procedural world).
 *
 * Inputs: `regions` [8, 29]. Outputs: `field_height` [1,1,N,N] metres (ground + canopy),
 * `field_color` [1,4,N,N] (lit linear rgb + vegetation cover), `field_atmos` [1,8,A,A] (sun xyz,
 * fog, clouds, water rgb), `field_hmax` [1] (max height + margin, for the sky slab).
 *
 * Per-texel values are channels-first ([1,1,h,w] scalars, [1,3,h,w] colours): ORT broadcasts
 * those on its fast path.
 */
import { GraphBuilder, type Value } from './graph'
import { latticeTexture, type WrappedTexture } from './textures'
import {
  ATMOS_CHANNELS,
  ATMOS_SIZE,
  COLOR_CHANNELS,
  FIELD_HALF,
  FIELD_SIZE,
  sampleWrappedNchw,
  texelCoord,
} from './world-layout'

const MAX_REGIONS = 8
const STYLE_DIM = 24
const REGION_COLUMNS = 5 + STYLE_DIM
const TEXEL = (2 * FIELD_HALF) / (FIELD_SIZE - 1)

/** Noise octaves: wavelength of octave 0 in metres, halving each octave. */
const OCTAVES = 7
const BASE_WAVELENGTH = 1100
const LO_OCTAVES = 3
const NOISE_PERIOD = 128
/** Measured spread of the band sums of this lattice (mean 0 unless given). */
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
  /** Colours, [1,3,h,w]. */
  ground: Value
  foliage: Value
  rock: Value
  waterColor: Value
  fog: Value
  clouds: Value
  glow: Value
  /** Unit sun direction [1,3,h,w] (the moon is its opposite). */
  sun: Value
}

interface Regions {
  /** [1,8,1,1] each. */
  active: Value
  cx: Value
  cz: Value
  radius2: Value
  /** [27, 8]: per region, the style columns and its sun direction, transposed for MatMul. */
  blendT: Value
  /** [1,2,1,1] noise-domain offset from region 0's seed, in noise periods. */
  seedOffset: Value
}

function parseRegions(g: GraphBuilder, table: Value): Regions {
  const col = (i: number): Value =>
    g.reshape(g.slice(table, [0, i], [MAX_REGIONS, i + 1], [0, 1]), [1, MAX_REGIONS, 1, 1])
  const style = g.slice(table, [0, 5], [MAX_REGIONS, REGION_COLUMNS], [0, 1])
  const tod = g.slice(table, [0, 5 + 20], [MAX_REGIONS, 5 + 21], [0, 1]) // timeOfDay, [8,1]
  // Sun path: rises in +x at 0.25, highest (tilted toward -z) at noon, sets in -x at 0.75.
  const theta = g.mul(g.sub(tod, 0.25), 2 * Math.PI)
  const sin = g.op('Sin', [theta])
  // Peaking near 50 degrees: a lower sun models the relief better than an overhead one.
  const sun = g.concat([g.op('Cos', [theta]), g.mul(sin, 0.78), g.fma(sin, -0.25, -0.45)], 1)
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

/** World x and z of an h x w grid of texel centres, [1,1,h,w] each (broadcast from a row/column). */
function gridCoords(g: GraphBuilder, n: number, half: number): { x: Value; z: Value } {
  const coords = Array.from({ length: n }, (_, i) => texelCoord(i, n, half))
  const shape = g.ints([1, 1, n, n])
  return {
    x: g.op('Expand', [g.constant(coords, [1, 1, 1, n]), shape]),
    z: g.op('Expand', [g.constant(coords, [1, 1, n, 1]), shape]),
  }
}

/**
 * Region weights at points (x, z) -> blended style. Later regions paint over earlier ones (an
 * expansion wins at its centre), each fading out smoothly towards its radius; a tiny
 * inverse-distance floor keeps the normalisation defined far from every region.
 */
function styleAt(g: GraphBuilder, regions: Regions, x: Value, z: Value, h: number, w: number): Style {
  const dx = g.sub(x, regions.cx)
  const dz = g.sub(z, regions.cz)
  const q = g.div(g.add(g.mul(dx, dx), g.mul(dz, dz)), regions.radius2) // [1,8,h,w]
  const core = g.smoothstep(q, 1.0, 0.12) // full weight inside ~1/3 of the radius
  const floor = g.div(g.s(1e-3), g.add(q, 1))
  const alpha = g.mul(g.min(g.add(core, floor), 1), regions.active)
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
  const sizes = [1, 1, 1, 1, 1, 1, 1, 1, 3, 3, 3, 3, 1, 1, 1, 1, 3]
  const f = g.split(blended, 1, sizes)
  const sunRaw = f[16]!
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
    sun,
  }
}

/** Octave sums of the 4-channel lattice noise, [1,1,h,w] per channel, rescaled to unit spread. */
interface Noise {
  /** Signed fBm, low band (big shapes) and high band (detail). */
  lo: Value[]
  hi: Value[]
  /** Ridged (1 - |n|) sums: crests positive. */
  ridgeLo: Value[]
  ridgeHi: Value[]
}

export function fbm(g: GraphBuilder, tex: Value, info: WrappedTexture, xz: Value, seedOffset: Value): Noise {
  // The high band only needs three channels (the fourth carries rivers, a low-band shape).
  const tex3 = g.slice(tex, [0], [3], [1])
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
    const rotated = g.op('Conv', [xz, g.constant([c, -s, s, c], [2, 2, 1, 1])])
    const shift = g.add(seedOffset, g.constant([(k * 0.137) % 1, (k * 0.291) % 1], [1, 2, 1, 1]))
    // Bicubic where lattice cells are large enough for bilinear creases to show in the shading.
    const coords = g.add(rotated, shift)
    const n =
      k < LO_OCTAVES
        ? sampleWrappedNchw(g, tex, info, coords, 'bicubic')
        : sampleWrappedNchw(g, tex3, info, coords, 'bilinear')
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
  // Rescale every band to roughly zero mean and unit spread, so the terrain recipe below speaks
  // in standard deviations rather than in octave bookkeeping.
  const channels = (v: Value, scale: number, offset: number, count = 4): Value[] =>
    g.split(g.fma(v, scale, offset), 1, Array<number>(count).fill(1))
  const ridge = (abs: Value, amp: number, count: number): Value[] =>
    channels(g.fma(abs, -1 / amp, 1), 1 / RIDGE_STD, -RIDGE_MEAN / RIDGE_STD, count)
  return {
    lo: channels(lo!, 1 / LO_STD, 0),
    hi: channels(hi!, 1 / HI_STD, 0, 3),
    ridgeLo: ridge(absLo!, ampLo, 4),
    ridgeHi: ridge(absHi!, ampHi, 3),
  }
}

/** Ground height in metres (no canopy) from style and noise; water level is y = 0. */
function groundHeight(g: GraphBuilder, st: Style, n: Noise): Value {
  // Relief sets the vertical scale: 3 m for a plain up to ~240 m for high mountains.
  const amplitude = g.fma(g.mul(st.relief, st.relief), 240, 3)
  const detail = g.fma(st.roughness, 0.16, 0.03)
  const base = g.add(g.mul(n.lo[0]!, 0.45), g.mul(n.hi[0]!, detail))
  // Mountains: ridged noise lifts crests into sharp ridgelines.
  const crest = g.relu(g.add(n.ridgeLo[1]!, 0.5))
  const ridged = g.mul(g.sub(g.mul(crest, crest), 0.6), g.fma(st.ridges, 0.45, 0.06))
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

/** Central differences of a [1,1,N,N] field -> (dh/dx, dh/dz), [1,1,N,N] each. */
function gradient(g: GraphBuilder, h: Value): [Value, Value] {
  const padded = g.op('Pad', [h, g.ints([0, 0, 1, 1, 0, 0, 1, 1])], { mode: 'edge' })
  const k = 1 / (2 * TEXEL)
  // prettier-ignore
  const kernel = g.constant([0, 0, 0, -k, 0, k, 0, 0, 0,   0, -k, 0, 0, 0, 0, 0, k, 0], [2, 1, 3, 3])
  const [gx, gz] = g.split(g.op('Conv', [padded, kernel]), 1, [1, 1])
  return [gx!, gz!]
}

function rgb(g: GraphBuilder, r: number, gr: number, b: number): Value {
  return g.constant([r, gr, b], [1, 3, 1, 1])
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
  const { x, z } = gridCoords(g, N, FIELD_HALF)
  const xz = g.concat([x, z], 1) // [1,2,N,N]

  const st = styleAt(g, regions, x, z, N, N)
  const noise = fbm(g, noiseTex, noiseInfo, xz, regions.seedOffset)
  const rawGround = groundHeight(g, st, noise)

  // The viewer starts at the origin: pull the ground there to 1 m above the water so a pose at
  // eye height stands on dry land in every world, as a valley floor blending back to the terrain
  // over a few hundred metres.
  const o = g.constant([0], [1, 1, 1, 1])
  const st0 = styleAt(g, regions, o, o, 1, 1)
  const h0 = groundHeight(g, st0, fbm(g, noiseTex, noiseInfo, g.concat([o, o], 1), regions.seedOffset))
  const dist2 = g.add(g.mul(x, x), g.mul(z, z))
  const spawn = g.exp(g.mul(dist2, -1 / (320 * 320)))
  const valley = g.add(rawGround, g.mul(g.sub(1.0, h0), spawn))
  // In a dry world the valley must not dip under the water line: it flattens into a dry lake bed.
  const ground = g.max(valley, g.lerp(0.4, -1000, g.ramp(st.water, 0.02, 0.15)))

  // Materials, by slope, height and noise.
  const [gx0, gz0] = gradient(g, ground)
  const slope = g.sqrt(g.add(g.mul(gx0, gx0), g.mul(gz0, gz0)))
  const variation = g.add(g.mul(noise.hi[2]!, 0.3), g.mul(noise.lo[2]!, 0.2)) // ~[-1,1]
  const patch = g.mul(noise.lo[2]!, 0.3)
  const treeCoords = g.add(g.mul(xz, 1 / (TREE_WAVELENGTH * NOISE_PERIOD)), regions.seedOffset)
  const treeNoise = sampleWrappedNchw(g, g.slice(noiseTex, [3], [4], [1]), noiseInfo, treeCoords)
  const tree = g.sat(g.fma(treeNoise, 0.6 / OCTAVE_STD, 0.5)) // crowns: bright tops, dark gaps
  const aboveWater = g.ramp(ground, 0.15, 0.6)

  // Rock where it is steep (and a little on high ground), broken up by noise.
  const rockMask = g.ramp(
    g.fma(variation, 0.22, g.add(slope, g.mul(g.ramp(ground, 60, 220), 0.25))),
    0.32,
    0.62,
  )
  const snowLine = g.fma(st.snow, -330, 300)
  const snowMask = g.mul(
    g.ramp(g.sub(g.fma(variation, 25, ground), snowLine), 0, 25),
    g.sub(1, g.ramp(slope, 0.75, 1.2)),
  )
  const beach = g.mul(g.ramp(ground, 0.8, 0.2), g.ramp(st.water, 0.02, 0.12))
  // Where there is water, sand keeps to the shore: it thins out a few metres above the water line.
  const sandCover = g.sub(
    g.fma(variation, 0.35, g.fma(st.sand, 1.6, -0.35)),
    g.mul(g.mul(st.water, g.relu(ground)), 0.25),
  )
  const sandMask = g.sat(g.max(sandCover, beach))
  const open = g.mul(
    g.mul(aboveWater, g.sub(1, rockMask)),
    g.mul(g.sub(1, snowMask), g.sub(1, g.mul(sandMask, 0.85))),
  )
  // Grass (and shrubs) cover the ground wherever anything grows; trees stand in patches whose
  // share grows with the vegetation feature: a meadow has copses, a forest is closed canopy.
  const grassMask = g.mul(g.sat(g.mul(st.vegetation, 2.2)), open)
  const treeCover = g.sat(g.mul(g.fma(patch, 1.1, g.fma(st.vegetation, 1.5, -0.62)), 3))
  const vegMask = g.mul(treeCover, open)

  let color = g.mul(st.ground, g.fma(variation, 0.35, 1))
  color = g.lerp(color, g.mul(rgb(g, 0.62, 0.5, 0.33), g.fma(variation, 0.2, 1)), sandMask)
  // Grass: the foliage colour, lighter, drier (yellower) in patches.
  const dry = g.sat(g.fma(noise.lo[2]!, 0.35, 0.3))
  const lush = g.lerp(st.foliage, st.ground, 0.25)
  const grass = g.mul(g.lerp(lush, rgb(g, 0.34, 0.3, 0.12), g.mul(dry, 0.7)), g.fma(variation, 0.4, 1))
  color = g.lerp(color, grass, grassMask)
  // Trees: dark crowns with darker gaps, so a forest reads as rough canopy from afar.
  const foliage = g.mul(st.foliage, g.fma(tree, 0.75, 0.25))
  color = g.lerp(color, foliage, vegMask)
  const strata = g.fma(noise.hi[0]!, 0.16, g.fma(noise.hi[1]!, 0.1, 1))
  color = g.lerp(color, g.mul(st.rock, strata), rockMask)
  color = g.lerp(color, rgb(g, 0.72, 0.75, 0.8), snowMask)

  // Canopy: tree-sized bumps where trees stand, none in a clearing around the spawn point.
  const clearing = g.ramp(g.sqrt(dist2), 25, 60)
  const canopyHeight = g.mul(
    g.mul(vegMask, g.fma(st.vegetation, 10, 5)),
    g.mul(g.fma(tree, 0.7, 0.3), clearing),
  )
  const height = g.add(ground, canopyHeight)

  // Lighting, baked: sun (or moon) diffuse with a marched soft shadow, sky ambient with cavity AO.
  const [hx, hz] = gradient(g, height)
  const nLen = g.sqrt(g.add(g.add(g.mul(hx, hx), g.mul(hz, hz)), 1))
  const [sunX, sunY, sunZ] = g.split(st.sun, 1, [1, 1, 1])
  const night = g.less(sunY!, -0.02)
  const flip = g.where(night, g.s(-1), g.s(1))
  const lx = g.mul(sunX!, flip)
  const ly = g.mul(sunY!, flip)
  const lz = g.mul(sunZ!, flip)
  const ndotl = g.relu(g.div(g.sub(ly, g.add(g.mul(hx, lx), g.mul(hz, lz))), nLen))

  const horiz = g.sqrt(g.max(g.add(g.mul(lx, lx), g.mul(lz, lz)), 1e-6))
  const tanElev = g.div(ly, horiz)
  const stepDir = g.div(g.concat([lx, lz], 1), g.mul(horiz, FIELD_HALF)) // grid units per metre
  const gridXz = g.mul(xz, 1 / FIELD_HALF)
  let occlusion: Value | null = null
  for (let k = 0; k < 10; k++) {
    const d = 6 * 1.62 ** k
    const at = g.transpose(g.add(gridXz, g.mul(stepDir, d)), [0, 2, 3, 1])
    const hs = g.gridSample(height, at)
    const rayH = g.add(height, g.mul(tanElev, d))
    const occ = g.mul(g.sub(hs, rayH), 1 / (0.12 * d + 1))
    occlusion = occlusion ? g.max(occlusion, occ) : occ
  }
  const shadow = g.sat(g.sub(1, occlusion!))
  const padded = g.op('Pad', [height, g.ints([0, 0, 3, 3, 0, 0, 3, 3])], { mode: 'edge' })
  const blurred = g.op('AveragePool', [padded], { kernel_shape: [7, 7] })
  const ao = g.clip(g.fma(g.sub(height, blurred), 0.09, 0.85), 0.3, 1)

  const day = g.ramp(sunY!, -0.04, 0.3)
  const warm = g.ramp(ly, 0.0, 0.4)
  const sunTint = g.lerp(rgb(g, 1.0, 0.48, 0.2), rgb(g, 1.0, 0.93, 0.82), warm)
  const moonTint = rgb(g, 0.1, 0.13, 0.22)
  const sunStrength = g.mul(g.ramp(ly, -0.02, 0.08), g.fma(st.clouds, -0.55, 1))
  const lightColor = g.mul(g.where(night, moonTint, g.mul(sunTint, 2.1)), sunStrength)
  const skyAmbient = g.lerp(rgb(g, 0.012, 0.016, 0.035), rgb(g, 0.17, 0.21, 0.3), day)
  const up = g.div(g.s(1), nLen)
  const ambient = g.mul(g.mul(skyAmbient, g.fma(up, 0.45, 0.55)), ao)
  const direct = g.mul(lightColor, g.mul(ndotl, shadow))
  let radiance = g.mul(color, g.add(direct, g.mul(ambient, g.fma(st.clouds, 0.5, 1))))
  // Lava: glowing cracks along thin noise lines.
  const crack = g.exp(g.mul(g.mul(noise.hi[2]!, noise.hi[2]!), -1 / (0.12 * 0.12)))
  const lava = g.mul(g.mul(st.glow, crack), g.sub(1, g.max(vegMask, grassMask)))
  radiance = g.add(radiance, g.mul(lava, rgb(g, 3.2, 0.9, 0.15)))

  g.output(height, 'field_height', [1, 1, N, N])
  g.output(g.concat([radiance, g.max(vegMask, g.mul(grassMask, 0.6))], 1), 'field_color', [
    1,
    COLOR_CHANNELS,
    N,
    N,
  ])

  // Atmosphere on a coarse grid: the render stage reads it at the camera position.
  const A = ATMOS_SIZE
  const ac = gridCoords(g, A, FIELD_HALF)
  const sa = styleAt(g, regions, ac.x, ac.z, A, A)
  g.output(g.concat([sa.sun, sa.fog, sa.clouds, sa.waterColor], 1), 'field_atmos', [1, ATMOS_CHANNELS, A, A])
  const hmax = g.add(g.reshape(g.op('ReduceMax', [height], { keepdims: 0 }), [1]), 1)
  g.output(hmax, 'field_hmax', [1])

  return {
    bytes: g.toBytes({
      producerVersion: version,
      docString: 'Worldwalk reference world model, prepare stage: region table -> baked terrain fields.',
    }),
    nodes: g.nodeCount,
  }
}
