/** Whether this browser (or the installed emulator) can start an immersive-vr session. Never throws. */
export async function isVRSupported(xr: XRSystem | undefined = navigator.xr): Promise<boolean> {
  if (!xr) return false
  try {
    return await xr.isSessionSupported('immersive-vr')
  } catch {
    // Permissions policy or an insecure context: treat as unsupported rather than failing the app.
    return false
  }
}
