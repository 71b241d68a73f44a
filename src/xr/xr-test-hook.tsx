import type { RefObject } from 'react'
import { useEffect } from 'react'
import type { Group } from 'three'
import type { MenuStore } from '../ui/panels/menu-store'
import type { SettingsStore } from '../ui/settings-store'
import { useStores } from '../ui/react/stores-context'
import type { Ground } from '../core/ground/ground'
import type { GroundState } from '../ui/ground-store'
import { createHeightFieldGround } from '../core/ground/height-field-ground'
import { xrLive, type XRLive } from './xr-live'

/**
 * What the XR e2e tests read and drive, as `window.__worldwalkXR`. Installed only when the app's own
 * test hook (`?test`, window.__worldwalk) is there, so production pages expose nothing.
 */
export interface WorldwalkXRTestHook {
  live: XRLive
  settings: SettingsStore
  menu: MenuStore
  /** The ground in use, and a way to swap in a synthetic one (tests know its shape exactly). */
  ground: () => Ground
  setGround: GroundState['setGround']
  heightFieldGround: typeof createHeightFieldGround
  origin: () => Group | null
}

declare global {
  interface Window {
    __worldwalkXR?: WorldwalkXRTestHook
  }
}

export function XRTestHook({ origin }: { origin: RefObject<Group | null> }) {
  const { settings: settingsStore, menu: menuStore, ground: groundStore } = useStores()
  useEffect(() => {
    if (!window.__worldwalk) return
    window.__worldwalkXR = {
      live: xrLive,
      settings: settingsStore,
      menu: menuStore,
      ground: () => groundStore.getState().ground,
      setGround: (g) => groundStore.getState().setGround(g),
      heightFieldGround: createHeightFieldGround,
      origin: () => origin.current,
    }
    return () => {
      delete window.__worldwalkXR
    }
  }, [origin, settingsStore, menuStore, groundStore])
  return null
}
