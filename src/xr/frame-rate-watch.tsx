import { useFrame, useThree } from '@react-three/fiber'
import { useRef } from 'react'
import { lowerRateFor, median } from './frame-rate-governor'

/** Frames per decision: about 2 s at 90 Hz. */
const WINDOW = 180
/** Frames ignored after the session starts or the rate changes (loading, shader compiles, the switch). */
const SETTLE = 90

const intervals = new Float32Array(WINDOW)
const scratch = new Float32Array(WINDOW)

/**
 * Watches the XR frame interval and lowers the session's refresh rate when frames cannot keep up
 * (see frame-rate-governor.ts). Does nothing where the browser cannot change rates.
 */
export function FrameRateWatch() {
  const xr = useThree((s) => s.gl.xr)
  const state = useRef({ n: 0, settle: SETTLE, switching: false })
  useFrame((_, delta) => {
    const session = xr.getSession()
    const s = state.current
    if (!session || !session.supportedFrameRates || session.frameRate === undefined || s.switching) {
      s.n = 0
      s.settle = SETTLE
      return
    }
    if (s.settle > 0) {
      s.settle--
      return
    }
    intervals[s.n++] = delta * 1000
    if (s.n < WINDOW) return
    s.n = 0
    const next = lowerRateFor(
      session.supportedFrameRates,
      session.frameRate,
      median(intervals, WINDOW, scratch),
    )
    if (next === null) return
    s.switching = true
    session
      .updateTargetFrameRate(next)
      .catch((e: unknown) => console.warn('could not lower the XR frame rate', e))
      .finally(() => {
        s.switching = false
        s.settle = SETTLE
      })
  })
  return null
}
