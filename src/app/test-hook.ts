import type { Camera, Group, Scene, WebGLRenderer } from 'three'
import type { WorldStoreHooks } from '../storage/world-store'
import type { WorldwalkXRStore } from '../xr/xr-store'
import type { AppStore } from '../ui/app-store'
import type { WorldRuntime } from './world-runtime'

/**
 * What `?test` exposes as `window.__worldwalk`, for the e2e tests (and for poking at in devtools).
 * Live objects, not copies: read them inside `page.evaluate`.
 */
export interface WorldwalkTestHook {
  app: AppStore
  xr: WorldwalkXRStore
  /** Set once the canvas is up. */
  three: { gl: WebGLRenderer; scene: Scene; camera: () => Camera } | null
  /** The XR origin (the player's feet); locomotion moves it. */
  origin: Group | null
  /** Frames rendered so far (counts both desktop and XR frames). */
  frames: number
  /** Views in the last XR frame's viewer pose (2 for stereo; 0 outside a session). */
  xrViews: number
  /**
   * The generated world's runtime once started: the session (stats.modelCalls counts model calls),
   * the worker source (`worker.crashForTest()`), storage (`storage.flush()`).
   */
  world: WorldRuntime | null
  /**
   * The hooks the app's WorldStore is opened with: an e2e test sets `beforeCommit` to stop a
   * save at its commit point (and kill the tab there).
   */
  storageHooks: WorldStoreHooks
}

declare global {
  interface Window {
    __worldwalk?: WorldwalkTestHook
  }
}

export function installTestHook(app: AppStore, xr: WorldwalkXRStore): WorldwalkTestHook {
  const hook: WorldwalkTestHook = {
    app,
    xr,
    three: null,
    origin: null,
    frames: 0,
    xrViews: 0,
    world: null,
    storageHooks: {},
  }
  window.__worldwalk = hook
  return hook
}
