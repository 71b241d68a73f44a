import { forwardOf, rotateVec, type Pose, type Vec3 } from '../pose'
import type { Placement } from '../prompt'

/** Distances placement works with, metres. */
export interface PlacementOptions {
  /**
   * `here` without a target: this far ahead of the viewer. @default 5
   * Just beyond arm's reach, so "here" lands where the person looks down at, not under their feet.
   */
  hereDistance?: number
  /**
   * left / right / behind / ahead: this far from the viewer. @default 50
   * About one expansion radius: the new region starts near the viewer and is visible at once.
   */
  directionDistance?: number
}

/** A ground point (x, z), or why there is none. */
export type PlacementResult = { point: [number, number] } | { error: string }

/** Yaw offsets of the direction words from the viewer's heading (positive turns left). */
export const DIRECTION_YAW = { ahead: 0, left: Math.PI / 2, behind: Math.PI, right: -Math.PI / 2 } as const
export type Direction = keyof typeof DIRECTION_YAW

/**
 * The viewer's heading on the ground, as a yaw in the core/pose convention: 0 looks down -Z and
 * positive yaw turns left (counter-clockwise seen from above). Looking straight down or up has no
 * horizontal forward, so the camera's up vector (which then points ahead, or behind) decides.
 */
export function viewerYaw(p: Pose): number {
  const f = forwardOf(p)
  if (Math.hypot(f[0], f[2]) > 1e-6) return Math.atan2(-f[0], -f[2])
  const up = rotateVec(p.rotation, [0, 1, 0])
  const s = f[1] < 0 ? 1 : -1
  return Math.atan2(-s * up[0], -s * up[2])
}

/** Unit ground vector (x, z) of a yaw. */
export function yawDirection(yaw: number): [number, number] {
  return [-Math.sin(yaw), -Math.cos(yaw)]
}

/**
 * Where a placement word puts something on the ground, given the viewer and the gaze or pointer
 * target (a world point; its height is ignored). `here` is the target if any, else a few metres
 * ahead; `there` needs a target; direction words go `directionDistance` from the viewer relative to
 * their heading. `none` means the caller decides (expansions use the frontier): it resolves like
 * `here`.
 */
export function resolvePlacement(
  placement: Placement,
  viewer: Pose,
  target: Vec3 | null | undefined,
  options: PlacementOptions = {},
): PlacementResult {
  const at = (yaw: number, d: number): { point: [number, number] } => {
    const [dx, dz] = yawDirection(yaw)
    return { point: [viewer.position[0] + dx * d, viewer.position[2] + dz * d] }
  }
  const yaw = viewerYaw(viewer)
  switch (placement) {
    case 'there':
      return target
        ? { point: [target[0], target[2]] }
        : { error: 'Point at a place first, then say it again.' }
    case 'here':
    case 'none':
      return target ? { point: [target[0], target[2]] } : at(yaw, options.hereDistance ?? 5)
    default:
      return at(yaw + DIRECTION_YAW[placement], options.directionDistance ?? 50)
  }
}
