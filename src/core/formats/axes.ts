/**
 * Changing the axes a batch of splats is expressed in. Worldwalk works in three.js axes
 * (right-handed, +Y up, a camera looks down -Z, metres); files and engines use others. Every
 * change here is a signed permutation of the axes plus a unit scale, which covers OpenCV/COLMAP
 * (the 3DGS .ply convention), Unity and Unreal. See docs/coordinates.md.
 */
import { createSplatBatch, type SplatBatch } from '../lift/splat-batch'

/** Row-major 3x3 orthogonal matrix, target = M * source; a signed permutation in practice. */
export type Mat3 = readonly [number, number, number, number, number, number, number, number, number]

export interface AxisChange {
  /** Maps a direction in the source axes to the target axes. */
  matrix: Mat3
  /** Target units per source unit (100 for metres -> centimetres). */
  unitScale: number
}

export function det3(m: Mat3): number {
  return (
    m[0] * (m[4] * m[8] - m[5] * m[7]) -
    m[1] * (m[3] * m[8] - m[5] * m[6]) +
    m[2] * (m[3] * m[7] - m[4] * m[6])
  )
}

/** The change back: the transpose (orthogonal) and the reciprocal unit. */
export function inverseChange(c: AxisChange): AxisChange {
  const m = c.matrix
  return { matrix: [m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]], unitScale: 1 / c.unitScale }
}

export function mulVec(m: Mat3, x: number, y: number, z: number): [number, number, number] {
  return [m[0] * x + m[1] * y + m[2] * z, m[3] * x + m[4] * y + m[5] * z, m[6] * x + m[7] * y + m[8] * z]
}

/** Unit quaternion (x, y, z, w) -> row-major rotation matrix. */
export function quatToMat(x: number, y: number, z: number, w: number): number[] {
  return [
    1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
    2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
    2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y),
  ] // prettier-ignore
}

/** Rotation matrix -> unit quaternion (x, y, z, w) with w >= 0, branching on the largest term for accuracy. */
export function matToQuat(r: readonly number[]): [number, number, number, number] {
  const [m00, m01, m02, m10, m11, m12, m20, m21, m22] = r as [
    number, number, number, number, number, number, number, number, number,
  ] // prettier-ignore
  const trace = m00 + m11 + m22
  let x: number, y: number, z: number, w: number
  if (trace > 0) {
    const s = 2 * Math.sqrt(trace + 1)
    w = s / 4
    x = (m21 - m12) / s
    y = (m02 - m20) / s
    z = (m10 - m01) / s
  } else if (m00 > m11 && m00 > m22) {
    const s = 2 * Math.sqrt(1 + m00 - m11 - m22)
    w = (m21 - m12) / s
    x = s / 4
    y = (m01 + m10) / s
    z = (m02 + m20) / s
  } else if (m11 > m22) {
    const s = 2 * Math.sqrt(1 + m11 - m00 - m22)
    w = (m02 - m20) / s
    x = (m01 + m10) / s
    y = s / 4
    z = (m12 + m21) / s
  } else {
    const s = 2 * Math.sqrt(1 + m22 - m00 - m11)
    w = (m10 - m01) / s
    x = (m02 + m20) / s
    y = (m12 + m21) / s
    z = s / 4
  }
  const n = Math.hypot(x, y, z, w) * (w < 0 ? -1 : 1)
  return [x / n, y / n, z / n, w / n]
}

function mul3(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(9)
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++)
      out[3 * i + j] = a[3 * i]! * b[j]! + a[3 * i + 1]! * b[3 + j]! + a[3 * i + 2]! * b[6 + j]!
  return out
}

/** Mirrors the splat's own z axis: composes with a handedness-changing M to keep a proper rotation. */
const FLIP_LOCAL_Z = [1, 0, 0, 0, 1, 0, 0, 0, -1]

/**
 * A splat's rotation in the new axes. The covariance R S^2 R^T becomes M R S^2 R^T M^T. When M keeps
 * handedness, R' = M R. When it mirrors (Unity, Unreal), M R is not a rotation, so R' = M R D with
 * D = diag(1, 1, -1): D S^2 D = S^2, so the same scales, in the same order, describe the same
 * ellipsoid; only the sign of the splat's local z axis (its normal) flips, which a Gaussian ignores.
 */
export function changeQuat(c: AxisChange, q: readonly number[]): [number, number, number, number] {
  const r = quatToMat(q[0]!, q[1]!, q[2]!, q[3]!)
  const mr = mul3(c.matrix, r)
  return matToQuat(det3(c.matrix) < 0 ? mul3(mr, FLIP_LOCAL_Z) : mr)
}

/** A copy of the batch's first `count` splats in the new axes. */
export function changeAxes(b: SplatBatch, c: AxisChange): SplatBatch {
  const n = b.count
  const out = createSplatBatch(n)
  out.count = n
  const k = c.unitScale
  for (let i = 0; i < n; i++) {
    const p = mulVec(c.matrix, b.centers[3 * i]!, b.centers[3 * i + 1]!, b.centers[3 * i + 2]!)
    out.centers[3 * i] = p[0] * k
    out.centers[3 * i + 1] = p[1] * k
    out.centers[3 * i + 2] = p[2] * k
    for (let a = 0; a < 3; a++) out.scales[3 * i + a] = b.scales[3 * i + a]! * k
    const q = changeQuat(c, [b.quats[4 * i]!, b.quats[4 * i + 1]!, b.quats[4 * i + 2]!, b.quats[4 * i + 3]!])
    out.quats.set(q, 4 * i)
  }
  out.colors.set(b.colors.subarray(0, 3 * n))
  out.opacities.set(b.opacities.subarray(0, n))
  return out
}

/**
 * three.js -> OpenCV/COLMAP (x right, y down, z forward): a half turn about x. The INRIA trainer
 * writes its .ply files in these axes, antimatter15's .splat copies them, and Niantic's spz
 * library assumes them for .ply, so our .ply/.splat files use them too and load upright where
 * other 3DGS files do.
 */
export const OPENCV_FROM_THREE: AxisChange = { matrix: [1, 0, 0, 0, -1, 0, 0, 0, -1], unitScale: 1 }
