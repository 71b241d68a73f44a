/**
 * Sky and light of the render stage: the frame-wide atmosphere read at the camera (sun, fog,
 * clouds, water colour), the light that falls on surfaces (sun by day, moon by night), and the sky
 * itself: gradient, sun disc and glow, clouds, moon and stars.
 */
import { waterCastOf } from './colour'
import type { GraphBuilder, Value } from './graph'
import type { Camera, Rays } from './render-camera'
import { latticeTexture } from './textures'
import { ATMOS_CHANNELS, FIELD_HALF, MOON_DIR, sampleWrappedNchw } from './world-layout'

/** Frame-wide sky constants, from the atmosphere field at the camera position. */
export interface Atmosphere {
  sx: Value
  sy: Value
  sz: Value
  fog: Value
  clouds: Value
  /** 0 by day, 1 at night, and dusk in between. */
  night: Value
  day: Value
  dusk: Value
  /**
   * 1 where the prompt's water is murky (greener than it is blue): a swamp's still water, which
   * neither ripples nor foams at its edge.
   */
  still: Value
  /** 1 where the water is a sea, whose surf breaks white on the shore (a lake only laps). */
  surf: Value
  /** 1 where the prompt's water is ice. */
  frozen: Value
  /** Northern lights, 0-1 (shown only at night). */
  aurora: Value
  /** Colours, [1,3,1,1]. */
  water: Value
  zenith: Value
  horizon: Value
  sunColor: Value
  glowColor: Value
  ambient: Value
  /** What lights surfaces: direction [1] x3 and colour [1,3,1,1] (sun, or the moon at night). */
  lx: Value
  ly: Value
  lz: Value
  light: Value
}

export function atmosphereAt(g: GraphBuilder, field: Value, cam: Camera): Atmosphere {
  const grid = g.reshape(g.clip(g.mul(cam.fieldXz, 1 / FIELD_HALF), -1, 1), [1, 1, 1, 2])
  const a = g.reshape(g.gridSample(field, grid), [ATMOS_CHANNELS])
  const [sx, sy, sz, fog, clouds, wr, wg, wb, aurora, surf] = g.split(a, 0, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1])
  const rgb = (r: number, gg: number, b: number): Value => g.constant([r, gg, b], [3])
  const y = sy!
  const day = g.ramp(y, -0.05, 0.35)
  const dusk = g.mul(g.ramp(y, -0.28, -0.02), g.sub(1, g.ramp(y, 0.02, 0.3)))
  const night = g.sub(1, g.ramp(y, -0.28, -0.04))
  const mix3 = (d: Value, s: Value, n: Value): Value =>
    g.add(g.add(g.mul(day, d), g.mul(dusk, s)), g.mul(night, n))
  let zenith = mix3(rgb(0.09, 0.22, 0.6), rgb(0.13, 0.12, 0.3), rgb(0.0025, 0.004, 0.011))
  let horizon = mix3(rgb(0.55, 0.68, 0.86), rgb(1.0, 0.45, 0.2), rgb(0.009, 0.013, 0.03))
  // Overcast and mist flatten the gradient towards a grey of the same brightness.
  const lum = g.reduceSum(g.mul(horizon, rgb(0.3, 0.55, 0.15)), [0])
  const overcast = g.sat(g.add(g.mul(clouds!, 0.55), g.mul(fog!, 0.5)))
  horizon = g.lerp(horizon, g.mul(lum, 1.05), g.mul(overcast, 0.7))
  zenith = g.lerp(zenith, g.mul(horizon, 0.85), g.mul(overcast, 0.75))
  const warm = g.ramp(y, 0.0, 0.4)
  const sunColor = g.mul(
    g.lerp(rgb(1.0, 0.4, 0.14), rgb(1.0, 0.92, 0.8), warm),
    g.mul(g.ramp(y, -0.03, 0.05), g.fma(clouds!, -0.7, 1)),
  )
  const glowColor = g.mul(rgb(1.0, 0.5, 0.2), g.add(g.mul(dusk, 1.1), g.mul(day, 0.25)))
  // Northern lights cast a faint green over snow and ice beneath them.
  const auroraGlow = g.mul(rgb(0.004, 0.03, 0.014), g.mul(aurora!, night))
  const ambient = g.add(
    g.add(g.lerp(rgb(0.012, 0.016, 0.03), rgb(0.28, 0.34, 0.45), day), auroraGlow),
    g.mul(rgb(0.12, 0.08, 0.1), dusk),
  )
  const moonLight = g.mul(rgb(0.11, 0.14, 0.22), g.fma(clouds!, -0.6, 1))
  const sunLight = g.mul(sunColor, 2.2)
  const isNight = g.less(y, -0.02)
  const water = g.reshape(g.concat([wr!, wg!, wb!], 0), [1, 3, 1, 1])
  const { frozen, murky } = waterCastOf(g, wr!, wg!, wb!)
  const c4 = (v: Value): Value => g.reshape(v, [1, 3, 1, 1])
  return {
    sx: sx!,
    sy: y,
    sz: sz!,
    fog: fog!,
    clouds: clouds!,
    night,
    day,
    dusk,
    aurora: aurora!,
    frozen,
    still: murky,
    surf: surf!,
    water,
    zenith: c4(zenith),
    horizon: c4(horizon),
    sunColor: c4(sunColor),
    glowColor: c4(glowColor),
    ambient: c4(ambient),
    lx: g.where(isNight, g.s(MOON_DIR[0]), sx!),
    ly: g.where(isNight, g.s(MOON_DIR[1]), y),
    lz: g.where(isNight, g.s(MOON_DIR[2]), sz!),
    light: c4(g.where(isNight, moonLight, sunLight)),
  }
}

/** The light of the sky on an open surface: ambient, brighter under clouds. */
export function skyLightOf(g: GraphBuilder, atm: Atmosphere): Value {
  return g.mul(atm.ambient, g.fma(atm.clouds, 0.5, 1))
}

export interface SkyParts {
  /** Sky gradient and sun glow, mirror-symmetric about the horizon: also the fog colour. */
  haze: Value
  /** The full sky seen by a ray (clouds, sun disc, moon, stars). */
  sky: Value
  /** Sun-ray cosine, for glints. */
  mu: Value
}

/** The share of star-field texels that hold a star, and the brightest one's linear brightness. */
const STAR_SHARE = 0.03
const STAR_PEAK = 1.4

/** `sunDisc: false` leaves the sun's disc out (water's mirror of it is its glint). */
export function skyOf(g: GraphBuilder, atm: Atmosphere, rays: Rays, sunDisc = true): SkyParts {
  // Evaluated with |dy| so the same value serves the water's mirror direction.
  const ay = g.abs(rays.dy)
  const mu = g.add(g.add(g.mul(rays.dx, atm.sx), g.mul(rays.dy, atm.sy)), g.mul(rays.dz, atm.sz))
  const muPos = g.relu(mu)
  // Horizontal closeness to the sun's azimuth: sunset colour gathers on the sun's side.
  const side = g.relu(g.add(g.mul(rays.dx, atm.sx), g.mul(rays.dz, atm.sz)))
  let sky = g.lerp(atm.horizon, atm.zenith, g.sqrt(ay))
  const halo = g.add(g.mul(g.pow(muPos, 8), 0.35), g.mul(g.pow(muPos, 96), 1.2))
  sky = g.add(sky, g.mul(atm.sunColor, halo))
  const band = g.exp(g.mul(ay, -6))
  sky = g.add(sky, g.mul(atm.glowColor, g.mul(band, g.fma(g.mul(side, side), 1.4, 0.15))))
  const haze = sky

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
  const cloudLight = g.add(
    g.mul(atm.ambient, 1.7),
    g.mul(g.add(atm.sunColor, g.mul(atm.glowColor, 0.6)), g.fma(muPos, 0.6, 0.35)),
  )
  const cloudColor = g.mul(cloudLight, g.fma(g.sat(g.mul(cn, 0.8)), -0.45, 1))
  sky = g.lerp(sky, cloudColor, cover)
  const clear = g.sub(1, cover)

  // Stars at night (fewer near the horizon, through more air), and the moon.
  const starInfo = latticeTexture(0x57a75, 1, 256, 0)
  const starTex = g.constant(starInfo.data, [1, 1, starInfo.size, starInfo.size])
  const suv = g.mul(rays.xzDir, g.div(g.s(1.6), g.add(ay, 1)))
  const sn = sampleWrappedNchw(g, starTex, starInfo, suv, 'nearest')
  // As in a photograph of a night sky: a scatter of stars, most faint and a few bright (the
  // brightness the cube of the texel's rank among the top STAR_SHARE), and none in the moon's
  // glare. One in twenty texels lit, most of them about as bright, drew static across the sky.
  const rank = g.relu(g.mul(g.sub(sn, 1 - 2 * STAR_SHARE), 1 / (2 * STAR_SHARE)))
  const moonCos = g.add(
    g.add(g.mul(rays.dx, MOON_DIR[0]), g.mul(rays.dy, MOON_DIR[1])),
    g.mul(rays.dz, MOON_DIR[2]),
  )
  const glare = g.ramp(moonCos, 0.995, 0.95)
  const stars = g.mul(
    g.mul(g.mul(rank, g.mul(rank, rank)), STAR_PEAK),
    g.mul(g.mul(g.mul(atm.night, clear), glare), g.ramp(rays.dy, 0.02, 0.3)),
  )
  sky = g.add(sky, stars)
  const moonDisc = g.smoothstep(moonCos, 0.99975, 0.99988)
  const moonGlow = g.mul(g.pow(g.relu(moonCos), 200), 0.05)
  const moon = g.mul(g.add(g.mul(moonDisc, 2.2), moonGlow), g.mul(atm.night, g.fma(cover, -0.8, 1)))
  sky = g.add(sky, g.mul(g.constant([0.9, 0.9, 0.82], [1, 3, 1, 1]), moon))
  // Drawn in a Loop of one trip, or none where the frame has no northern lights (the trip count is
  // the frame's): every other world pays nothing for them.
  const shows = g.reshape(g.op('Cast', [g.greater(g.mul(atm.aurora, atm.night), 1e-3)], { to: 7 }), [])
  const zero = g.mul(rays.dy, 0)
  const [aurora] = g.loop(shows, [g.concat([zero, zero, zero], 1)], () => [auroraOf(g, atm, rays, clear)])
  sky = g.add(sky, aurora!)
  if (!sunDisc) return { haze, sky, mu }
  const disc = g.mul(g.smoothstep(mu, 0.99955, 0.9998), g.mul(clear, 14))
  return { haze, sky: g.add(sky, g.mul(atm.sunColor, disc)), mu }
}

/**
 * Northern lights: ribbons of green light across the sky ahead, each a curtain whose lower edge is
 * sharp and bright and whose top fades upwards into violet, wavering along its length and
 * streaked by rays that run up it; only at night and where the sky is clear. The ribbons lie on a
 * plane high above (the ray's horizontal direction over its height, as the clouds), so they arc
 * towards the horizon in perspective and are mirrored by still water as sky.
 */
function auroraOf(g: GraphBuilder, atm: Atmosphere, rays: Rays, clear: Value): Value {
  const info = latticeTexture(0xa7e0, 1, 64, 1)
  const tex = g.constant(info.data, [1, 1, info.size, info.size])
  const h = g.relu(rays.dy)
  const plane = g.div(rays.xzDir, g.add(h, 0.25))
  const [px, pz] = g.split(plane, 1, [1, 1]) as [Value, Value]
  // Along a ribbon (roughly across the view) and across it (towards the horizon ahead: -z).
  const along = g.fma(px, 0.92, g.mul(pz, 0.38))
  const across = g.fma(pz, -0.92, g.mul(px, 0.38))
  const noise1 = (x: Value, y: number): Value =>
    sampleWrappedNchw(g, tex, info, g.concat([x, g.add(g.mul(x, 0), y)], 1))
  const ribbon = (at: number, y: number, gain: number): { low: Value; high: Value } => {
    const d = g.sub(g.sub(across, at), g.mul(noise1(g.mul(along, 0.3), y), 0.9))
    // Sharp towards the horizon (d > 0), a long glow upwards (d < 0).
    const below = g.relu(d)
    const above = g.relu(g.mul(d, -1))
    const lowSide = g.exp(g.mul(g.mul(below, below), -40))
    const profile = g.mul(g.mul(lowSide, g.exp(g.mul(above, -2.2))), gain)
    return { low: g.mul(profile, g.exp(g.mul(above, -4))), high: profile }
  }
  const a = ribbon(2.2, 0.13, 1)
  const b = ribbon(1.4, 0.61, 0.55)
  // Rays: fine streaks across the ribbon's length, constant up the curtain.
  const streak = noise1(g.mul(along, 7), 0.87)
  const rayed = g.fma(g.sat(g.fma(streak, 2.5, 0.5)), 0.75, 0.25)
  const strength = g.mul(g.mul(atm.aurora, g.mul(atm.night, clear)), g.mul(rayed, g.ramp(h, 0.02, 0.1)))
  const low = g.mul(g.add(a.low, b.low), strength)
  const high = g.mul(g.add(a.high, b.high), strength)
  const green = g.mul(g.constant([0.04, 0.7, 0.26], [1, 3, 1, 1]), low)
  const violet = g.mul(g.constant([0.12, 0.02, 0.14], [1, 3, 1, 1]), g.relu(g.sub(high, low)))
  return g.add(green, violet)
}
