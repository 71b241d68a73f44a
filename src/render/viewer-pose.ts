import type { Camera, Quaternion, Vector3, WebGLRenderer } from 'three'
import { Vector3 as V3 } from 'three'

const other = new V3()

/**
 * Where the viewer's head is, for streaming: the desktop camera, or in an immersive session the
 * point between the eyes. three's XR camera (and so the scene camera in VR) takes its position
 * from the first view, the left eye, 32 mm off the head: a head resting on a cell edge then
 * stands in a different cell in VR than on the desktop, and the model is asked again for a
 * place it already painted.
 */
export function viewerPose(gl: WebGLRenderer, camera: Camera, position: Vector3, rotation: Quaternion): void {
  camera.getWorldPosition(position)
  camera.getWorldQuaternion(rotation)
  if (!gl.xr.isPresenting) return
  const eyes = gl.xr.getCamera().cameras
  if (eyes.length < 2) return
  // The eye cameras sit outside the scene graph: their matrixWorld (set by three's XR manager,
  // play-area transform included) is read as it is, not recomputed from a parent they lack.
  position.setFromMatrixPosition(eyes[0]!.matrixWorld)
  position.add(other.setFromMatrixPosition(eyes[1]!.matrixWorld)).multiplyScalar(0.5)
}
