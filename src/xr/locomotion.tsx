import { useFrame } from '@react-three/fiber'
import { useXRControllerLocomotion } from '@react-three/xr'
import type { RefObject } from 'react'
import type { Group } from 'three'
import { terrainHeight } from '../render/terrain'

/** Left-stick speed in m/s (pmndrs' default is 2). */
export const STICK_SPEED = 2
/** Right-stick snap turn in degrees. */
export const SNAP_TURN_DEGREES = 30

/**
 * Smooth movement on the left stick and snap turns on the right stick, moving the XR origin (the
 * player's feet); keeps the origin on the ground as the terrain rises and falls.
 */
export function XRLocomotion({ origin }: { origin: RefObject<Group | null> }) {
  useXRControllerLocomotion(origin, { speed: STICK_SPEED }, { type: 'snap', degrees: SNAP_TURN_DEGREES })
  useFrame(() => {
    const o = origin.current
    if (o) o.position.y = terrainHeight(o.position.x, o.position.z)
  })
  return null
}
