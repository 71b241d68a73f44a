import type { Pose, Quat, Vec3 } from '../core/pose'

/** A move longer than this within one display frame is a jump, not walking (metres). */
const TELEPORT_M = 0.5
/** A turn larger than this within one display frame is a snap turn, not a head turning (radians). */
const SNAP_TURN_RAD = (20 * Math.PI) / 180
/** Turning slower than this is looking around, not a turn to extrapolate (radians per second). */
const MIN_TURN_RATE = (30 * Math.PI) / 180
/** How far ahead a turn is extrapolated (seconds): about one frame's latency at the sharp level. */
const TURN_HORIZON_S = 0.5
/** The extrapolated turn is capped here (radians): past it the head is as likely to stop. */
const MAX_TURN_AHEAD = (75 * Math.PI) / 180

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
  /** Smoothed turning speed about +Y, radians per second (positive turns left). */
  yawRate = 0
  private readonly lastPos: Vec3 = [0, 0, 0]
  private lastYaw = NaN
  private lastTick = NaN
  private readonly forward: Vec3 = [0, 0, -1]
  private readonly ahead: Vec3 = [0, 0, -1]

  /**
   * Where the head will look in about half a second if it keeps turning (a unit direction, level),
   * or null while it is not turning: the scheduler asks for those frames next, so the view the
   * head turns to is sharp when it gets there. Live: copy it to keep it.
   */
  get lookAhead(): Vec3 | null {
    if (Math.abs(this.yawRate) < MIN_TURN_RATE) return null
    const turn = Math.max(-MAX_TURN_AHEAD, Math.min(MAX_TURN_AHEAD, this.yawRate * TURN_HORIZON_S))
    const yaw = this.lastYaw + turn
    this.ahead[0] = -Math.sin(yaw)
    this.ahead[1] = 0
    this.ahead[2] = -Math.cos(yaw)
    return this.ahead
  }

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
    const f = forwardOf(r, this.forward)
    const yaw = Math.atan2(-f[0], -f[2])
    if (Number.isNaN(this.lastYaw) || Math.hypot(f[0], f[2]) < 1e-3) {
      this.yawRate = 0
    } else {
      // Wrapped into (-pi, pi]: turning through south is not a full turn the other way.
      const turned = Math.atan2(Math.sin(yaw - this.lastYaw), Math.cos(yaw - this.lastYaw))
      if (Math.abs(turned) > SNAP_TURN_RAD) this.yawRate = 0
      else if (dt > 0 && dt < 1) {
        // Smoothed over ~0.15 s: a head turn is quick, and one jittery frame is not a turn.
        const a = Math.min(1, dt / 0.15)
        this.yawRate += a * (turned / dt - this.yawRate)
      }
    }
    this.lastYaw = yaw
    this.lastTick = now
    last[0] = px
    last[1] = py
    last[2] = pz
  }
}
