/**
 * The landforms the start's composition (prepare-terrain compose) places for a prompt that names
 * them: sea cliffs round a cove, a canyon or fjord running away from the start, a volcano's cone
 * ahead. Each is a height shape in world metres around the start, built no steeper than the
 * render stage's march holds (slopes under ~1.5 for long, ~2 for a few metres).
 */
import type { GraphBuilder, Value } from './graph'
import type { Noise } from './prepare-style'

/**
 * Sea cliffs around the start: where their land is (1 on top, 0 off it) and its height in metres. The start's
 * beach is a cove walled by cliffs 25-45 m high, one headland running ~150 m out to sea on the
 * right of the first view and a shorter one on the left, so the first view looks out between
 * cliff faces that drop into the water. The start keeps its 1 m beach: the viewer stands at the
 * foot of the cliffs (a spawn on top would need a start height the app does not know).
 */
export function seaCliffs(g: GraphBuilder, x: Value, seaward: Value, n: Noise): { land: Value; top: Value } {
  // The cove: an oval 55 m either side and back from the coastline (metres from the sea's
  // edge); outside it, metres across the view (its back wall rises over ~10 m instead of 18).
  const cu = g.mul(x, 1 / COVE_HALF_WIDTH)
  const cv = g.mul(seaward, 1 / COVE_DEPTH)
  const outsideCove = g.mul(g.sub(g.sqrt(g.add(g.mul(cu, cu), g.mul(cv, cv))), 1), COVE_HALF_WIDTH)
  // How far out to sea the cliff land reaches at each x: the headlands.
  const right = g.mul(g.smoothstep(x, 30, 70), g.sub(1, g.smoothstep(x, 170, 260)))
  const left = g.mul(g.smoothstep(g.mul(x, -1), 45, 90), g.sub(1, g.smoothstep(g.mul(x, -1), 130, 210)))
  const reach = g.max(g.mul(right, 150), g.mul(left, 70))
  // Faces that are not ruler-straight: bays of the low band, buttresses of the fine one.
  const edge = g.add(g.min(outsideCove, g.sub(reach, seaward)), g.fma(n.hi[1]!, 6, g.mul(n.fine, 4)))
  // A rolling top, rising gently inland.
  const top = g.add(
    g.fma(n.lo[2]!, 8, 34),
    g.add(g.mul(n.hi[0]!, 3), g.mul(g.relu(g.mul(seaward, -1)), 0.04)),
  )
  return { land: g.sat(g.mul(edge, 1 / CLIFF_FACE)), top }
}

/** The cove's half-width across the view and its depth behind the coastline, metres. */
const COVE_HALF_WIDTH = 55
const COVE_DEPTH = 55
/**
 * Metres from a cliff's foot to its top edge: ~62 degree faces, as steep as the render stage's
 * march holds (it steps a fraction of the height clearance, sized for slopes under ~1.5). At
 * 6 m (~80 degrees) rays passed through the faces and showed the sky in them.
 */
const CLIFF_FACE = 18

/**
 * The canyon's axis: it passes 8 m right of the start and meanders (~22 and ~5 m, every ~1 km
 * and ~360 m), so the walls close the view down it a few hundred metres out. x at each z, and
 * dx/dz.
 */
export function canyonAxisOf(g: GraphBuilder, z: Value, fjord: Value): { x: Value; slope: Value } {
  // Both meanders turn at the start (their cosines are 0 there), so the canyon runs straight
  // ahead for the first ~100 m and its walls meet at the far end of the view.
  const p1 = g.fma(z, 1 / 160, Math.PI / 2)
  const p2 = g.fma(z, 1 / 57, Math.PI / 2)
  // A fjord's axis is its half-width right, less a shore: the start is on its left shore.
  const offset = g.fma(fjord, FJORD_HALF - FJORD_SHORE - 8, CANYON_AXIS_OFFSET)
  const x = g.add(g.fma(g.op('Sin', [p1]), 22, offset), g.mul(g.op('Sin', [p2]), 5))
  const slope = g.add(g.mul(g.op('Cos', [p1]), 22 / 160), g.mul(g.op('Cos', [p2]), 5 / 57))
  return { x, slope }
}

/**
 * Canyon walls, metres: a level floor 32-70 m wide, then walls 50-95 m high that climb in ledges
 * 12 m apart, each riser ~1.9 times the wall's mean 35 degrees (as steep as the render stage's
 * march holds: it steps a fraction of the height clearance), to a plateau. A fjord's (`fjord` 1)
 * are 200-260 m high and smooth, at ~48 degrees, round water ~130 m wide and 15 m deep whose left
 * shore the start stands on. `floor` is the canyon's floor level (its ledged walls rise from 1 m)
 * or the fjord's bed (its walls rise from it: from its beach on the left, from the deep water on
 * the right).
 */
export function canyonWalls(
  g: GraphBuilder,
  x: Value,
  axis: Value,
  n: Noise,
  fjord: Value,
): { rise: Value; floor: Value } {
  const half = g.lerp(
    g.max(g.fma(n.lo[1]!, 8, g.fma(n.hi[1]!, 5, 26)), 16),
    g.fma(n.hi[1]!, 4, FJORD_HALF),
    fjord,
  )
  const across = g.sub(x, axis)
  const out = g.sub(g.abs(across), half)
  // Clipped: a seed whose low band ran ~3 deviations low there left "a red rock canyon" 10 m walls.
  const height = g.lerp(g.clip(g.fma(n.lo[2]!, 20, 70), 50, 95), g.fma(n.lo[2]!, 30, 230), fjord)
  const rise = g.mul(height, g.sat(g.div(g.mul(out, g.fma(fjord, 0.4, 0.7)), height)))
  const steps = g.mul(rise, 1 / CANYON_LEDGE)
  const whole = g.floor(steps)
  const stepped = g.mul(g.add(whole, g.smoothstep(g.sub(steps, whole), 0.2, 1)), CANYON_LEDGE)
  const rough = g.mul(g.sat(g.mul(out, 0.1)), g.mul(n.hi[0]!, 2))
  // The fjord's bed: a beach FJORD_SHORE m wide along the left wall, shelving to 15 m deep.
  const fromLeft = g.add(across, half)
  const bed = g.fma(g.smoothstep(fromLeft, FJORD_SHORE, FJORD_SHORE + 22), -16, 1)
  return { rise: g.add(g.lerp(stepped, rise, fjord), rough), floor: g.lerp(g.s(1), bed, fjord) }
}

/** Where the canyon's axis crosses z = 0, less its meanders' value there (so it is 8 m right). */
const CANYON_AXIS_OFFSET = 8 - 22 - 5
/** Metres the river's centre runs right of the canyon's axis: the start is on its left bank. */
export const CANYON_RIVER_OFFSET = 8
/** A fjord's half-width at the water, and the width of the beach the start stands on, metres. */
const FJORD_HALF = 70
const FJORD_SHORE = 10
/** Height of a canyon wall's ledges, metres. */
const CANYON_LEDGE = 12
/**
 * Metres down and up the canyon from the start where its walls end (the far field's 128 m grid
 * cannot hold them).
 */
export const CANYON_REACH = 1000

/**
 * A volcano's cone, ~750 m ahead and a little left of the first view: 440 m high over a base
 * ~1.3 km across, its flanks concave (steepest near the top, ~0.9, as the march holds), a crater
 * ~140 m across and ~60 m deep at its summit, lava on the crater's floor and in one flow down the
 * flank that faces the start. The ring of peaks a mountainous prompt gets gives way
 * to it over its `footprint` (1 on the cone, 0 off it): among them it was one more ridge.
 */
export function volcanoCone(
  g: GraphBuilder,
  x: Value,
  z: Value,
  n: Noise,
): { height: Value; footprint: Value; lava: Value } {
  const vx = g.add(x, VOLCANO_AT[0])
  const vz = g.add(z, VOLCANO_AT[1])
  // Flanks that are not a lathe's: gullies of the fine band, a low-band lean.
  const r = g.add(g.sqrt(g.add(g.mul(vx, vx), g.mul(vz, vz))), g.fma(n.fine, 12, g.mul(n.lo[1]!, 40)))
  const u = g.relu(g.sub(1, g.mul(r, 1 / VOLCANO_RADIUS)))
  const crater = g.mul(g.mul(g.relu(g.sub(1, g.mul(r, 1 / 70))), g.relu(g.sub(1, g.mul(r, 1 / 70)))), 60)
  const height = g.add(g.sub(g.mul(g.pow(u, 1.6), VOLCANO_HEIGHT), crater), 1)
  // Lava: the crater's floor, and one flow from its rim down the flank towards the viewer, a few
  // metres wide and wandering with the fine band, fading out ~300 m down.
  const craterLava = g.sat(g.mul(g.sub(60, r), 1 / 15))
  const norm = Math.hypot(VOLCANO_AT[0], VOLCANO_AT[1])
  const [dx, dz] = [VOLCANO_AT[0] / norm, VOLCANO_AT[1] / norm]
  const along = g.fma(vx, dx, g.mul(vz, dz))
  const meander = g.fma(g.op('Sin', [g.mul(along, 1 / 55)]), 14, g.mul(n.fine, 5))
  const off = g.sub(g.sub(g.mul(vx, dz), g.mul(vz, dx)), meander)
  const flow = g.mul(
    g.exp(g.mul(g.mul(off, off), -1 / (5 * 5))),
    g.mul(g.smoothstep(along, 50, 70), g.sub(1, g.smoothstep(along, 220, 360))),
  )
  return { height, footprint: g.smoothstep(u, 0, 0.3), lava: g.max(craterLava, flow) }
}

/** Where the volcano's summit is, as offsets added to x and z (it stands at x = -60, z = -750). */
const VOLCANO_AT: readonly [number, number] = [60, 750]
/** The cone's base radius, metres. */
const VOLCANO_RADIUS = 680
/** Its summit over the start, metres: ~30 degrees up from the start, under a 70-degree view's top. */
const VOLCANO_HEIGHT = 440
