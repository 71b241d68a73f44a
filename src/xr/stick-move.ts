/**
 * Smooth stick walking: which way and how far the player's origin moves for one frame.
 * Pure and allocation-free (called every frame), so Node tests check it exactly.
 */

/** Stick deflection below which nothing moves: worn sticks rest a little off centre. */
export const STICK_DEAD_ZONE = 0.15

/**
 * Writes the horizontal step [dx, dz] (m) into `out` for stick axes (x right, y down as the Gamepad
 * API reports them, so pushing forward is y = -1), the head's horizontal forward direction (fx, fz)
 * and the speed (m/s) over `dt` seconds. Movement follows the head, not the controller, so "forward"
 * is where the person looks. Returns the fraction of full speed (0..1), which drives the vignette.
 */
export function stickStep(
  x: number,
  y: number,
  fx: number,
  fz: number,
  speed: number,
  dt: number,
  out: Float64Array | number[],
): number {
  const mag = Math.hypot(x, y)
  const flen = Math.hypot(fx, fz)
  if (mag <= STICK_DEAD_ZONE || flen < 1e-6 || !(dt > 0)) {
    out[0] = 0
    out[1] = 0
    return 0
  }
  // Rescale so speed ramps from 0 at the dead zone to full at the rim, and diagonals are not faster.
  const amount = Math.min(1, (mag - STICK_DEAD_ZONE) / (1 - STICK_DEAD_ZONE))
  const k = (amount * speed * dt) / mag
  const ux = fx / flen
  const uz = fz / flen
  // right = forward turned 90 degrees clockwise seen from above: (-fz, fx)
  const forward = -y
  out[0] = (ux * forward - uz * x) * k
  out[1] = (uz * forward + ux * x) * k
  return amount
}
