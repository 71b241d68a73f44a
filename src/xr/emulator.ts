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
export async function installEmulator(options: { devUi: boolean }): Promise<XRDevice> {
  if (window.__iwer) return window.__iwer
  const device = new XRDevice(metaQuest3, { stereoEnabled: true })
  device.installRuntime({ forceInstall: true })
  if (options.devUi) {
    // Meta's on-screen controls (move the headset, drive the controllers' sticks and buttons), so a
    // person without a headset can walk, turn, teleport and target. Tests leave it out: it keeps
    // control of the headset pose, and they drive the device directly.
    const { DevUI } = await import('@iwer/devui')
    device.installDevUI(DevUI)
  }
  window.__iwer = device
  return device
}
