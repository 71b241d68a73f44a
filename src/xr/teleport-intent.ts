/**
 * Reads a teleport from the right stick: push it forward to aim (the arc shows), let it spring back
 * to release (teleport, if the arc is valid). Forward must dominate sideways so a diagonal snap-turn
 * flick does not start aiming.
 */

/** Forward push that starts aiming. */
export const AIM_START = 0.6
/** Stick deflection under which a held aim counts as released. */
export const AIM_RELEASE = 0.25

export type TeleportPhase = 'idle' | 'aiming' | 'release'

/** Advances `state` for this frame's stick axes (Gamepad convention: forward is y = -1). */
export function teleportIntent(state: { aiming: boolean }, x: number, y: number): TeleportPhase {
  if (!state.aiming) {
    if (-y > AIM_START && -y > Math.abs(x)) {
      state.aiming = true
      return 'aiming'
    }
    return 'idle'
  }
  if (Math.hypot(x, y) < AIM_RELEASE) {
    state.aiming = false
    return 'release'
  }
  return 'aiming'
}
