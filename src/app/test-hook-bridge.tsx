import { useFrame, useThree } from '@react-three/fiber'
import { useEffect } from 'react'
import type { WorldwalkTestHook } from './test-hook'

/** Inside the canvas: hands the renderer, scene and current camera to the test hook and counts frames. */
export function TestHookBridge({ hook }: { hook: WorldwalkTestHook }) {
  const gl = useThree((s) => s.gl)
  const scene = useThree((s) => s.scene)
  const get = useThree((s) => s.get)
  useEffect(() => {
    hook.three = { gl, scene, camera: () => get().camera }
  }, [hook, gl, scene, get])
  useFrame((state, _delta, frame) => {
    hook.frames++
    // An XRFrame is only valid inside its own callback, so count the views here. (Test builds only:
    // getViewerPose allocates.)
    const space = frame ? state.gl.xr.getReferenceSpace() : null
    hook.xrViews = frame && space ? (frame.getViewerPose(space)?.views.length ?? 0) : 0
  })
  return null
}
