/**
 * What makes a plant read as one up close, evaluated where the ray hits it: leaf clusters on its
 * crown with their lit and shaded sides, and the marks on a birch's bark.
 */
import type { GraphBuilder, Value } from './graph'
import { fadeOf, noiseOne, type Detail } from './render-detail'

/**
 * Leaves: a crown's surface broken into sprays (~30 cm) of leaf clusters (~11 and ~4.5 cm), summed and
 * clipped hard as grainOf does for grass, so a crown a few metres off shows lit clusters over dark
 * gaps into its interior where one smooth lobe read as plastic. Each octave is projected three
 * ways (onto the planes across x, z and y, weighted by the normal, variance kept): one projection
 * smeared the noise into streaks wherever the crown's side turned from it.
 */
export interface Leaves {
  /** Clusters over gaps, in [-1, 1]. */
  grain: Value
  /** Each cluster's side towards the light (+) or away from it (-), in [-1, 1]. */
  lit: Value
}

export function leafGrainOf(
  g: GraphBuilder,
  detail: Detail,
  p: [Value, Value, Value],
  n: [Value, Value, Value],
  light: [Value, Value, Value],
  footprint: Value,
): Leaves {
  const [x, y, z] = p
  // The light may be one value for the frame: give it the pixels' shape to concat it.
  const zero = g.mul(x, 0)
  const [lx, ly, lz] = light.map((c) => g.add(zero, c)) as [Value, Value, Value]
  const w = n.map((c) => g.mul(c, c)) as [Value, Value, Value]
  const norm = g.op('Reciprocal', [
    g.sqrt(g.max(g.add(g.add(g.mul(w[0], w[0]), g.mul(w[1], w[1])), g.mul(w[2], w[2])), 1e-6)),
  ])
  // Each plane's coordinates, and the light's direction within it.
  const planes: [Value, Value, Value][] = [
    [g.concat([z, y], 1), g.concat([lz, ly], 1), w[0]],
    [g.concat([x, z], 1), g.concat([lx, lz], 1), w[1]],
    [g.concat([x, y], 1), g.concat([lx, ly], 1), w[2]],
  ]
  const octave = (lambda: number, angle: number, shift: number, channel: number, emboss: boolean) => {
    let sum: Value | null = null
    let lit: Value | null = null
    planes.forEach(([coords, towards, weight], k) => {
      const at = (c: Value): Value =>
        noiseOne(g, detail, c, lambda, angle + 1.1 * k, shift + 0.29 * k, channel)
      const v0 = at(coords)
      const v = g.mul(v0, weight)
      sum = sum ? g.add(sum, v) : v
      if (emboss) {
        // The noise as a height: it falls towards the light on a cluster's lit side.
        const e = g.mul(g.sub(v0, at(g.add(coords, g.mul(towards, lambda * 0.3)))), weight)
        lit = lit ? g.add(lit, e) : e
      }
    })
    const fade = g.mul(norm, fadeOf(g, footprint, lambda * 1.5))
    return { grain: g.mul(sum!, fade), lit: lit ? g.mul(lit, fade) : null }
  }
  const a = octave(0.3, 0.7, 0.11, 3, true)
  const b = octave(0.11, 1.9, 0.53, 0, true)
  const c = octave(0.045, -0.8, 0.77, 1, false)
  const sum = g.add(g.add(g.mul(a.grain, 0.6), g.mul(b.grain, 0.5)), g.mul(c.grain, 0.4))
  return {
    grain: g.clip(g.mul(sum, 4), -1, 1),
    lit: g.clip(g.mul(g.add(a.lit!, g.mul(b.lit!, 0.7)), 5), -1, 1),
  }
}

/**
 * Birch bark: white, with dark horizontal lenticels (~2.5 cm tall, ~9 cm wide) and sparse black
 * patches, weighed by how pale the bark is so only birches take them, and dark and fissured at the
 * foot: a silver birch's first metre or so is black, and a white trunk straight out of the grass
 * read as a pole. Returns a factor for the bark colour.
 */
export function birchMarksOf(
  g: GraphBuilder,
  detail: Detail,
  py: Value,
  /** Height over the ground (m). */
  yRel: Value,
  wx: Value,
  wz: Value,
  footprint: Value,
  barkRgb: Value,
): Value {
  const pale = g.sat(g.mul(g.sub(g.mul(g.reduceSum(barkRgb, [1]), 1 / 3), 0.3), 5))
  const around = g.fma(wx, 0.7, g.mul(wz, 0.7))
  const dashes = noiseOne(
    g,
    detail,
    g.concat([g.mul(around, 1 / 0.09), g.mul(py, 1 / 0.025)], 1),
    1,
    0,
    0.41,
    2,
  )
  const patches = noiseOne(
    g,
    detail,
    g.concat([g.mul(around, 1 / 0.25), g.mul(py, 1 / 0.2)], 1),
    1,
    0,
    0.63,
    3,
  )
  const dash = g.mul(g.sat(g.mul(g.sub(dashes, 0.3), 8)), fadeOf(g, footprint, 0.05))
  const patch = g.mul(g.sat(g.mul(g.sub(patches, 0.36), 6)), fadeOf(g, footprint, 0.2))
  // The foot's dark bark reaches 0.6-1.6 m up, ragged along its top edge (the patches' noise).
  const foot = g.ramp(g.fma(patches, 0.8, yRel), 1.4, 0.6)
  return g.sub(1, g.mul(pale, g.min(g.add(g.fma(dash, 0.8, g.mul(patch, 0.9)), foot), 0.85)))
}

/**
 * A cactus's ribs: 14 round its stem or barrel, their grooves in shade. `rx`, `rz` are the unit
 * direction from the object's axis to the hit, `cactus` 1 where the object is one. Returns a
 * factor for its colour.
 */
export function cactusRibsOf(g: GraphBuilder, rx: Value, rz: Value, footprint: Value, cactus: Value): Value {
  // atan(z / x) repeats every half turn, and cos(14 a) with it: 14 ribs whatever the sign of x
  // (at x = 0 both sides reach cos(+-7 pi) = -1, so the pattern is continuous there).
  const safeX = g.where(g.less(g.abs(rx), 1e-3), g.s(1e-3), rx)
  const angle = g.op('Atan', [g.div(rz, safeX)])
  const rib = g.fma(g.op('Cos', [g.mul(angle, 14)]), 0.5, 0.5)
  // Ribs ~13 cm apart on a 0.3 m stem: gone where a pixel is wider.
  const depth = g.mul(g.mul(cactus, fadeOf(g, footprint, 0.13)), 0.45)
  return g.fma(g.sub(rib, 1), depth, 1)
}
