import * as Comlink from 'comlink'
import type { Camera, Group, Scene, WebGLRenderer } from 'three'
import type { WorldStoreHooks } from '../storage/world-store'
import type { ModelWorkerDebugApi } from '../workers/frame-model-config'
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
   * the worker source, storage (`storage.flush()`).
   */
  world: WorldRuntime | null
  /**
   * Crash drill: tells the newest model worker to throw an uncaught error, exactly as a real
   * crash surfaces (the worker source sees an 'error' event and restarts it).
   */
  crashModelWorker(): void
  /** Given to the world runtime: remembers each model worker as it is spawned. */
  onModelWorker: (worker: Worker) => void
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
  let modelWorker: Worker | null = null
  const hook: WorldwalkTestHook = {
    app,
    xr,
    three: null,
    origin: null,
    frames: 0,
    xrViews: 0,
    world: null,
    storageHooks: {},
    crashModelWorker() {
      if (!modelWorker) throw new Error('no model worker has been spawned')
      // A second comlink proxy on the same worker: replies are matched by id, the source's is untouched.
      void Comlink.wrap<ModelWorkerDebugApi>(modelWorker).crash()
    },
    onModelWorker(worker) {
      modelWorker = worker
    },
  }
  window.__worldwalk = hook
  return hook
}
