import type { Camera, Group, Scene, WebGLRenderer } from 'three'
import type { WorldwalkXRStore } from '../xr/xr-store'
import type { AppStore } from './app-store'

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
  /** Resolves with the number of views of the next XR frame (2 for stereo). */
  xrViewCount(): Promise<number>
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
    async xrViewCount() {
      const frame = await xr.requestFrame()
      const space = xr.getState().originReferenceSpace
      if (!space) return 0
      return frame.getViewerPose(space)?.views.length ?? 0
    },
  }
  window.__worldwalk = hook
  return hook
}
