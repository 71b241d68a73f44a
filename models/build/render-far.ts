/**
 * The land beyond the near field. The near march ends where a ray leaves the baked near field
 * (or at T_MAX); rays that found nothing by then march on over the coarse far field
 * (`field_far_height`, 128 m texels, +-16 km) to the horizon, so mountains 5-15 km away stand
 * against the sky instead of the haze wall the near field used to end in. Same relaxed march as
 * the near field, coarse-to-fine (quarter resolution carries the rays out, half and full resolution
 * settle them from the nearest coarser hit around each pixel), and flat shading from the baked albedo,
 * sun visibility and gradient: trees are colour out there.
 */
import type { GraphBuilder, Value } from './graph'
import type { Camera, Rays } from './render-camera'
import { AROUND, BACKOFF, nearestAround, relaxedStep, repeatSteps, upsample } from './render-march'
import { skyLightOf, type Atmosphere } from './render-sky'
import { FAR_HALF, FIELD_HALF, T_MAX } from './world-layout'

/** Rays end here at the latest (metres): inside the far field from anywhere on the near one. */
export const FAR_T_MAX = FAR_HALF - 1500
const QUARTER_STEPS = 40
const HALF_STEPS = 8
const FULL_STEPS = 3
/** Full resolution starts this far short of the nearest half-resolution hit around it. */
const FULL_BACKOFF = 0.97

export interface FarFields {
  height: Value
  surface: Value
}

/** Where each ray leaves the near field's square (metres along the ray), capped at T_MAX. */
export function nearEnd(g: GraphBuilder, cam: Camera, rays: Rays): Value {
  // Per axis: (half - o * sign(d)) / |d|, the distance to the wall the ray heads for.
  const d = rays.xzDir
  const exit = g.div(g.sub(FIELD_HALF, g.mul(cam.fieldXz, g.op('Sign', [d]))), g.max(g.abs(d), 1e-6))
  return g.min(g.op('ReduceMin', [exit], { axes: [1], keepdims: 1 }), T_MAX)
}

interface FarRays {
  rays: Rays
  dir: Value
  origin: Value
}

function farRays(g: GraphBuilder, cam: Camera, rays: Rays): FarRays {
  return { rays, dir: g.mul(rays.xzDir, 1 / FAR_HALF), origin: g.mul(cam.farXz, 1 / FAR_HALF) }
}

/** Height of the point at t above the far ground (or the water plane). */
function clearance(g: GraphBuilder, far: FarFields, cam: Camera, fr: FarRays, t: Value): Value {
  const grid = g.transpose(g.fma(t, fr.dir, fr.origin), [0, 2, 3, 1])
  return g.sub(g.fma(t, fr.rays.dy, cam.oy), g.gridSample(far.height, grid))
}

function marchFar(
  g: GraphBuilder,
  far: FarFields,
  cam: Camera,
  fr: FarRays,
  t0: Value,
  steps: number,
  relax: number,
): Value {
  const step = (t: Value): Value => relaxedStep(g, t, clearance(g, far, cam, fr, t), relax)
  return repeatSteps(g, { from: 0, to: steps, total: steps }, t0, step, (t) => g.clip(t, 1, FAR_T_MAX * 2))
}

interface FarRefined {
  rays: FarRays
  /** Marched distance, capped at FAR_T_MAX. */
  t: Value
  /** The ray ended on the far land. */
  settled: Value
  /** Some coarser hit around the pixel gave the march a start. */
  started: Value
}

/**
 * One finer level of the far march: each ray starts a little short of the nearest open coarser
 * hit around its pixel (3x3; a silhouette cannot be skipped, and the far side of one is reached
 * by the steps), or where the near field ends when there is none.
 */
function refineFar(
  g: GraphBuilder,
  far: FarFields,
  cam: Camera,
  rays: Rays,
  coarser: Value,
  open: Value,
  opts: { steps: number; relax: number; backoff: number },
): FarRefined {
  const none = FAR_T_MAX * 4
  const fr = farRays(g, cam, rays)
  const start = nearEnd(g, cam, rays)
  const settle = (from: Value): { t: Value; settled: Value } => {
    const marched = marchFar(g, far, cam, fr, from, opts.steps, opts.relax)
    const t = g.min(marched, FAR_T_MAX)
    const c = clearance(g, far, cam, fr, t)
    return { t, settled: g.op('And', [g.less(c, g.fma(t, 0.006, 0.5)), g.less(marched, FAR_T_MAX)]) }
  }
  // A little short of a coarser hit where there is one, else where the near field ends.
  const startAt = (up: Value, found: Value): Value =>
    g.where(found, g.max(g.mul(up, opts.backoff), start), start)
  const nearUp = upsample(g, nearestAround(g, g.where(open, coarser, none)), 2)
  const nearStarted = g.less(nearUp, none - 1)
  const near = settle(startAt(nearUp, nearStarted))
  // A grazing ray under a far ridge hits kilometres beyond its neighbour above, and a few steps of
  // a few per cent each from that neighbour's hit never got there: such rays were left open and
  // drawn as sky, in rows of sky across the far land (every gallery skyline had them). They take
  // the farthest open coarser hit around as a second start.
  const farUp = upsample(g, g.op('MaxPool', [g.where(open, coarser, 0)], AROUND), 2)
  const farStarted = g.greater(farUp, 0)
  const behind = settle(startAt(farUp, farStarted))
  const useBehind = g.op('And', [g.op('Not', [near.settled]), behind.settled])
  return {
    rays: fr,
    t: g.where(useBehind, behind.t, near.t),
    settled: g.op('Or', [near.settled, behind.settled]),
    started: g.op('Or', [nearStarted, farStarted]),
  }
}

export interface FarHit {
  /** Distance along the ray (metres); meaningful where `hit`. */
  t: Value
  hit: Value
  /** Linear colour, unfogged [1,3,h,w]. */
  color: Value
  /** 1 where the far surface is water. */
  water: Value
  /** Where the march found the land; elsewhere a hit is a descending ray that had not yet. */
  settled: Value
}

/**
 * The far land seen by the camera, marched from where the near field ends: `quarter` carries the
 * rays out, `half` settles them, and a few full-resolution steps from the nearest half hit around
 * each pixel put the far skyline on the pixel grid (the app sees far land in its 2x panorama).
 * The long travel stays at the coarse levels, so the far field costs little more than before.
 */
export function farView(
  g: GraphBuilder,
  far: FarFields,
  cam: Camera,
  atm: Atmosphere,
  full: Rays,
  half: Rays,
  quarter: Rays,
): FarHit {
  const coarse = farRays(g, cam, quarter)
  const coarseStart = nearEnd(g, cam, quarter)
  const tCoarse = marchFar(g, far, cam, coarse, coarseStart, QUARTER_STEPS, 0.1)
  // A coarse ray already under the land where the near field ends (it hit something near) says
  // nothing about where the far land is: leave it out of its neighbours' starts.
  const open = g.greater(clearance(g, far, cam, coarse, coarseStart), 0)
  // Half resolution settles the rays from the coarse hits; then full resolution from the half ones
  // (cheap steps: one lookup of the far height each). Handed up from half resolution as it was,
  // every far ridge stood in 2-pixel stairs against the sky.
  const halfHit = refineFar(g, far, cam, half, tCoarse, open, {
    steps: HALF_STEPS,
    relax: 0.08,
    backoff: BACKOFF,
  })
  const fullHit = refineFar(g, far, cam, full, halfHit.t, halfHit.settled, {
    steps: FULL_STEPS,
    relax: 0.03,
    backoff: FULL_BACKOFF,
  })
  const all = fullHit.rays
  const settled = g.op('And', [fullHit.settled, fullHit.started])
  const t = g.where(settled, fullHit.t, g.s(FAR_T_MAX))
  const grid = g.transpose(g.fma(t, all.dir, all.origin), [0, 2, 3, 1])
  const [albedo, shadow, gx, gz, water] = g.split(g.gridSample(far.surface, grid), 1, [3, 1, 1, 1, 1])
  const skyLight = skyLightOf(g, atm)
  const land = flatLitGround(g, atm, skyLight, albedo!, shadow!, gx!, gz!)
  // Far water: its own colour, lit from the sky, mostly a mirror of the haze at grazing angles.
  const sea = g.mul(atm.water, g.add(g.mul(atm.light, 0.35), skyLight))
  return {
    // A descending ray meets the land or the water plane somewhere. One that has not settled (it
    // grazes a far ridge, or the land is past the far field) ends at the far field's edge and is
    // drawn as the sky at the horizon it looks into: no block of land over a ridge, no band of
    // haze brighter than the sky above it.
    hit: g.op('Or', [settled, g.less(full.dy, -0.002)]),
    t,
    color: g.lerp(land, sea, water!),
    water: water!,
    settled,
  }
}

/**
 * Baked ground colour lit flat, from its baked sun visibility and height gradient (dh/dx, dh/dz)
 * alone, without per-pixel detail: the far field's land, and the ground a water's mirror meets.
 */
export function flatLitGround(
  g: GraphBuilder,
  atm: Atmosphere,
  skyLight: Value,
  albedo: Value,
  shadow: Value,
  gx: Value,
  gz: Value,
): Value {
  const inv = g.op('Reciprocal', [g.sqrt(g.add(g.add(g.mul(gx, gx), g.mul(gz, gz)), 1))])
  const nx = g.mul(g.mul(gx, -1), inv)
  const nz = g.mul(g.mul(gz, -1), inv)
  const lit = g.relu(g.add(g.add(g.mul(nx, atm.lx), g.mul(inv, atm.ly)), g.mul(nz, atm.lz)))
  return g.mul(albedo, g.add(g.mul(atm.light, g.mul(lit, shadow)), g.mul(skyLight, g.fma(inv, 0.4, 0.6))))
}
