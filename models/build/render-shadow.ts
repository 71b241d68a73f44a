/**
 * Objects' shadows on the ground. The baked `shadow` field holds the terrain's, in 4 m texels; a
 * tree, shrub, house or boulder cast none, and from a rise a meadow's lone trees hung over the
 * grass like balloons, the village's houses stood on unshaded lawns. A ground point lies in an
 * object's shadow where the ray from it towards the sun (or the moon) passes through the object:
 * the ray is looked at SHADOW_HEIGHTS above the point, one object lookup each in whichever cell
 * it is over there, so a low sun's shadows reach across the ground as far as it sets them. Thin
 * trunks cast none (THIN).
 * Soft: each sample's clearance over a penumbra that widens along the ray (the sun is half a
 * degree across, and the shadow of a crown of leaves is not a hard disc). The crowns' envelope
 * casts them, without its branches and clumps: 250 fewer nodes for shadows the penumbra blurs.
 */
import type { GraphBuilder, Value } from './graph'
import { toGrids, type Camera, type Rays } from './render-camera'
import { scene, type Fields } from './render-march'
import type { Atmosphere } from './render-sky'

/**
 * Metres above the ground point: a shrub or boulder (0.7), a conifer's low tiers and a house's
 * walls (2.2), crowns (4.5, 8). A sun ray's shadow of anything between two heights is lost, which
 * takes most of a trunk's thin line but no crown.
 */
const SHADOW_HEIGHTS = [0.7, 2.2, 4.5, 8]
/**
 * Trunks (and cacti's columns) thinner than this (m) cast none: looked at a few heights apart, a
 * thin trunk's shadow line fell as dashes apart from it, dark marks strewn round a cactus's foot.
 * A house's walls (its "trunk", 2 m and more in radius) cast theirs.
 */
const THIN = 0.45
/** The sun is taken at least this high (ly) so a setting sun's shadows end within the field. */
const LOWEST_SUN = 0.08

/** How much of the direct light reaches the ground point at distance `t` along `rays`: 0 ... 1. */
export function objectShadow(
  g: GraphBuilder,
  fields: Fields,
  cam: Camera,
  rays: Rays,
  t: Value,
  atm: Atmosphere,
): Value {
  const ly = g.max(atm.ly, LOWEST_SUN)
  const xz = g.reshape(g.concat([atm.lx, atm.lz], 0), [1, 2, 1, 1])
  const sun: Rays = { dx: atm.lx, dy: ly, dz: atm.lz, xzDir: xz, dir4: toGrids(g, xz), depthScale: g.s(1) }
  const from: Camera = { ...cam, origin4: g.fma(t, rays.dir4, cam.origin4), oy: g.fma(t, rays.dy, cam.oy) }
  let light: Value | null = null
  for (const h of SHADOW_HEIGHTS) {
    const along = g.div(g.s(h), ly)
    const at = scene(g, fields, from, sun, along, 0, false)
    const penumbra = g.fma(along, 0.02, 0.1)
    const open = g.sat(g.div(g.min(at.cObj, g.add(at.cTrunk, THIN)), penumbra))
    light = light ? g.min(light, open) : open
  }
  return light!
}
