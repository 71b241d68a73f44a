import { createXRStore, type XRStore } from '@react-three/xr'
import { WorldwalkController } from './controller-model'
import { pickFrameRate } from './frame-rate'

/** Where our self-hosted input profiles live (public/xr-profiles/), served by the app itself. */
export const XR_PROFILES_PATH = '/xr-profiles/'

export type WorldwalkXRStore = XRStore

/**
 * Creates the app's XR store. Call after `installEmulator()` when emulating.
 *
 * - `baseAssetPath`: absolute URL of our own profiles (pmndrs/xr resolves paths against it, and its
 *   default is jsDelivr, which an offline, cross-origin-isolated app must not use).
 * - `controller`: our own model, so no glb is fetched; `hand.model` off for the same reason.
 * - `emulate: false`: emulation is installed explicitly under `?emulate` (see emulator.ts).
 * - `frameBufferScaling`: `?scale=` (renderScale) asks a headset for eye buffers at that share of
 *   its default size (WebXR's framebufferScaleFactor; not tried on a device, and IWER ignores it);
 *   null keeps the device's default.
 */
export function createWorldwalkXRStore(
  renderScale: number | null = null,
  origin: string = window.location.href,
): WorldwalkXRStore {
  return createXRStore({
    emulate: false,
    baseAssetPath: new URL(XR_PROFILES_PATH, origin).href,
    controller: WorldwalkController,
    hand: { model: false },
    frameRate: pickFrameRate,
    // Fixed foveation trades peripheral resolution for frame time; splat rendering is fill-rate bound.
    foveation: 0.5,
    frameBufferScaling: renderScale ?? undefined,
  })
}
