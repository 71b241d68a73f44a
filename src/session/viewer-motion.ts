import type { Pose, Quat, Vec3 } from '../core/pose'

/** A move longer than this within one display frame is a jump, not walking (metres). */
const TELEPORT_M = 0.5

/** Writes the forward direction (-Z) of rotation `q` into `out`. */
export function forwardOf(q: Quat | readonly number[], out: Vec3): Vec3 {
  const x = q[0]!
  const y = q[1]!
  const z = q[2]!
  const w = q[3]!
  out[0] = -2 * (x * z + w * y)
  out[1] = -2 * (y * z - w * x)
  out[2] = -(1 - 2 * (x * x + y * y))
  return out
}

/**
 * The viewer as the scheduler needs them: the pose of the last tick and a smoothed velocity for
 * predicting where they walk. Allocation-free: updated once per display frame.
 */
export class ViewerMotion {
  readonly pose: Pose = { position: [0, 0, 0], rotation: [0, 0, 0, 1] }
  readonly velocity: Vec3 = [0, 0, 0]
  private readonly lastPos: Vec3 = [0, 0, 0]
  private lastTick = NaN

  update(
    now: number,
    px: number,
    py: number,
    pz: number,
    qx: number,
    qy: number,
    qz: number,
    qw: number,
  ): void {
    const p = this.pose.position
    p[0] = px
    p[1] = py
    p[2] = pz
    const r = this.pose.rotation
    r[0] = qx
    r[1] = qy
    r[2] = qz
    r[3] = qw
    const dt = (now - this.lastTick) / 1000
    const last = this.lastPos
    const jump = Math.hypot(px - last[0], py - last[1], pz - last[2])
    if (jump > TELEPORT_M) {
      // A teleport, or the eye snapping to newly learnt ground: not a walk to extrapolate.
      this.velocity[0] = this.velocity[1] = this.velocity[2] = 0
    } else if (dt > 0 && dt < 1) {
      // Smoothed over ~0.25 s, so a single jittery frame does not predict a walk.
      const a = Math.min(1, dt / 0.25)
      for (let i = 0; i < 3; i++) this.velocity[i] += a * ((p[i]! - last[i]!) / dt - this.velocity[i]!)
    }
    this.lastTick = now
    last[0] = px
    last[1] = py
    last[2] = pz
  }
}
