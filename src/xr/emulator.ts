import { XRDevice, metaQuest3 } from 'iwer'

declare global {
  interface Window {
    /**
     * The emulated headset under `?emulate`: move it (`position`, `quaternion`) and drive its
     * controllers (`controllers.right.updateButtonValue('trigger', 1)`) from tests or devtools.
     */
    __iwer?: XRDevice
  }
}

/**
 * Installs Meta's IWER emulator as a stereo Quest 3. Must run before the XR store is created.
 *
 * `forceInstall` because headless (and many desktop) Chromium builds expose a native `navigator.xr`
 * with no device behind it; without forcing, IWER leaves that one in place and `enterVR()` fails.
 * That is also why the XR store's own `emulate` option stays off (it skips when navigator.xr exists).
 */
export function installEmulator(): XRDevice {
  if (window.__iwer) return window.__iwer
  const device = new XRDevice(metaQuest3, { stereoEnabled: true })
  device.installRuntime({ forceInstall: true })
  window.__iwer = device
  return device
}
