/**
 * Colours as graph constants: one RGB triple shaped [1, 3, 1, 1], the NCHW layout every colour in
 * the prepare and render stages has, so it broadcasts over a batch of pixels or texels.
 */
import type { GraphBuilder, Value } from './graph'

export function rgb(g: GraphBuilder, r: number, gr: number, b: number): Value {
  return g.constant([r, gr, b], [1, 3, 1, 1])
}

/**
 * What the prompt's water colour says of its water, from its red, green and blue (each of any one
 * shape), for the prepare stage's terrain and the render stage's surface alike: `frozen` where it
 * is ice-pale (the lexicon's "frozen", "icy"), `murky` where it is greener than it is blue (a
 * swamp's: shallow, still, trees standing in it).
 */
export function waterCastOf(g: GraphBuilder, r: Value, gr: Value, b: Value): { frozen: Value; murky: Value } {
  const lum = g.fma(r, 0.3, g.fma(gr, 0.55, g.mul(b, 0.15)))
  return { frozen: g.ramp(lum, 0.32, 0.48), murky: g.ramp(g.sub(gr, b), 0.01, 0.03) }
}

/**
 * Green `c` [1,3,...] pulled towards its own luminance (`keep` 1 leaves it, 0 makes it grey); the
 * less green it is, the less: autumn's oranges and reds keep their colour.
 */
export function muteGreens(g: GraphBuilder, c: Value, keep: number): Value {
  const [r, gr] = g.split(c, 1, [1, 1, 1]) as [Value, Value, Value]
  const lum = g.op('Conv', [c, g.constant([0.3, 0.59, 0.11], [1, 3, 1, 1])])
  const green = g.sat(g.mul(g.div(g.sub(gr, r), g.max(gr, 1e-3)), 2))
  return g.lerp(c, g.lerp(lum, c, keep), green)
}
