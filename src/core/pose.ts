/**
 * Camera poses in the three.js convention: right-handed, +Y up, metres, a camera looks down its
 * local -Z axis. A pose is camera-to-world.
 */
export type Vec3 = [number, number, number]
/** Unit quaternion, (x, y, z, w). */
export type Quat = [number, number, number, number]

export interface Pose {
  position: Vec3
  rotation: Quat
}

export const IDENTITY_ROTATION: Quat = [0, 0, 0, 1]

export function pose(position: Vec3, rotation: Quat = IDENTITY_ROTATION): Pose {
  return { position: [...position], rotation: [...rotation] }
}

/** Rotation about +Y (yaw, radians; positive turns left, counter-clockwise seen from above). */
export function yawQuat(yaw: number): Quat {
  return [0, Math.sin(yaw / 2), 0, Math.cos(yaw / 2)]
}

/** Yaw (about +Y) then pitch (about the camera's +X); positive pitch looks up. */
export function yawPitchQuat(yaw: number, pitch: number): Quat {
  const cy = Math.cos(yaw / 2)
  const sy = Math.sin(yaw / 2)
  const cp = Math.cos(pitch / 2)
  const sp = Math.sin(pitch / 2)
  return [cy * sp, sy * cp, -sy * sp, cy * cp]
}

export function normalizeQuat(q: Quat): Quat {
  const n = Math.hypot(q[0], q[1], q[2], q[3])
  if (!(n > 0) || !Number.isFinite(n)) throw new RangeError('quaternion has zero or non-finite length')
  return [q[0] / n, q[1] / n, q[2] / n, q[3] / n]
}

/** Rotates v by unit quaternion q. */
export function rotateVec(q: Quat, v: Vec3): Vec3 {
  const [qx, qy, qz, qw] = q
  const [vx, vy, vz] = v
  const tx = 2 * (qy * vz - qz * vy)
  const ty = 2 * (qz * vx - qx * vz)
  const tz = 2 * (qx * vy - qy * vx)
  return [
    vx + qw * tx + (qy * tz - qz * ty),
    vy + qw * ty + (qz * tx - qx * tz),
    vz + qw * tz + (qx * ty - qy * tx),
  ]
}

/** The direction the camera looks (its -Z axis) in world space. */
export function forwardOf(p: Pose): Vec3 {
  return rotateVec(p.rotation, [0, 0, -1])
}

/** The heading of a pose (its turn about +Y, radians; 0 looks down -Z, positive turns left). */
export function headingOf(pose: Pose): number {
  const [x, y, z, w] = pose.rotation
  // Forward is -Z of the rotation; the heading is the turn that brings -Z onto its ground direction.
  const fx = -2 * (x * z + w * y)
  const fz = -(1 - 2 * (x * x + y * y))
  return Math.atan2(-fx, -fz)
}

/**
 * Camera-to-world matrix, row-major 4x4 (world = M * [x, y, z, 1]); this is the layout of the
 * model's `pose` input. (three's Matrix4.elements is column-major: transpose when crossing.)
 */
export function poseToMatrix(p: Pose, out: Float32Array = new Float32Array(16)): Float32Array {
  const [x, y, z, w] = p.rotation
  const xx = x * x,
    yy = y * y,
    zz = z * z
  const xy = x * y,
    xz = x * z,
    yz = y * z
  const wx = w * x,
    wy = w * y,
    wz = w * z
  out[0] = 1 - 2 * (yy + zz)
  out[1] = 2 * (xy - wz)
  out[2] = 2 * (xz + wy)
  out[3] = p.position[0]
  out[4] = 2 * (xy + wz)
  out[5] = 1 - 2 * (xx + zz)
  out[6] = 2 * (yz - wx)
  out[7] = p.position[1]
  out[8] = 2 * (xz - wy)
  out[9] = 2 * (yz + wx)
  out[10] = 1 - 2 * (xx + yy)
  out[11] = p.position[2]
  out[12] = 0
  out[13] = 0
  out[14] = 0
  out[15] = 1
  return out
}

export function isFinitePose(p: Pose): boolean {
  return p.position.every(Number.isFinite) && p.rotation.every(Number.isFinite)
}
