/** What lifting does with a pixel, given its depth neighbourhood. */
export const EDGE_KEEP = 0
/** The near side of a depth edge: kept, but shrunk, since its colour mixes both sides. */
export const EDGE_SHRINK = 1
/** The far side of a depth edge, or a "flying" pixel between both sides: no splat. */
export const EDGE_DROP = 2

export interface DepthEdgeOptions {
  /**
   * A neighbour whose depth differs by more than this ratio (0.1 = 10 %) makes the pixel a
   * candidate edge. @default 0.1
   */
  ratio: number
  /**
   * A candidate is forgiven when inverse depth is locally linear along that axis (second
   * difference within this fraction of its value). @default 0.05
   * Inverse depth is affine across the image of any plane, so ground seen at a grazing angle,
   * whose neighbour ratios are large near the horizon, is not mistaken for an edge.
   */
  planarity: number
}

function inv(d: number): number {
  return d > 0 ? 1 / d : 0
}

/**
 * Classifies the pixel at index i (column x, row y) of a w x h depth image, comparing it with
 * neighbours `step` pixels away (the lifting stride, so subsampled lifting sees the same edges
 * its larger splats would span). Sky neighbours (depth <= 0) count as infinitely far.
 */
export function classifyDepthEdge(
  depth: Float32Array,
  w: number,
  h: number,
  x: number,
  y: number,
  step: number,
  o: DepthEdgeOptions,
): number {
  const i = y * w + x
  const d = depth[i]
  const hi = 1 + o.ratio
  let nearest = d
  let edge = false
  for (let axis = 0; axis < 2; axis++) {
    const has0 = axis === 0 ? x - step >= 0 : y - step >= 0
    const has1 = axis === 0 ? x + step < w : y + step < h
    const off = axis === 0 ? step : step * w
    const a = has0 ? depth[i - off] : d
    const c = has1 ? depth[i + off] : d
    const jumpA = !(a > 0) || a > d * hi || d > a * hi
    const jumpC = !(c > 0) || c > d * hi || d > c * hi
    if (a > 0 && a < nearest) nearest = a
    if (c > 0 && c < nearest) nearest = c
    if (!jumpA && !jumpC) continue
    const ib = 1 / d
    const smooth = has0 && has1 && a > 0 && c > 0 && Math.abs(inv(a) - 2 * ib + inv(c)) <= o.planarity * ib
    if (!smooth) edge = true
  }
  if (!edge) return EDGE_KEEP
  return d <= nearest * hi ? EDGE_SHRINK : EDGE_DROP
}
