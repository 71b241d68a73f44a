/**
 * Colours as graph constants: one RGB triple shaped [1, 3, 1, 1], the NCHW layout every colour in
 * the prepare and render stages has, so it broadcasts over a batch of pixels or texels.
 */
import type { GraphBuilder, Value } from './graph'

export function rgb(g: GraphBuilder, r: number, gr: number, b: number): Value {
  return g.constant([r, gr, b], [1, 3, 1, 1])
}
