import { Matrix4, type Camera, type Object3D } from 'three'

/**
 * Where the head is in the world this frame. In an XR frame callback the XR camera's local `matrix`
 * already holds this frame's pose relative to the origin, but its `matrixWorld` is last frame's
 * (three recomputes it at render). So compose origin x local ourselves: exact even right after
 * locomotion moved the origin, and it needs no allocation.
 */
export interface HeadPose {
  x: number
  y: number
  z: number
  /** Horizontal forward direction (not normalised; zero when looking straight up or down). */
  fx: number
  fz: number
}

const world = new Matrix4()

export function createHeadPose(): HeadPose {
  return { x: 0, y: 0, z: 0, fx: 0, fz: -1 }
}

/** Fills `out` from the origin (the XR camera's parent) and the XR camera. */
export function readHeadPose(origin: Object3D, xrCamera: Camera, out: HeadPose): HeadPose {
  origin.updateMatrixWorld()
  world.multiplyMatrices(origin.matrixWorld, xrCamera.matrix)
  const e = world.elements
  out.x = e[12]!
  out.y = e[13]!
  out.z = e[14]!
  // The camera looks down its local -Z: the third column, negated.
  out.fx = -e[8]!
  out.fz = -e[10]!
  return out
}

/**
 * Fills a world-space ray (origin, unit direction along local -Z) from a tracked space object, such as a
 * controller's target-ray space, after bringing its world matrix up to date.
 */
export function readRay(
  space: Object3D,
  origin: { x: number; y: number; z: number },
  dir: { x: number; y: number; z: number },
): void {
  space.updateWorldMatrix(true, false)
  const e = space.matrixWorld.elements
  origin.x = e[12]!
  origin.y = e[13]!
  origin.z = e[14]!
  const len = Math.hypot(e[8]!, e[9]!, e[10]!) || 1
  dir.x = -e[8]! / len
  dir.y = -e[9]! / len
  dir.z = -e[10]! / len
}
