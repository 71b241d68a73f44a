/**
 * A walkable collider for engines, derived from depth: the splat centres are the lifted depth
 * samples, so the lowest centre in each ground cell is the surface there. The grid's resolution is
 * the decimation: one vertex per cell, at most `maxCells` cells along the longer side, however
 * many splats there are.
 */
import type { SplatBatch } from '../lift/splat-batch'

export interface ColliderMesh {
  /** Vertex positions (x, y, z), three.js axes. */
  positions: Float32Array
  /** Unit vertex normals, facing +Y-ish. */
  normals: Float32Array
  /** Triangle list, counter-clockwise seen from above. */
  indices: Uint32Array
  /** Edge of a grid cell, metres. */
  cellSize: number
}

export interface ColliderOptions {
  /**
   * Cells along the longer side of the explored area. @default 64
   * A few metres per cell over a typical start area: enough to walk on, small next to the splats.
   */
  maxCells?: number
  /** Smallest cell edge, metres. @default 0.5 (below a footstep nothing matters for walking) */
  minCellSize?: number
  /**
   * Passes that fill an empty cell from its neighbours. @default 2
   * Closes the gaps behind rocks and under canopy without inventing ground far from any sample.
   */
  fillPasses?: number
}

export function heightFieldCollider(b: SplatBatch, options: ColliderOptions = {}): ColliderMesh {
  const empty: ColliderMesh = {
    positions: new Float32Array(0),
    normals: new Float32Array(0),
    indices: new Uint32Array(0),
    cellSize: 0,
  }
  if (b.count === 0) return empty
  let x0 = Infinity, x1 = -Infinity, z0 = Infinity, z1 = -Infinity // prettier-ignore
  for (let i = 0; i < b.count; i++) {
    const x = b.centers[3 * i]!
    const z = b.centers[3 * i + 2]!
    if (x < x0) x0 = x
    if (x > x1) x1 = x
    if (z < z0) z0 = z
    if (z > z1) z1 = z
  }
  const cell = Math.max(options.minCellSize ?? 0.5, Math.max(x1 - x0, z1 - z0) / (options.maxCells ?? 64))
  const nx = Math.floor((x1 - x0) / cell) + 1
  const nz = Math.floor((z1 - z0) / cell) + 1
  const h = new Float64Array(nx * nz).fill(Infinity)
  for (let i = 0; i < b.count; i++) {
    const cx = Math.min(nx - 1, Math.floor((b.centers[3 * i]! - x0) / cell))
    const cz = Math.min(nz - 1, Math.floor((b.centers[3 * i + 2]! - z0) / cell))
    const k = cz * nx + cx
    h[k] = Math.min(h[k]!, b.centers[3 * i + 1]!)
  }
  fillHoles(h, nx, nz, options.fillPasses ?? 2)
  return buildMesh(h, nx, nz, x0, z0, cell) ?? empty
}

/** Each pass sets an empty cell to the mean of its known 8-neighbours when it has at least 3. */
function fillHoles(h: Float64Array, nx: number, nz: number, passes: number): void {
  for (let p = 0; p < passes; p++) {
    const next = h.slice()
    for (let z = 0; z < nz; z++)
      for (let x = 0; x < nx; x++) {
        if (h[z * nx + x] !== Infinity) continue
        let sum = 0
        let n = 0
        for (let dz = -1; dz <= 1; dz++)
          for (let dx = -1; dx <= 1; dx++) {
            const xx = x + dx
            const zz = z + dz
            if (xx < 0 || zz < 0 || xx >= nx || zz >= nz) continue
            const v = h[zz * nx + xx]!
            if (v === Infinity) continue
            sum += v
            n++
          }
        if (n >= 3) next[z * nx + x] = sum / n
      }
    h.set(next)
  }
}

function buildMesh(h: Float64Array, nx: number, nz: number, x0: number, z0: number, cell: number) {
  const known = (x: number, z: number): boolean =>
    x >= 0 && z >= 0 && x < nx && z < nz && h[z * nx + x] !== Infinity
  const vertexOf = new Int32Array(nx * nz).fill(-1)
  const tris: number[] = []
  const positions: number[] = []
  const normals: number[] = []
  const vertex = (x: number, z: number): number => {
    const k = z * nx + x
    if (vertexOf[k]! >= 0) return vertexOf[k]!
    vertexOf[k] = positions.length / 3
    positions.push(x0 + (x + 0.5) * cell, h[k]!, z0 + (z + 0.5) * cell)
    // Central differences where both neighbours exist, one-sided otherwise.
    const slope = (ax: number, az: number, bx: number, bz: number, steps: number): number =>
      (h[bz * nx + bx]! - h[az * nx + ax]!) / (steps * cell)
    const xa = known(x - 1, z) ? x - 1 : x
    const xb = known(x + 1, z) ? x + 1 : x
    const za = known(x, z - 1) ? z - 1 : z
    const zb = known(x, z + 1) ? z + 1 : z
    const gx = xb > xa ? slope(xa, z, xb, z, xb - xa) : 0
    const gz = zb > za ? slope(x, za, x, zb, zb - za) : 0
    const len = Math.hypot(gx, 1, gz)
    normals.push(-gx / len, 1 / len, -gz / len)
    return vertexOf[k]!
  }
  for (let z = 0; z + 1 < nz; z++)
    for (let x = 0; x + 1 < nx; x++) {
      if (!known(x, z) || !known(x + 1, z) || !known(x, z + 1) || !known(x + 1, z + 1)) continue
      const a = vertex(x, z)
      const bb = vertex(x, z + 1)
      const c = vertex(x + 1, z)
      const d = vertex(x + 1, z + 1)
      tris.push(a, bb, c, c, bb, d)
    }
  if (tris.length === 0) return null
  return {
    positions: Float32Array.from(positions),
    normals: Float32Array.from(normals),
    indices: Uint32Array.from(tris),
    cellSize: cell,
  }
}
