import { XR, XROrigin } from '@react-three/xr'
import { useCallback, useRef, type ReactNode } from 'react'
import type { Group } from 'three'
import { terrainHeight } from '../render/terrain'
import { XRLocomotion } from './locomotion'
import type { WorldwalkXRStore } from './xr-store'

/** Where a VR session starts: the same spot the desktop camera starts, feet on the ground. */
export const SPAWN_XZ: [number, number] = [0, 6]
/** The origin's starting position; a constant so re-renders never move the origin back here. */
const SPAWN_POSITION: [number, number, number] = [
  SPAWN_XZ[0],
  terrainHeight(SPAWN_XZ[0], SPAWN_XZ[1]),
  SPAWN_XZ[1],
]

export interface XRSceneProps {
  store: WorldwalkXRStore
  /** Receives the origin group (the player's feet) once mounted; tests read its position. */
  onOrigin?: (origin: Group | null) => void
  children?: ReactNode
}

/** Wraps the world in <XR> and places the player's origin with stick locomotion. */
export function XRScene({ store, onOrigin, children }: XRSceneProps) {
  const origin = useRef<Group>(null)
  // A stable ref callback: an inline one would detach and re-attach (null, then the group) every render.
  const setOrigin = useCallback(
    (g: Group | null) => {
      origin.current = g
      onOrigin?.(g)
    },
    [onOrigin],
  )
  return (
    <XR store={store}>
      <XROrigin ref={setOrigin} position={SPAWN_POSITION} />
      <XRLocomotion origin={origin} />
      {children}
    </XR>
  )
}
