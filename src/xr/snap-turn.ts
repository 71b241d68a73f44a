/**
 * Snap turning: one flick of the right stick turns by a fixed angle, once, and the stick must come
 * back to centre before the next turn. Turning happens about the head, so the person turns on the
 * spot instead of swinging around the play area's centre.
 */

/** How far the stick must go sideways to fire a turn. */
export const SNAP_FIRE = 0.6
/** How far back towards centre it must return to re-arm (hysteresis stops double turns). */
export const SNAP_REARM = 0.3

export interface SnapTurnState {
  armed: boolean
}

export function createSnapTurnState(): SnapTurnState {
  return { armed: true }
}

/**
 * The yaw change (radians, positive = turn left, counter-clockwise from above) for this frame's
 * stick x, or 0. Pushing right turns right.
 */
export function snapTurnStep(state: SnapTurnState, x: number, degrees: number): number {
  if (Math.abs(x) < SNAP_REARM) {
    state.armed = true
    return 0
  }
  if (!state.armed || Math.abs(x) < SNAP_FIRE) return 0
  state.armed = false
  return ((x > 0 ? -1 : 1) * degrees * Math.PI) / 180
}

/**
 * Rotates a point (px, pz) about the pivot (cx, cz) by `yaw` radians (counter-clockwise from above,
 * three.js's rotation about +Y) and writes it to `out` [x, z]. Used to keep the head in place when
 * the origin turns.
 */
export function rotateAbout(
  px: number,
  pz: number,
  cx: number,
  cz: number,
  yaw: number,
  out: Float64Array | number[],
): void {
  const c = Math.cos(yaw)
  const s = Math.sin(yaw)
  const dx = px - cx
  const dz = pz - cz
  // three's rotation about +Y: x' = x cos + z sin, z' = -x sin + z cos
  out[0] = cx + dx * c + dz * s
  out[1] = cz - dx * s + dz * c
}
