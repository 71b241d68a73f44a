/**
 * Tiles of a tiled frame model (manifest `tiles.span`): the model prepares the world per tile,
 * centred on the tile's origin, and each frame is rendered with the tile its camera stands in.
 * Every camera is then within half a span (per axis) of the centre of the fields it reads, however
 * far it has walked from the start.
 */

/** The origin (x, z metres) of the tile holding the point (x, z): the nearest multiple of `span`. */
export function tileOrigin(x: number, z: number, span: number): [number, number] {
  // `+ 0` turns -0 into 0, so the tile's key and its tensor are the same on both sides of zero.
  return [Math.round(x / span) * span + 0, Math.round(z / span) * span + 0]
}
