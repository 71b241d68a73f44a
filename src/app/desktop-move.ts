/**
 * Desktop walking math, free of three and the DOM. Yaw follows src/core/pose: positive turns left
 * (counter-clockwise seen from above) and yaw 0 looks down -Z.
 */

/** Which movement keys are held. */
export interface MoveKeys {
  forward: boolean
  back: boolean
  left: boolean
  right: boolean
  fast: boolean
}

export const DESKTOP_WALK_SPEED = 3 // m/s, a brisk walk
export const DESKTOP_RUN_FACTOR = 2.5
export { EYE_HEIGHT } from '../core/world/spawn'
/** Radians of look per pixel of mouse motion. */
export const LOOK_SENSITIVITY = 0.0035
const MAX_PITCH = Math.PI / 2 - 0.05

export function emptyMoveKeys(): MoveKeys {
  return { forward: false, back: false, left: false, right: false, fast: false }
}

/** Maps a KeyboardEvent.code to a movement key, or null. Arrows and WASD (by position, so AZERTY works). */
export function moveKeyOf(code: string): keyof MoveKeys | null {
  switch (code) {
    case 'KeyW':
    case 'ArrowUp':
      return 'forward'
    case 'KeyS':
    case 'ArrowDown':
      return 'back'
    case 'KeyA':
    case 'ArrowLeft':
      return 'left'
    case 'KeyD':
    case 'ArrowRight':
      return 'right'
    case 'ShiftLeft':
    case 'ShiftRight':
      return 'fast'
    default:
      return null
  }
}

/**
 * Horizontal displacement for one frame, written into `out` as [dx, dz] (no allocation: called per frame).
 * Diagonals are normalised so they are not faster than straight lines.
 */
export function walkStep(keys: MoveKeys, yaw: number, dt: number, out: Float64Array | number[]): void {
  const fwd = (keys.forward ? 1 : 0) - (keys.back ? 1 : 0)
  const strafe = (keys.right ? 1 : 0) - (keys.left ? 1 : 0)
  const len = Math.hypot(fwd, strafe)
  if (len === 0 || !(dt > 0)) {
    out[0] = 0
    out[1] = 0
    return
  }
  const step = ((keys.fast ? DESKTOP_RUN_FACTOR : 1) * DESKTOP_WALK_SPEED * dt) / len
  const sin = Math.sin(yaw)
  const cos = Math.cos(yaw)
  // forward = (-sin, -cos) in (x, z); right = (cos, -sin)
  out[0] = (-sin * fwd + cos * strafe) * step
  out[1] = (-cos * fwd - sin * strafe) * step
}

/** Applies a mouse movement to yaw/pitch; pitch is clamped short of straight up/down. */
export function applyLook(
  yaw: number,
  pitch: number,
  dx: number,
  dy: number,
): { yaw: number; pitch: number } {
  return clampLook(yaw - dx * LOOK_SENSITIVITY, pitch - dy * LOOK_SENSITIVITY)
}

/** A look direction (radians) with the pitch kept within what mouse-look allows. */
export function clampLook(yaw: number, pitch: number): { yaw: number; pitch: number } {
  return { yaw, pitch: Math.max(-MAX_PITCH, Math.min(MAX_PITCH, pitch)) }
}
