/**
 * Water in the render stage: the plane y = 0 seen from above, with ripples (streaked along the
 * flow in a river), fresnel between the refracted bottom and a reflection, foam where it meets
 * the shore, and ice when the prompt froze it. What it mirrors is marched in the world
 * (render-reflection.ts) and blended over the sky in the mirrored direction.
 */
import type { GraphBuilder, Value } from './graph'
import type { Camera, Rays } from './render-camera'
import type { Atmosphere } from './render-sky'
import { noiseAt, type Detail } from './render-detail'

export interface WaterInputs {
  cam: Camera
  rays: Rays
  atm: Atmosphere
  detail: Detail
  /** Distance to the plane, [1,1,H,W]. */
  tWater: Value
  /** Ground height under the water point (m, negative under water), and its river share. */
  groundAtWater: Value
  river: Value
  /** Shaded colour of what lies under the surface (the bottom), [1,3,H,W]. */
  bottom: Value
  /** Distance from the surface to the bottom along the ray. */
  path: Value
  /** Sky in the mirrored direction (no sun disc). */
  skyMirror: Value
  /** What the water mirrors (render-reflection.ts), fogged, and how much of the sky it covers. */
  mirrored: Value
  mirrorCover: Value
}

/**
 * How much the surface ripples, 0-1: a river or deep water fully, a still lake (at most 6 m deep)
 * a third as much, ice and a swamp's still water hardly at all.
 */
export function rippleOf(g: GraphBuilder, atm: Atmosphere, river: Value, groundAtWater: Value): Value {
  // At full strength a lake's ripples tilted the mirror by up to ~6 degrees, and the far shore's
  // grass came up in blotches all over a lake in the morning sun instead of mirrored along its edge.
  const depth = g.relu(g.mul(groundAtWater, -1))
  return g.mul(g.lerp(0.3, 1, g.max(river, g.ramp(depth, 7, 15))), calmOf(g, atm))
}

function calmOf(g: GraphBuilder, atm: Atmosphere): Value {
  return g.fma(g.max(atm.frozen, atm.still), -0.85, 1)
}

/**
 * Half-angle (radians) over which ripples spread the mirror image up and down: ~2 degrees on a
 * river (whose flow streaks it too), under 0.5 on a calm lake. Photographs of rippled water draw
 * reflections down the water in soft vertical streaks.
 */
export function mirrorSpread(g: GraphBuilder, atm: Atmosphere, river: Value, groundAtWater: Value): Value {
  const streaked = g.fma(
    rippleOf(g, atm, river, groundAtWater),
    0.016,
    g.mul(river, g.mul(calmOf(g, atm), 0.022)),
  )
  return g.add(streaked, 0.004)
}

export function shadeWater(g: GraphBuilder, w: WaterInputs): Value {
  const { cam, rays, atm, detail } = w
  const xz = g.add(g.mul(w.tWater, rays.xzDir), cam.originXz)
  const footprint = g.max(g.mul(w.tWater, cam.pixelAngle), 1e-3)
  const fade = (lambda: number): Value => g.sat(g.fma(g.div(g.s(lambda / 3), footprint), 1, -0.5))
  const big = noiseAt(g, detail, xz, 1.7, 0.3, 0.11)
  const small = noiseAt(g, detail, xz, 0.45, 1.9, 0.47)
  const [x, z] = g.split(xz, 1, [1, 1]) as [Value, Value]
  // Rivers flow roughly along x: streaks 6 m long, 0.6 m wide.
  const flow = noiseAt(g, detail, g.concat([g.mul(x, 0.1), z], 1), 0.6, 0, 0.83)
  const calm = calmOf(g, atm)
  const depth = g.relu(g.mul(w.groundAtWater, -1))
  const ripple = rippleOf(g, atm, w.river, w.groundAtWater)
  const f2 = fade(0.45)
  const slopeOf = (k: 1 | 2): Value =>
    g.add(
      g.mul(g.add(g.mul(big[k]!, 0.07), g.mul(small[k]!, g.mul(f2, 0.04))), ripple),
      g.mul(flow[k]!, g.mul(w.river, g.mul(calm, 0.1))),
    )
  const nx = slopeOf(1)
  const nz = slopeOf(2)
  const inv = g.op('Reciprocal', [g.sqrt(g.add(g.add(g.mul(nx, nx), g.mul(nz, nz)), 1))])
  const [ny, nxn, nzn] = [inv, g.mul(nx, inv), g.mul(nz, inv)]
  const dn = g.add(g.add(g.mul(rays.dx, nxn), g.mul(rays.dy, ny)), g.mul(rays.dz, nzn))
  const rdx = g.sub(rays.dx, g.mul(g.mul(dn, 2), nxn))
  const rdy = g.relu(g.sub(rays.dy, g.mul(g.mul(dn, 2), ny)))
  const rdz = g.sub(rays.dz, g.mul(g.mul(dn, 2), nzn))

  const reflection = g.lerp(w.skyMirror, w.mirrored, w.mirrorCover)

  const cosV = g.clip(g.mul(dn, -1), 0, 1)
  const fresnel = g.fma(g.pow(g.sub(1, cosV), 5), 0.96, 0.04)
  const turbid = g.constant([0.07, 0.085, 0.05], [1, 3, 1, 1])
  const tint = g.lerp(atm.water, turbid, g.mul(w.river, 0.5))
  const body = g.mul(tint, g.add(g.mul(atm.ambient, 1.3), g.mul(atm.light, 0.12)))
  const transmit = g.exp(g.mul(w.path, -0.45))
  const under = g.lerp(body, w.bottom, g.mul(transmit, 0.85))
  const mu = g.add(g.add(g.mul(rdx, atm.lx), g.mul(rdy, atm.ly)), g.mul(rdz, atm.lz))
  const glint = g.mul(atm.light, g.mul(g.pow(g.relu(mu), 600), 25))
  let color = g.add(g.lerp(under, reflection, fresnel), g.mul(glint, calm))

  // Foam: along the shore, and in streaks where a river runs.
  // A sea's surf breaks white along the shore, over water up to 25 cm deep; a lake or a river only
  // laps at it, a line where it is a few centimetres deep: a lake's white band read as snow or ice
  // round it, and, fainter, as a pale strip between the near bank and the mirror of the far one.
  const shoreFoam = g.mul(
    g.mul(g.sat(g.fma(depth, g.fma(atm.surf, 12, -16), 1)), g.sat(g.fma(small[3]!, 0.8, 0.55))),
    g.fma(atm.surf, 0.8, 0.2),
  )
  // A streak 0.6 m across, seen at a grazing angle, spans less than a pixel's footprint along the
  // view: past ~10 m the streaks of a channel's middle drew one straight white line across it
  // (at 15.7 m in the headset picture's lake), so they fade as that footprint outgrows them.
  const along = g.div(footprint, g.max(g.abs(rays.dy), 0.01))
  const resolved = g.sat(g.fma(g.div(g.s(0.6 / 3), along), 1, -0.5))
  const streaks = g.mul(g.sat(g.mul(g.sub(flow[3]!, 0.45), 3)), g.mul(w.river, g.mul(resolved, 0.55)))
  const foam = g.mul(g.max(shoreFoam, streaks), calm)
  const lightOn = g.add(g.mul(atm.light, g.relu(atm.ly)), g.mul(atm.ambient, 1.1))
  color = g.lerp(color, g.mul(g.constant([0.8, 0.84, 0.86], [1, 3, 1, 1]), lightOn), foam)

  // Ice: grey-blue and flat, with thin white cracks and snow blown across it in streaks, and only
  // a faint mirror. Cracks were the contours of a 1.7 m noise, bands a tenth of it wide that
  // shaded dark, and the snow lay in round blotches over half the lake: seen across it, the lake
  // read as rumpled snow, with relief it does not have.
  const crack = g.mul(g.sat(g.fma(g.abs(big[0]!), -22, 1)), fade(0.3))
  const drifts = noiseAt(g, detail, g.concat([g.mul(x, 0.2), z], 1), 1.2, 0.5, 0.29)
  const dust = g.sat(g.mul(g.add(g.fma(drifts[3]!, 0.9, g.mul(small[0]!, 0.3)), -0.25), 4))
  const clear = g.mul(g.constant([0.42, 0.52, 0.6], [1, 3, 1, 1]), g.fma(small[3]!, 0.04, 1))
  const iceAlbedo = g.lerp(
    g.lerp(clear, g.constant([0.75, 0.8, 0.85], [1, 3, 1, 1]), g.mul(crack, 0.7)),
    g.constant([0.82, 0.85, 0.9], [1, 3, 1, 1]),
    dust,
  )
  const iceLit = g.mul(
    iceAlbedo,
    g.add(g.mul(atm.light, g.fma(g.relu(atm.ly), 0.9, 0.05)), g.mul(atm.ambient, 1.1)),
  )
  const ice = g.add(iceLit, g.mul(reflection, g.fma(fresnel, 0.3, 0.04)))
  return g.lerp(color, ice, atm.frozen)
}
