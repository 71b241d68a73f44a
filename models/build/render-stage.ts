/**
 * The reference model's render stage: one frame from the baked fields. Per pixel it builds the
 * camera ray, ray-marches the height field (coarse-to-fine), and shades the hit: baked lit colour
 * with near-field detail, water with fresnel sky reflection, distance fog, and an analytic sky
 * (gradient, sun disc, horizon glow, clouds, stars).
 *
 * Cost is (march steps) x (pixels) x (nodes per step). So: the long travel of each ray happens at
 * quarter resolution (where a step costs little more than node dispatch), half and full resolution
 * only refine, and each step is ~12 nodes. Everything per pixel is laid out channels-first
 * ([1,1,H,W] scalars, [1,2|3,H,W] pairs and colours): ORT broadcasts those on its fast path,
 * while [1,H,W,1] x [1,H,W,3] broadcasts cost ~10x more.
 */
import { GraphBuilder, type Value } from './graph'
import { latticeTexture } from './textures'
import {
  ATMOS_CHANNELS,
  ATMOS_SIZE,
  COLOR_CHANNELS,
  FIELD_HALF,
  FIELD_SIZE,
  T_MAX,
  sampleWrappedNchw,
} from './world-layout'

/** One pass of the march: at 1/scale resolution, `steps` steps, relaxation `relax`. */
export interface MarchLevel {
  scale: number
  steps: number
  relax: number
  /** Refine from both the conservative and the pixel's own coarse start (see buildRender). */
  dual?: boolean
}

export interface RenderOptions {
  /** Coarsest first; each level starts from the one before (min-pooled, backed off). */
  levels: MarchLevel[]
  /** Also output each level's marched distance as `debug_t<i>` (for tuning the schedule). */
  debug?: boolean
}

/**
 * The shipped schedule: a cheap quarter-resolution march does the long travel (a step there
 * costs mostly node overhead), half and full resolution only refine.
 */
export const FAST: RenderOptions = {
  levels: [
    { scale: 4, steps: 80, relax: 0.12 },
    { scale: 2, steps: 14, relax: 0.04, dual: true },
    { scale: 1, steps: 12, relax: 0.02 },
  ],
}
/** The honest baseline for the bench: one full-resolution march to the same distance, same shading. */
export const NAIVE: RenderOptions = { levels: [{ scale: 1, steps: 96, relax: 0.1 }] }

/** Fraction of the clearance above the terrain taken per step (terrain slopes are < ~1.5). */
const STEP_K = 0.55
const T_START = 0.2
/** A later level starts this fraction of the way to the previous level's hit. */
const BACKOFF = 0.9
/** A ray ends on the surface when within this fraction of its length above it (~a pixel). */
const HIT_TOLERANCE = 0.004
const FINAL_TOLERANCE = 0.008
/** Far beyond anything drawn (T_MAX), and far below float32 overflow. */
const T_CAP = 1e6

/** Per-pixel ray, channels-first. */
interface Rays {
  dx: Value
  dy: Value
  dz: Value
  /** [1,2,h,w] xz direction in field-grid units per metre. */
  gridDir: Value
  /** [1,2,h,w] xz direction in metres. */
  xzDir: Value
  /** Depth per unit ray length: view-axis cosine (perspective) or 1 (equirect). */
  depthScale: Value
}

interface Camera {
  isEquirect: Value
  fx: Value
  fy: Value
  cx: Value
  cy: Value
  /** Rotation entries r[row][col], each [1]. */
  r: Value[][]
  oy: Value
  /** [1,2,1,1] camera xz in grid units, and in metres. */
  gridOrigin: Value
  originXz: Value
}

function cameraOf(g: GraphBuilder, pose: Value, intrinsics: Value): Camera {
  const rows = g.split(g.slice(pose, [0], [3], [0]), 0, [1, 1, 1])
  const r = rows.map((row) => g.split(g.reshape(row, [4]), 0, [1, 1, 1, 1]))
  const [code, fx, fy, cx, cy] = g.split(intrinsics, 0, [1, 1, 1, 1, 1, 1])
  const originXz = g.reshape(g.concat([r[0]![3]!, r[2]![3]!], 0), [1, 2, 1, 1])
  return {
    isEquirect: g.greater(code!, 0.5),
    fx: fx!,
    fy: fy!,
    cx: cx!,
    cy: cy!,
    r,
    oy: r[1]![3]!,
    gridOrigin: g.mul(originXz, 1 / FIELD_HALF),
    originXz,
  }
}

/** Rays for pixel centres `uv` [1,2,h,w]. */
function raysFor(g: GraphBuilder, cam: Camera, uv: Value): Rays {
  const [u, v] = g.split(uv, 1, [1, 1])
  // Perspective: ((u - cx) / fx, -(v - cy) / fy, -1), normalised.
  const px = g.div(g.sub(u!, cam.cx), cam.fx)
  const py = g.div(g.sub(cam.cy, v!), cam.fy)
  const invLen = g.op('Reciprocal', [g.sqrt(g.add(g.add(g.mul(px, px), g.mul(py, py)), 1))])
  // Equirect: longitude from u (0.5 looks down -Z), latitude from v (top is up).
  const lon = g.mul(g.sub(u!, 0.5), 2 * Math.PI)
  const lat = g.mul(g.sub(0.5, v!), Math.PI)
  const cosLat = g.op('Cos', [lat])
  const eq = cam.isEquirect
  const cxv = g.where(eq, g.mul(g.op('Sin', [lon]), cosLat), g.mul(px, invLen))
  const cyv = g.where(eq, g.op('Sin', [lat]), g.mul(py, invLen))
  const czv = g.where(eq, g.mul(g.mul(g.op('Cos', [lon]), cosLat), -1), g.mul(invLen, -1))
  // World direction = R * camera direction, written out so every backend sums in the same order.
  const row = (i: number): Value =>
    g.add(g.add(g.mul(cxv, cam.r[i]![0]!), g.mul(cyv, cam.r[i]![1]!)), g.mul(czv, cam.r[i]![2]!))
  const dx = row(0)
  const dy = row(1)
  const dz = row(2)
  const xzDir = g.concat([dx, dz], 1)
  return { dx, dy, dz, xzDir, gridDir: g.mul(xzDir, 1 / FIELD_HALF), depthScale: g.where(eq, g.s(1), invLen) }
}

/** Field-grid coordinates [1,h,w,2] of the points at distance t along the rays. */
function gridAt(g: GraphBuilder, cam: Camera, rays: Rays, t: Value): Value {
  return g.transpose(g.add(g.mul(t, rays.gridDir), cam.gridOrigin), [0, 2, 3, 1])
}

/**
 * Relaxed height-field march from t: each step takes STEP_K of the clearance, but at least
 * relax * t while well above ground (so grazing rays travel geometrically), and steps back
 * (negative) once below it.
 */
function march(g: GraphBuilder, field: Value, cam: Camera, rays: Rays, t0: Value, level: MarchLevel): Value {
  let t = t0
  for (let i = 0; i < level.steps; i++) {
    const h = g.gridSample(field, gridAt(g, cam, rays, t))
    const c = g.sub(g.add(g.mul(t, rays.dy), cam.oy), h)
    const step = g.max(g.mul(c, STEP_K), g.min(g.mul(t, level.relax), g.mul(c, 40)))
    t = g.add(t, step)
    // Rays into open sky grow geometrically, and a camera inside a hill or a tree crown steps
    // backwards without end: keep t in range before a long march overflows.
    if (i % 16 === 15 || i === level.steps - 1) t = g.clip(t, T_START, T_CAP)
  }
  return t
}

/** Frame-wide sky constants, from the atmosphere field at the camera position. */
interface Atmosphere {
  sx: Value
  sy: Value
  sz: Value
  fog: Value
  clouds: Value
  night: Value
  /** Colours, [1,3,1,1]. */
  water: Value
  zenith: Value
  horizon: Value
  sunColor: Value
  glowColor: Value
  ambient: Value
}

function atmosphereAt(g: GraphBuilder, field: Value, cam: Camera): Atmosphere {
  const grid = g.reshape(g.clip(cam.gridOrigin, -1, 1), [1, 1, 1, 2])
  const a = g.reshape(g.gridSample(field, grid), [ATMOS_CHANNELS])
  const [sx, sy, sz, fog, clouds, wr, wg, wb] = g.split(a, 0, [1, 1, 1, 1, 1, 1, 1, 1])
  const rgb = (r: number, gg: number, b: number): Value => g.constant([r, gg, b], [3])
  const y = sy!
  const day = g.ramp(y, -0.05, 0.35)
  const dusk = g.mul(g.ramp(y, -0.28, -0.02), g.sub(1, g.ramp(y, 0.02, 0.3)))
  const night = g.sub(1, g.ramp(y, -0.28, -0.04))
  const mix3 = (d: Value, s: Value, n: Value): Value =>
    g.add(g.add(g.mul(day, d), g.mul(dusk, s)), g.mul(night, n))
  let zenith = mix3(rgb(0.1, 0.24, 0.62), rgb(0.16, 0.16, 0.36), rgb(0.003, 0.005, 0.014))
  let horizon = mix3(rgb(0.55, 0.68, 0.86), rgb(0.95, 0.46, 0.22), rgb(0.012, 0.018, 0.04))
  // Overcast and mist flatten the gradient towards a grey of the same brightness.
  const lum = g.reduceSum(g.mul(horizon, rgb(0.3, 0.55, 0.15)), [0])
  const overcast = g.sat(g.add(g.mul(clouds!, 0.55), g.mul(fog!, 0.6)))
  horizon = g.lerp(horizon, g.mul(lum, 1.05), g.mul(overcast, 0.8))
  zenith = g.lerp(zenith, g.mul(horizon, 0.85), g.mul(overcast, 0.8))
  const warm = g.ramp(y, 0.0, 0.4)
  const sunColor = g.mul(
    g.lerp(rgb(1.0, 0.42, 0.16), rgb(1.0, 0.92, 0.8), warm),
    g.mul(g.ramp(y, -0.03, 0.05), g.fma(clouds!, -0.7, 1)),
  )
  const glowColor = g.mul(rgb(1.0, 0.55, 0.25), g.add(g.mul(dusk, 0.9), g.mul(day, 0.25)))
  const ambient = g.lerp(rgb(0.01, 0.014, 0.03), rgb(0.28, 0.34, 0.45), day)
  const c4 = (v: Value): Value => g.reshape(v, [1, 3, 1, 1])
  return {
    sx: sx!,
    sy: y,
    sz: sz!,
    fog: fog!,
    clouds: clouds!,
    night,
    water: c4(g.concat([wr!, wg!, wb!], 0)),
    zenith: c4(zenith),
    horizon: c4(horizon),
    sunColor: c4(sunColor),
    glowColor: c4(glowColor),
    ambient: c4(ambient),
  }
}

export interface RenderGraph {
  bytes: Uint8Array
  nodes: number
}

export function buildRender(version: string, opts: RenderOptions = FAST): RenderGraph {
  const g = new GraphBuilder('reference_world_render')
  const pose = g.input('pose', [4, 4])
  const intrinsics = g.input('intrinsics', [6])
  const uvIn = g.input('pixel_uv', [1, 'H', 'W', 2])
  const fieldHeight = g.input('field_height', [1, 1, FIELD_SIZE, FIELD_SIZE])
  const fieldColor = g.input('field_color', [1, COLOR_CHANNELS, FIELD_SIZE, FIELD_SIZE])
  const fieldAtmos = g.input('field_atmos', [1, ATMOS_CHANNELS, ATMOS_SIZE, ATMOS_SIZE])
  const hmax = g.input('field_hmax', [1])

  const cam = cameraOf(g, pose, intrinsics)
  const uv = g.transpose(uvIn, [0, 3, 1, 2]) // [1,2,H,W]
  const rays = raysFor(g, cam, uv)

  // Rays that start above the terrain's highest point skip straight down to it.
  const slabStart = (r: Rays): Value =>
    g.max(g.div(g.sub(cam.oy, hmax), g.max(g.mul(r.dy, -1), 1e-4)), T_START)

  let t: Value | null = null
  let prevScale = 0
  let levelTs = 0
  for (const level of opts.levels) {
    const s = level.scale
    const levelRays =
      s === 1 ? rays : raysFor(g, cam, g.op('AveragePool', [uv], { kernel_shape: [s, s], strides: [s, s] }))
    if (t === null) {
      t = march(g, fieldHeight, cam, levelRays, slabStart(levelRays), level)
    } else {
      const f = prevScale / s
      const upsample = (v: Value): Value =>
        g.op('Resize', [v, '', g.constant([1, 1, f, f], [4])], { mode: 'nearest' })
      const own = g.max(g.mul(upsample(t), BACKOFF), T_START)
      if (!level.dual) {
        t = march(g, fieldHeight, cam, levelRays, own, level)
      } else {
        // Two marches per pixel. One starts from the nearest coarse hit around it (3x3 min,
        // backed off), which cannot jump past a silhouette; the other from its own coarse hit,
        // which is far closer to the answer for grazing rays. Keep the near one where it found a
        // surface before the other's, else the far one.
        const minT = g.mul(g.op('MaxPool', [g.mul(t, -1)], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }), -1)
        const near = g.max(g.mul(upsample(minT), BACKOFF), T_START)
        const tNear = march(g, fieldHeight, cam, levelRays, near, level)
        const tOwn = march(g, fieldHeight, cam, levelRays, own, level)
        const cNear = g.sub(
          g.add(g.mul(tNear, levelRays.dy), cam.oy),
          g.gridSample(fieldHeight, gridAt(g, cam, levelRays, tNear)),
        )
        const nearHit = g.op('And', [g.less(cNear, g.fma(tNear, HIT_TOLERANCE, 0.1)), g.less(tNear, tOwn)])
        t = g.where(nearHit, tNear, tOwn)
      }
    }
    prevScale = s
    if (opts.debug) g.output(t, `debug_t${levelTs++}`, [1, 1, 'h', 'w'])
  }
  if (!t || prevScale !== 1) throw new Error('render schedule must end at full resolution')

  // Final hit test at the marched distance.
  const grid = gridAt(g, cam, rays, t)
  const clearance = g.sub(g.add(g.mul(t, rays.dy), cam.oy), g.gridSample(fieldHeight, grid))
  // Looser than HIT_TOLERANCE: a grazing ray still closing in on the ground after its last step
  // is ground (a little farther on), not a hole to the sky or the water plane below.
  const terrainHit = g.op('And', [g.less(clearance, g.fma(t, FINAL_TOLERANCE, 0.1)), g.less(t, T_MAX)])
  const tTerrain = g.where(terrainHit, t, T_MAX * 4)
  // Water plane at y = 0, seen from above.
  const tWater = g.where(
    g.op('And', [g.less(rays.dy, -1e-5), g.greater(cam.oy, 0)]),
    g.div(cam.oy, g.max(g.mul(rays.dy, -1), 1e-5)),
    g.s(T_MAX * 4),
  )
  const waterFirst = g.op('And', [g.less(tWater, tTerrain), g.less(tWater, T_MAX)])
  // The water plane only counts where the ground under it is below the water line. Elsewhere a
  // ray that reached it is a grazing ray whose march had not quite met the ground yet: take the
  // ground there (it is within centimetres of the plane) instead of drawing a stray water line.
  const waterGrid = gridAt(g, cam, rays, g.min(tWater, T_MAX))
  const wet = g.less(g.gridSample(fieldHeight, waterGrid), 0.05)
  const waterHit = g.op('And', [waterFirst, wet])
  const groundAtWater = g.op('And', [waterFirst, g.op('Not', [wet])])
  const surface = g.op('Or', [terrainHit, waterFirst])
  const tSurface = g.min(tTerrain, tWater)
  const depth = g.where(surface, g.mul(tSurface, rays.depthScale), g.s(0))

  const atm = atmosphereAt(g, fieldAtmos, cam)

  // Sky, evaluated with |dy| so that the same value serves the water's mirror direction.
  const ay = g.abs(rays.dy)
  const mu = g.add(g.add(g.mul(rays.dx, atm.sx), g.mul(rays.dy, atm.sy)), g.mul(rays.dz, atm.sz))
  const muPos = g.relu(mu)
  let sky = g.lerp(atm.horizon, atm.zenith, g.sqrt(ay))
  const halo = g.add(g.mul(g.pow(muPos, 8), 0.35), g.mul(g.pow(muPos, 96), 1.2))
  sky = g.add(sky, g.mul(atm.sunColor, halo))
  sky = g.add(sky, g.mul(atm.glowColor, g.mul(g.exp(g.mul(ay, -7)), g.fma(muPos, 0.8, 0.2))))
  const haze = sky // fog colour: the sky near the horizon without clouds or stars

  // Clouds: a noise layer projected on a plane high above, sampled at two scales.
  const cloudInfo = latticeTexture(0xc10d, 1, 64, 2)
  const cloudTex = g.constant(cloudInfo.data, [1, 1, cloudInfo.size, cloudInfo.size])
  const cuv = g.mul(rays.xzDir, g.div(g.s(1), g.add(ay, 0.09)))
  const c1 = sampleWrappedNchw(g, cloudTex, cloudInfo, g.mul(cuv, 0.09))
  const c2 = sampleWrappedNchw(g, cloudTex, cloudInfo, g.add(g.mul(cuv, 0.31), 0.37))
  const cn = g.fma(c2, 0.35, c1)
  const cover = g.mul(
    g.sat(g.mul(g.add(cn, g.fma(atm.clouds, 1.5, -0.95)), 2.2)),
    g.mul(g.ramp(ay, 0.0, 0.12), 0.92),
  )
  const cloudLight = g.add(g.mul(atm.ambient, 1.7), g.mul(atm.sunColor, g.fma(muPos, 0.6, 0.35)))
  const cloudColor = g.mul(cloudLight, g.fma(g.sat(g.mul(cn, 0.8)), -0.45, 1))
  sky = g.lerp(sky, cloudColor, cover)

  // Stars at night, and the sun disc.
  const starInfo = latticeTexture(0x57a75, 1, 128, 0)
  const starTex = g.constant(starInfo.data, [1, 1, starInfo.size, starInfo.size])
  const suv = g.mul(rays.xzDir, g.div(g.s(2.2), g.add(ay, 1)))
  const sn = sampleWrappedNchw(g, starTex, starInfo, suv, 'nearest')
  const stars = g.mul(g.mul(g.relu(g.sub(sn, 0.94)), 9), g.mul(atm.night, g.sub(1, cover)))
  sky = g.add(sky, stars)
  const disc = g.mul(g.smoothstep(mu, 0.99955, 0.9998), g.mul(g.sub(1, cover), 14))
  const skyDirect = g.add(sky, g.mul(atm.sunColor, disc))

  // Terrain: baked lit colour, plus near-field detail that the 4 m field cannot hold.
  const colorGrid = g.where(g.transpose(groundAtWater, [0, 2, 3, 1]), waterGrid, grid)
  const [terrainRgb, vegetation] = g.split(g.gridSample(fieldColor, colorGrid), 1, [3, 1])
  const detailInfo = latticeTexture(0xde7a11, 1, 64, 0)
  const detailTex = g.constant(detailInfo.data, [1, 1, detailInfo.size, detailInfo.size])
  const hitXz = g.add(g.mul(t, rays.xzDir), cam.originXz)
  // Three scales, each fading once it is finer than a pixel: ~12 m patches out to a few hundred
  // metres, then ~2.3 m and ~0.55 m grain close by.
  const d0 = sampleWrappedNchw(g, detailTex, detailInfo, g.add(g.mul(hitXz, 1 / (64 * 12)), 0.5))
  const d1 = sampleWrappedNchw(g, detailTex, detailInfo, g.mul(hitXz, 1 / (64 * 2.3)))
  const d2 = sampleWrappedNchw(g, detailTex, detailInfo, g.mul(hitXz, 1 / (64 * 0.55)))
  const near = g.exp(g.mul(t, -1 / 70))
  const mid = g.exp(g.mul(t, -1 / 350))
  // Stronger where plants grow: clumps of grass and shrubs read as texture, bare ground less so.
  const strength = g.fma(vegetation!, 0.25, 0.25)
  const grain = g.add(g.mul(g.fma(d2, 0.6, d1), near), g.mul(d0, g.mul(mid, 0.8)))
  const detail = g.fma(g.mul(grain, strength), 1, 1)
  const terrain = g.mul(terrainRgb!, detail)

  // Water: fresnel between the refracted bottom (absorbed with path length) and the sky mirror.
  const waterXz = g.add(g.mul(tWater, rays.xzDir), cam.originXz)
  const ripple = sampleWrappedNchw(g, detailTex, detailInfo, g.mul(waterXz, 1 / (64 * 1.7)))
  const cosV = g.clip(g.fma(ripple, 0.04, ay), 0, 1)
  const fresnel = g.fma(g.pow(g.sub(1, cosV), 5), 0.98, 0.02)
  const path = g.sub(g.min(tTerrain, T_MAX), tWater)
  const transmit = g.exp(g.mul(path, -0.35))
  const body = g.mul(atm.water, g.add(g.mul(atm.ambient, 1.2), g.mul(atm.sunColor, 0.25)))
  const under = g.lerp(body, terrain, g.mul(transmit, 0.8))
  const muMirror = g.relu(g.sub(mu, g.mul(g.mul(rays.dy, atm.sy), 2)))
  const glint = g.mul(atm.sunColor, g.mul(g.pow(muMirror, 350), g.fma(ripple, 3, 6)))
  const water = g.add(g.lerp(under, sky, fresnel), glint)

  // Fog / aerial perspective towards the haze colour, thicker with the style's fog.
  let shaded = g.where(waterHit, water, terrain)
  const density = g.add(g.mul(g.mul(atm.fog, atm.fog), 0.005), 0.0002)
  const fogAmount = g.max(
    g.sub(1, g.exp(g.mul(g.mul(tSurface, density), -1))),
    // Full haze before the baked field ends (its edge texels would streak to the horizon).
    g.smoothstep(tSurface, 420, 1000),
  )
  shaded = g.lerp(shaded, haze, fogAmount)
  const linear = g.where(surface, shaded, skyDirect)

  // Exposure and a soft shoulder, then sRGB-ish gamma.
  const mapped = g.sub(1, g.exp(g.mul(linear, -1.05)))
  const rgb = g.clip(g.pow(g.max(mapped, 0), 1 / 2.2), 0, 1)

  g.output(g.transpose(rgb, [0, 2, 3, 1]), 'rgb', [1, 'H', 'W', 3])
  g.output(g.transpose(depth, [0, 2, 3, 1]), 'depth', [1, 'H', 'W', 1])
  return {
    bytes: g.toBytes({
      producerVersion: version,
      docString: 'Worldwalk reference world model, render stage: pose + camera + baked fields -> rgb, depth.',
    }),
    nodes: g.nodeCount,
  }
}
