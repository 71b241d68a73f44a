/**
 * What water mirrors, marched in the world: from the point where each ray meets the water, the
 * mirrored ray goes on through the same scene (ground and objects) as the camera's rays, and the
 * colour of what it meets (or passes closest to) is the reflection.
 *
 * Why not screen-space: a reflection read back from the frame itself depends on what the frame
 * shows. The app's frames of one place are tiles at several pitches and sizes; a tile looking
 * down at a river has the trees across it outside its frame and mirrored the sky there, the level
 * tile beside it mirrored the trees, and lifted together they drew the river as a patchwork of
 * bright and dark rectangles with the tiles' edges. Marched in the world, a point of water
 * mirrors the same thing in every frame from one place (and the panorama's water, which had no
 * reflection at all, mirrors its banks too).
 *
 * Ripples blur the mirror image: a ray that passes within `spread` radians of a surface counts
 * as partly covered by it (the soft shadows of sphere tracing: the smallest clearance over
 * distance along the ray), so a bank's reflection fades into the sky's over the ripples' angle.
 * Marched at quarter resolution (a mirror image blurred by ripples needs no more) and spread back
 * over the frame smoothly, 40 steps that grow with the distance (0.35 of it) and do not stop at
 * each object cell's edge where nothing near reaches the ray (the envelope): with 28 a forest
 * across a lake 300 m wide mirrored as patches of trees and sky.
 */
import type { GraphBuilder, Value } from './graph'
import type { Camera, Rays } from './render-camera'
import { gatherCells, scene, sceneStepper, T_START, type Fields, type MarchLevel } from './render-march'
import { skyLightOf, type Atmosphere } from './render-sky'
import { flatLitGround } from './render-far'
import { SURFACE, T_MAX } from './world-layout'

/** The mirrored rays' march: long relaxed steps (a blurred mirror needs no exact silhouettes). */
export const REFLECTION_SCALE = 4
const LEVEL: MarchLevel = { scale: REFLECTION_SCALE, steps: 40, relax: 0.35 }

export interface ReflectionInputs {
  fields: Fields
  /** `field_looks` and `field_surface`, as the camera's hits read them. */
  looks: Value
  surface: Value
  cam: Camera
  /** The rays of the resolution the reflection is marched at, and their distance to the water. */
  rays: Rays
  tWater: Value
  /** Half-angle (radians) over which the ripples spread the mirror image, per pixel. */
  spread: Value
  atm: Atmosphere
}

export interface Reflection {
  /** Linear colour of what the mirrored ray met, unfogged [1,3,h,w]. */
  color: Value
  /** 0 (the sky) ... 1 (a surface): how much of the ripples' spread of rays meets it. */
  cover: Value
  /** Distance (m) from the water to what it mirrors. */
  t: Value
}

export function reflectWorld(g: GraphBuilder, r: ReflectionInputs): Reflection {
  const { rays, atm } = r
  // The mirrored ray starts on the water (y = 0) where the camera's ray meets it, and climbs as
  // steeply as the camera's ray fell. A ray that meets no water starts from its far end instead:
  // its reflection is never shown.
  const tw = g.min(r.tWater, T_MAX)
  const cam: Camera = { ...r.cam, origin4: g.fma(tw, rays.dir4, r.cam.origin4), oy: g.s(0) }
  const up: Rays = { ...rays, dy: g.abs(rays.dy) }
  const step = sceneStepper(g, r.fields, cam, up, LEVEL, true)
  const width = g.max(r.spread, 1e-3)
  const t0 = g.fma(tw, 0, T_START)
  // Carried: t, the smallest clearance over (distance x spread) so far, and where it was.
  const [, least, tLeast] = g.loop(LEVEL.steps, [t0, g.fma(t0, 0, 1e3), t0], ({ carried: [t, m, tm] }) => {
    const { next, at } = step(t!)
    const ratio = g.div(at.c, g.mul(t!, width))
    const closer = g.less(ratio, m!)
    return [g.clip(next, T_START, T_MAX), g.min(ratio, m!), g.where(closer, t!, tm!)]
  })
  const cover = g.sub(1, g.sat(least!))

  // Flat shading of what it met: an object's crown (or trunk) colour, or the ground's baked
  // albedo, lit by the sun and the sky without the camera's per-pixel detail (a mirror image
  // blurred by ripples shows none).
  const at = scene(g, r.fields, cam, up, tLeast!)
  const [crown, trunk] = g.split(gatherCells(g, r.looks, at.cell), 1, [3, 3, 1]) as [Value, Value]
  const [albedo, shadow, , gradient] = g.split(
    g.slice(g.gridSample(r.surface, at.grid), [SURFACE.albedo], [SURFACE.gradient + 2], [1]),
    1,
    [3, 1, 1, 2],
  ) as [Value, Value, Value, Value]
  const [gx, gz] = g.split(gradient, 1, [1, 1]) as [Value, Value]
  const skyLight = skyLightOf(g, atm)
  const ground = flatLitGround(g, atm, skyLight, albedo, shadow, gx, gz)
  const objectLight = g.add(
    g.mul(atm.light, g.mul(g.relu(atm.ly), g.fma(shadow, 0.4, 0.2))),
    g.mul(skyLight, 0.8),
  )
  const object = g.mul(g.where(g.less(at.cTrunk, at.cObj), trunk, crown), objectLight)
  const onObject = g.less(g.min(at.cObj, at.cTrunk), at.yRel)
  return { color: g.where(onObject, object, ground), cover, t: tLeast! }
}
