/**
 * Camera and rays of the render stage. Each ray carries its direction in three frames at once,
 * packed channels-first as [1,4,h,w]: the field grid (x, z) and the object grid (the world turned
 * by OBJECT_ANGLE), both in grid units per metre, so one multiply-add per march step moves a ray
 * through both fields.
 */
import type { GraphBuilder, Value } from './graph'
import { FIELD_HALF, OBJECT_ANGLE, OBJECT_CELL, type TileOffsets } from './world-layout'

export interface Camera {
  isEquirect: Value
  fx: Value
  fy: Value
  cx: Value
  cy: Value
  /** Rotation entries r[row][col], each [1]. */
  r: Value[][]
  oy: Value
  /** [1,2,1,1] camera xz in metres. */
  originXz: Value
  /** [1,2,1,1] camera xz in metres from the centre of the tile's near field, and of its far field. */
  fieldXz: Value
  farXz: Value
  /** [1,4,1,1] camera position in the tile's field-grid and object-grid units. */
  origin4: Value
  /** [1,1,1,1] the global object row (world-layout objectRowShift) of the tile's object row 0. */
  objectRow0: Value
  /** Angle one pixel spans at the full output size (radians, [1]). */
  pixelAngle: Value
}

/** Per-pixel rays, channels-first. */
export interface Rays {
  dx: Value
  dy: Value
  dz: Value
  /** [1,2,h,w] xz direction in metres. */
  xzDir: Value
  /** [1,4,h,w] direction in field-grid and object-grid units per metre. */
  dir4: Value
  /** Depth per unit ray length: view-axis cosine (perspective) or 1 (equirect). */
  depthScale: Value
}

const C = Math.cos(OBJECT_ANGLE)
const S = Math.sin(OBJECT_ANGLE)

/** [1,2,..] xz (metres) -> [1,4,..] grid coordinates in both frames (no offset). */
export function toGrids(g: GraphBuilder, xz: Value): Value {
  // prettier-ignore
  const m = [1, 0,  0, 1,  C, -S,  S, C].map((v) => v / FIELD_HALF)
  return g.op('Conv', [xz, g.constant(m, [4, 2, 1, 1])])
}

export function cameraOf(
  g: GraphBuilder,
  pose: Value,
  intrinsics: Value,
  uvIn: Value,
  tile: TileOffsets,
): Camera {
  const rows = g.split(g.slice(pose, [0], [3], [0]), 0, [1, 1, 1])
  const r = rows.map((row) => g.split(g.reshape(row, [4]), 0, [1, 1, 1, 1]))
  const [code, fx, fy, cx, cy] = g.split(intrinsics, 0, [1, 1, 1, 1, 1, 1])
  const originXz = g.reshape(g.concat([r[0]![3]!, r[2]![3]!], 0), [1, 2, 1, 1])
  const isEquirect = g.greater(code!, 0.5)
  const rowsH = g.op('Cast', [g.slice(g.op('Shape', [uvIn]), [1], [2], [0])], { to: 1 })
  const pixelAngle = g.where(isEquirect, g.div(g.s(Math.PI), rowsH), g.op('Reciprocal', [g.mul(fy!, rowsH)]))
  return {
    isEquirect,
    fx: fx!,
    fy: fy!,
    cx: cx!,
    cy: cy!,
    r,
    oy: r[1]![3]!,
    originXz,
    fieldXz: g.sub(originXz, tile.field),
    farXz: g.sub(originXz, tile.far),
    origin4: g.sub(toGrids(g, originXz), g.mul(g.concat([tile.field, tile.object], 1), 1 / FIELD_HALF)),
    objectRow0: g.mul(g.slice(tile.object, [1], [2], [1]), 1 / OBJECT_CELL),
    pixelAngle,
  }
}

/** Rays for pixel centres `uv` [1,2,h,w]. */
export function raysFor(g: GraphBuilder, cam: Camera, uv: Value): Rays {
  const [u, v] = g.split(uv, 1, [1, 1])
  // Perspective: ((u - cx) / fx, -(v - cy) / fy, -1), normalised.
  const px = g.div(g.sub(u!, cam.cx), cam.fx)
  const py = g.div(g.sub(cam.cy, v!), cam.fy)
  const invLen = g.op('Reciprocal', [g.sqrt(g.add(g.add(g.mul(px, px), g.mul(py, py)), 1))])
  // Equirect: longitude from u (0.5 looks down -Z), latitude from v (top is up).
  const lon = g.mul(g.sub(u!, 0.5), 2 * Math.PI)
  const lat = g.mul(g.sub(0.5, v!), Math.PI)
  const cosLat = g.op('Cos', [lat])
  const eq = cam.isEquirect
  const cxv = g.where(eq, g.mul(g.op('Sin', [lon]), cosLat), g.mul(px, invLen))
  const cyv = g.where(eq, g.op('Sin', [lat]), g.mul(py, invLen))
  const czv = g.where(eq, g.mul(g.mul(g.op('Cos', [lon]), cosLat), -1), g.mul(invLen, -1))
  // World direction = R * camera direction, written out so every backend sums in the same order.
  const row = (i: number): Value =>
    g.add(g.add(g.mul(cxv, cam.r[i]![0]!), g.mul(cyv, cam.r[i]![1]!)), g.mul(czv, cam.r[i]![2]!))
  const dx = row(0)
  const dy = row(1)
  const dz = row(2)
  const xzDir = g.concat([dx, dz], 1)
  return { dx, dy, dz, xzDir, dir4: toGrids(g, xzDir), depthScale: g.where(eq, g.s(1), invLen) }
}
