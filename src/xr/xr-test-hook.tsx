import type { RefObject } from 'react'
import { useEffect } from 'react'
import type { Group } from 'three'
import { menuStore, type MenuStore } from '../app/panels/menu-store'
import { settingsStore, type SettingsStore } from '../app/settings-store'
import type { Ground } from './ground'
import { groundStore, type GroundState } from './ground-store'
import { createHeightFieldGround } from './terrain-ground'
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
  }, [origin])
  return null
}
