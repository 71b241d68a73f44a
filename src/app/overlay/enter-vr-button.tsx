import { useState } from 'react'
import type { WorldwalkXRStore } from '../../xr/xr-store'
import { useAppState } from '../../ui/react/stores-context'

/** "Enter VR" (or "Exit VR" while in a session); disabled with a reason where VR is unavailable. */
export function EnterVRButton({ xr }: { xr: WorldwalkXRStore }) {
  const support = useAppState((s) => s.vrSupport)
  const mode = useAppState((s) => s.mode)
  const [error, setError] = useState<string | null>(null)
  const inVR = mode === 'vr'
  const onClick = () => {
    setError(null)
    if (inVR) {
      void xr.getState().session?.end()
      return
    }
    xr.enterVR().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
  }
  const label = inVR ? 'Exit VR' : support === 'unsupported' ? 'VR not available' : 'Enter VR'
  return (
    <div className="ww-vr">
      <button
        type="button"
        className="ww-button"
        data-testid="enter-vr"
        disabled={!inVR && support !== 'supported'}
        title={
          support === 'unsupported' ? 'No WebXR headset found. Try ?emulate to use an emulated Quest 3.' : ''
        }
        onClick={onClick}
      >
        {label}
      </button>
      {error && <div className="ww-error">{error}</div>}
    </div>
  )
}
