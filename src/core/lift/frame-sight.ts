import { DEFAULT_FOV_Y_DEG, type CameraSpec } from '../camera'
import type { Pose } from '../pose'

/** A splat test: true when a splat at world (x, y, z) with standard deviation `sigma` m passes. */
export type SplatTest = (x: number, y: number, z: number, sigma: number) => boolean

/** Where a frame looked: a test of splats, and the ground area passing ones can lie in. */
export interface FrameSight {
  test: SplatTest
  /**
   * False when no passing splat can lie in the ground rectangle [x0, x1] x [z0, z1] (world
   * metres): out of reach, or outside the wedge the frustum covers seen from above. Conservative.
   */
  mayMeetRect(x0: number, z0: number, x1: number, z1: number): boolean
}

/**
 * Relative depth slack: a point as far as the surface a pixel saw, up to this much farther, is on
 * that surface. Neighbouring pixels are compared too, so a grazing view of the ground (where depth
 * changes by metres from one pixel to the next) still finds the surface a point lies on.
 */
const DEPTH_SLACK = 0.03

/**
 * A splat passes only if its sigma is over this many of the frame's pixel footprints at its depth:
 * over 1.5 times the frame's own splat there (sigma 0.6 footprints, the lifter's default), so the
 * lifter did not skip the frame's splat as covered by it (OccupancyGrid tolerance 1.5). A splat
 * about as fine stays: it may be all there is of that surface.
 */
const COARSER = 0.9

/**
 * The coarser splats a perspective frame saw, or that stand in front of what it saw: inside its
 * frustum (shrunk by `insetPx` pixels on every side) and no farther than the surface at the pixel they
 * project to (the farthest of that pixel and its four neighbours), within `maxDepth`. A point
 * behind that surface is hidden from this camera, and a finer frame from here says nothing about
 * it. A point in front of a sky pixel, or of a surface farther away, floats in front of what the
 * camera saw (a coarse frame's halo at a silhouette): it passes. Null for a panorama.
 */
export function frameSight(
  frame: { pose: Pose; camera: CameraSpec; depth: Float32Array },
  maxDepth: number,
  insetPx = 1,
): FrameSight | null {
  const { camera, pose, depth } = frame
  if (camera.model !== 'perspective') return null
  const w = camera.width
  const h = camera.height
  const tanY = Math.tan(((camera.fovYDeg ?? DEFAULT_FOV_Y_DEG) * Math.PI) / 360)
  const tanX = tanY * (w / h)
  const limY = tanY * (1 - (2 * insetPx) / h)
  const limX = tanX * (1 - (2 * insetPx) / w)
  const [qx, qy, qz, qw] = pose.rotation
  const [px, py, pz] = pose.position
  // rNM is row N, column M of the pose's camera-to-world rotation; camera space is its transpose.
  const r00 = 1 - 2 * (qy * qy + qz * qz)
  const r10 = 2 * (qx * qy + qw * qz)
  const r20 = 2 * (qx * qz - qw * qy)
  const r01 = 2 * (qx * qy - qw * qz)
  const r11 = 1 - 2 * (qx * qx + qz * qz)
  const r21 = 2 * (qy * qz + qw * qx)
  const r02 = 2 * (qx * qz + qw * qy)
  const r12 = 2 * (qy * qz - qw * qx)
  const r22 = 1 - 2 * (qx * qx + qy * qy)
  /** A pixel's depth; Infinity for sky, 0 off the image (so it never wins the max below). */
  const depthAt = (c: number, r: number): number =>
    c < 0 || r < 0 || c >= w || r >= h ? 0 : depth[r * w + c]! > 0 ? depth[r * w + c]! : Infinity
  /** The farthest depth at a pixel and its four neighbours; Infinity where any of them is sky. */
  const surfaceAt = (col: number, row: number): number =>
    Math.max(
      depthAt(col, row),
      depthAt(col - 1, row),
      depthAt(col + 1, row),
      depthAt(col, row - 1),
      depthAt(col, row + 1),
    )
  const footprint = (2 * tanY) / h
  const test: SplatTest = (x, y, z, sigma) => {
    const dx = x - px
    const dy = y - py
    const dz = z - pz
    // Camera space: the camera looks down its -Z; frames hold z-depth.
    const d = -(r02 * dx + r12 * dy + r22 * dz)
    if (!(d > 0) || d > maxDepth || sigma <= COARSER * footprint * d) return false
    const cx = (r00 * dx + r10 * dy + r20 * dz) / d
    const cy = (r01 * dx + r11 * dy + r21 * dz) / d
    if (Math.abs(cx) > limX || Math.abs(cy) > limY) return false
    const col = Math.floor((0.5 + cx / (2 * tanX)) * w)
    const row = Math.floor((0.5 - cy / (2 * tanY)) * h)
    return d <= surfaceAt(col, row) * (1 + DEPTH_SLACK)
  }
  // The frustum's corner rays are the longest at a given z-depth.
  const reach = maxDepth * Math.hypot(1, tanX, tanY)
  const wedge = groundWedge(r00, r01, r02, r20, r21, r22, tanX, tanY)
  const mayMeetRect = (x0: number, z0: number, x1: number, z1: number): boolean => {
    const nx = Math.min(Math.max(px, x0), x1) - px
    const nz = Math.min(Math.max(pz, z0), z1) - pz
    if (nx * nx + nz * nz > reach * reach) return false
    if (!wedge || (nx === 0 && nz === 0)) return true
    // The rectangle does not hold the camera, so seen from it its corners span under half a turn
    // around the heading of its centre: an arc, which must overlap the wedge's.
    const centre = Math.atan2((x0 + x1) / 2 - px, (z0 + z1) / 2 - pz)
    const rel = [
      [x0, z0],
      [x1, z0],
      [x0, z1],
      [x1, z1],
    ].map(([x, z]) => wrap(Math.atan2(x! - px, z! - pz) - centre))
    const lo = Math.min(...rel)
    const hi = Math.max(...rel)
    return Math.abs(wrap(centre + (lo + hi) / 2 - wedge.mid)) <= (hi - lo) / 2 + wedge.half
  }
  return { test, mayMeetRect }
}

/** An angle in (-PI, PI]. */
function wrap(a: number): number {
  return a - 2 * Math.PI * Math.round(a / (2 * Math.PI))
}

/**
 * The frustum seen from above: the middle heading (atan2 of x, z) and half-width of the wedge
 * its four edge rays span, with a degree of margin; null when it spans every heading (it looks
 * nearly straight up or down).
 */
function groundWedge(
  r00: number,
  r01: number,
  r02: number,
  r20: number,
  r21: number,
  r22: number,
  tanX: number,
  tanY: number,
): { mid: number; half: number } | null {
  // World x and z of the camera-space corner rays (+-tanX, +-tanY, -1).
  const headings: number[] = []
  for (const sx of [-1, 1])
    for (const sy of [-1, 1]) {
      const cx = sx * tanX
      const cy = sy * tanY
      const wx = r00 * cx + r01 * cy - r02
      const wz = r20 * cx + r21 * cy - r22
      if (Math.hypot(wx, wz) < 1e-3) return null
      headings.push(Math.atan2(wx, wz))
    }
  const forward = Math.atan2(-r02, -r22)
  const rel = headings.map((h) => wrap(h - forward))
  const lo = Math.min(...rel)
  const hi = Math.max(...rel)
  // A frustum over the vertical (corner rays on both sides of straight down) spans everything.
  if (hi - lo >= Math.PI - 0.02 || Math.hypot(r02, r22) < 0.05) return null
  const margin = Math.PI / 180
  return { mid: wrap(forward + (lo + hi) / 2), half: (hi - lo) / 2 + margin }
}
