import { Matrix4, Vector3, type Object3D } from 'three'
import type { Vec3Like } from '../core/ground/ground'

const inverse = new Matrix4()
const o = new Vector3()
const d = new Vector3()

/**
 * Distance along a world ray to a flat panel (a plane in its object's local XY, facing +Z, centred,
 * `width` x `height` metres), or null when the ray misses it. Lets targeting and teleport stand
 * aside while a ray points at a panel, with no raycaster allocation per frame.
 */
export function rayPanelDistance(
  origin: Vec3Like,
  dir: Vec3Like,
  panel: Object3D,
  width: number,
  height: number,
): number | null {
  panel.updateWorldMatrix(true, false)
  inverse.copy(panel.matrixWorld).invert()
  o.set(origin.x, origin.y, origin.z).applyMatrix4(inverse)
  d.set(dir.x, dir.y, dir.z).transformDirection(inverse)
  if (Math.abs(d.z) < 1e-9) return null
  const t = -o.z / d.z
  if (t <= 0) return null
  const x = o.x + d.x * t
  const y = o.y + d.y * t
  if (Math.abs(x) > width / 2 || Math.abs(y) > height / 2) return null
  // t is in the panel's local units; the panel is not scaled, so it is metres.
  return t
}
