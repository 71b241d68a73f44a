import { XR, XROrigin } from '@react-three/xr'
import { useCallback, useRef, type ReactNode } from 'react'
import type { Group } from 'three'
import { AimReticles } from '../render/aim-reticles'
import { placeholderHeight } from '../core/ground/placeholder-terrain'
import { SPAWN_XZ } from '../core/world/spawn'
import { useStores } from '../ui/react/stores-context'
import { TeleportArcView } from './teleport-arc-view'
import { ComfortVignette } from './comfort-vignette'
import { FrameRateWatch } from './frame-rate-watch'
import { XRLocomotion } from './locomotion'
import { RaySpaces } from './ray-spaces'
import { XRTargeting } from './targeting'
import { XRMenuPanel } from './xr-menu-panel'
import type { WorldwalkXRStore } from './xr-store'
import { XRTestHook } from './xr-test-hook'
import { xrLive } from './xr-live'

/** The origin's starting position (the spawn, feet on the ground); a constant so re-renders never move the origin back here. */
const SPAWN_POSITION: [number, number, number] = [
  SPAWN_XZ[0],
  placeholderHeight(SPAWN_XZ[0], SPAWN_XZ[1]),
  SPAWN_XZ[1],
]

/** What the reticles read: the hits targeting writes into xrLive every frame. */
const rayReticle = { point: xrLive.rayHit.point, valid: () => xrLive.rayHitValid }
const gazeReticle = { point: xrLive.gazeHit.point, valid: () => xrLive.gazeHitValid }

export interface XRSceneProps {
  store: WorldwalkXRStore
  /** Receives the origin group (the player's feet) once mounted; tests read its position. */
  onOrigin?: (origin: Group | null) => void
  children?: ReactNode
}

/**
 * Wraps the world in <XR> and adds everything the headset needs: the origin with the tracked ray
 * spaces, locomotion, targeting, the comfort vignette, teleport arc, reticles and the menu panel.
 * Order matters for the frame callbacks: locomotion moves the origin before the others read it.
 * The ground they all use comes from the ground store (ui/ground-store.ts), the seam a world plugs into;
 * settings and stores come from the app's one context (ui/react/stores-context.ts).
 */
export function XRScene({ store, onOrigin, children }: XRSceneProps) {
  const origin = useRef<Group>(null)
  const { settings } = useStores()
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
      <XROrigin ref={setOrigin} position={SPAWN_POSITION}>
        <RaySpaces />
      </XROrigin>
      <XRLocomotion origin={origin} settings={settings} />
      <XRTargeting />
      <ComfortVignette />
      <TeleportArcView source={xrLive.teleport} />
      <AimReticles ray={rayReticle} gaze={gazeReticle} />
      <XRMenuPanel />
      <FrameRateWatch />
      <XRTestHook origin={origin} />
      {children}
    </XR>
  )
}
