import { useXRInputSourceStates, XRSpace } from '@react-three/xr'
import { useCallback } from 'react'
import type { Object3D } from 'three'
import { xrLive } from './xr-live'

/** Tracks one input source's target-ray space and registers it by handedness. */
function RaySpace({ source }: { source: XRInputSource }) {
  const handedness = source.handedness
  const register = useCallback(
    (g: Object3D | null) => {
      if (g) xrLive.rays[handedness] = g
      else if (xrLive.rays[handedness]) delete xrLive.rays[handedness]
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
