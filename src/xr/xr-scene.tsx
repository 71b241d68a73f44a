import { XR, XROrigin } from '@react-three/xr'
import { useRef, type ReactNode } from 'react'
import type { Group } from 'three'
import { terrainHeight } from '../render/terrain'
import { XRLocomotion } from './locomotion'
import type { WorldwalkXRStore } from './xr-store'

/** Where a VR session starts: the same spot the desktop camera starts, feet on the ground. */
export const SPAWN_XZ: [number, number] = [0, 6]

export interface XRSceneProps {
  store: WorldwalkXRStore
  /** Receives the origin group (the player's feet) once mounted; tests read its position. */
  onOrigin?: (origin: Group | null) => void
  children?: ReactNode
}

/** Wraps the world in <XR> and places the player's origin with stick locomotion. */
export function XRScene({ store, onOrigin, children }: XRSceneProps) {
  const origin = useRef<Group>(null)
  return (
    <XR store={store}>
      <XROrigin
        ref={(g) => {
          origin.current = g
          onOrigin?.(g)
        }}
        position={[SPAWN_XZ[0], terrainHeight(SPAWN_XZ[0], SPAWN_XZ[1]), SPAWN_XZ[1]]}
      />
      <XRLocomotion origin={origin} />
      {children}
    </XR>
  )
}
