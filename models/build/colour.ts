/**
 * Colours as graph constants: one RGB triple shaped [1, 3, 1, 1], the NCHW layout every colour in
 * the prepare and render stages has, so it broadcasts over a batch of pixels or texels.
 */
import type { GraphBuilder, Value } from './graph'

export function rgb(g: GraphBuilder, r: number, gr: number, b: number): Value {
  return g.constant([r, gr, b], [1, 3, 1, 1])
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
