import { useXRInputSourceStates, XRSpace } from '@react-three/xr'
import { useCallback, useRef } from 'react'
import type { Object3D } from 'three'
import { xrLive } from './xr-live'

/** Tracks one input source's target-ray space and registers it by handedness. */
function RaySpace({ source }: { source: XRInputSource }) {
  const handedness = source.handedness
  const mine = useRef<Object3D | null>(null)
  const register = useCallback(
    (g: Object3D | null) => {
      if (g) {
        mine.current = g
        xrLive.rays[handedness] = g
        return
      }
      // Switching controllers <-> hands mounts the new source before the old one unmounts: only
      // unregister our own space, not the successor's.
      if (xrLive.rays[handedness] === mine.current) delete xrLive.rays[handedness]
      mine.current = null
    },
    [handedness],
  )
  return <XRSpace ref={register} space={source.targetRaySpace} />
}

/**
 * The target-ray spaces of every controller, hand (its pinch ray), gaze and transient pointer
 * (Vision Pro's look-and-pinch), so targeting and teleport treat them alike. Must sit inside
 * <XROrigin>: the spaces are relative to the origin's reference space.
 */
export function RaySpaces() {
  const states = useXRInputSourceStates()
  return (
    <>
      {states.map((s) => (
        <RaySpace key={s.id} source={s.inputSource} />
      ))}
    </>
  )
}
