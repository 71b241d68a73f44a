import type { Object3D } from 'three'
import type { HeadPose } from './head-pose'
import { rotateAbout } from './snap-turn'

/**
 * The ways locomotion moves the XR origin (the play area's floor centre). The person's head is
 * somewhere inside the play area (room-scale walking moves it, not the origin), so turns and
 * teleports are taken relative to the head, not the origin.
 */

const turned = new Float64Array(2)

/** Turns the play area by `yaw` radians about the head, so the head stays where it is. */
export function turnAboutHead(origin: Object3D, head: HeadPose, yaw: number): void {
  rotateAbout(origin.position.x, origin.position.z, head.x, head.z, yaw, turned)
  origin.position.x = turned[0]!
  origin.position.z = turned[1]!
  origin.rotation.y += yaw
}

/** Moves the play area so the head is above (x, z); the height is left to groundFollow. */
export function teleportHeadTo(origin: Object3D, head: HeadPose, x: number, z: number): void {
  origin.position.x += x - head.x
  origin.position.z += z - head.z
}

/**
 * Puts the play area's floor at the ground height under the head plus the eye offset, so the person
 * stays on the ground as it rises and falls. Where the ground is unknown (null) the height is kept.
 */
export function groundFollow(origin: Object3D, groundHeight: number | null, eyeOffset: number): void {
  if (groundHeight === null) return
  origin.position.y = groundHeight + eyeOffset
}
