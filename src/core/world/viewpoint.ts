import { forwardOf, headingOf, yawPitchQuat, type Pose } from '../pose'

/**
 * Where a person stands and looks, as a link carries it (`?pose=x,z,yaw[,pitch]`): ground
 * position in metres (three.js axes) and heading and pitch in degrees. Yaw 0 looks down -Z (the
 * spawn's first view); positive yaw turns left, as three's rotation.y does. Pitch 0 is level,
 * positive looks up. The eye stands at eye height over the ground there, so the height is not part
 * of it: a link stays right when the ground under it is learnt again.
 */
export interface Viewpoint {
  x: number
  z: number
  yawDeg: number
  pitchDeg: number
}

/** Farthest a link may place the viewer from the origin, metres (well past any world's reach). */
export const VIEWPOINT_MAX_DISTANCE = 1_000_000
/** Pitch is kept off the poles, where yaw has no meaning. */
const MAX_PITCH_DEG = 89

/** Parses `x,z,yaw[,pitch]`; throws a RangeError that says what is wrong. */
export function parseViewpoint(text: string): Viewpoint {
  const parts = text.split(',').map((p) => p.trim())
  if (parts.length < 3 || parts.length > 4)
    throw new RangeError(`expected x,z,yaw[,pitch] (metres, degrees), got "${text}"`)
  const values = parts.map(Number)
  const bad = parts.findIndex((p, i) => p === '' || !Number.isFinite(values[i]))
  if (bad >= 0) throw new RangeError(`"${parts[bad]}" in "${text}" is not a number`)
  const [x, z, yaw, pitch = 0] = values as [number, number, number, number?]
  if (Math.abs(x) > VIEWPOINT_MAX_DISTANCE || Math.abs(z) > VIEWPOINT_MAX_DISTANCE)
    throw new RangeError(`x and z must be within ${VIEWPOINT_MAX_DISTANCE} m, got "${text}"`)
  return {
    x,
    z,
    yawDeg: wrapDegrees(yaw),
    pitchDeg: Math.min(MAX_PITCH_DEG, Math.max(-MAX_PITCH_DEG, pitch)),
  }
}

/** `x,z,yaw,pitch` with centimetres and tenths of a degree: what a link shows. */
export function formatViewpoint(v: Viewpoint): string {
  const round = (n: number, digits: number) => String(Number(n.toFixed(digits)))
  return [round(v.x, 2), round(v.z, 2), round(v.yawDeg, 1), round(v.pitchDeg, 1)].join(',')
}

/** The viewpoint of a camera pose (its position over the ground, where it looks). */
export function viewpointOfPose(p: Pose): Viewpoint {
  const fy = forwardOf(p)[1]
  const deg = 180 / Math.PI
  return {
    x: p.position[0],
    z: p.position[2],
    yawDeg: wrapDegrees(headingOf(p) * deg),
    pitchDeg: Math.asin(Math.max(-1, Math.min(1, fy))) * deg,
  }
}

/** The camera pose of a viewpoint with the eye at `eyeY`. */
export function poseOfViewpoint(v: Viewpoint, eyeY: number): Pose {
  const rad = Math.PI / 180
  return { position: [v.x, eyeY, v.z], rotation: yawPitchQuat(v.yawDeg * rad, v.pitchDeg * rad) }
}

/** Degrees into (-180, 180]. */
function wrapDegrees(d: number): number {
  const w = ((((d + 180) % 360) + 360) % 360) - 180
  return w === -180 ? 180 : w
}
