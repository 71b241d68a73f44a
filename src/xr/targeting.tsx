import { useFrame, useThree } from '@react-three/fiber'
import { useXRInputSourceEvent } from '@react-three/xr'
import type { Object3D } from 'three'
import { useAppStoreApi, useGround } from '../ui/react/stores-context'
import type { WorldTarget } from '../ui/app-store'
import { createGroundHit, type Ground, type GroundHit, type Vec3Like } from '../core/ground/ground'
import { readRay } from './head-pose'
import { rayPanelDistance } from './panel-hit'
import { xrLive } from './xr-live'

/** How far a pointing ray reaches into the world (m). */
export const TARGET_RAY_LENGTH = 80

const rayOrigin = { x: 0, y: 0, z: 0 }
const rayDir = { x: 0, y: 0, z: 0 }

/** Whether a ray meets the open panel before it would meet the ground at `groundDistance`. */
function panelFirst(origin: Vec3Like, dir: Vec3Like, groundDistance: number): boolean {
  const p = xrLive.panel
  if (!p) return false
  const t = rayPanelDistance(origin, dir, p.object, p.width, p.height)
  return t !== null && t < groundDistance
}

/** Ground hit of a ray space, unless a panel is in the way or there is none; fills `out`. */
function aimAt(ground: Ground, space: Object3D | undefined, out: GroundHit): boolean {
  if (!space) return false
  readRay(space, rayOrigin, rayDir)
  const hit = ground.raycast(rayOrigin, rayDir, TARGET_RAY_LENGTH, out)
  return hit !== null && !panelFirst(rayOrigin, rayDir, hit.distance)
}

const eventHit = createGroundHit()

/**
 * Targeting: each frame, where the right controller ray and the head's gaze meet the ground (through
 * the Ground interface, so a generated world's ground works unchanged); on select (trigger, hand
 * pinch, or a transient look-and-pinch) the pointed spot becomes the app's expansion target.
 */
export function XRTargeting() {
  const ground = useGround()
  const app = useAppStoreApi()
  const xr = useThree((s) => s.gl.xr)
  const session = useThree((s) => s.gl.xr.getSession())

  useFrame((state) => {
    if (!xr.isPresenting) {
      xrLive.rayHitValid = false
      xrLive.gazeHitValid = false
      return
    }
    // While aiming a teleport the arc, not the straight ray, says where the right hand points.
    xrLive.rayHitValid = !xrLive.teleport.aiming && aimAt(ground, xrLive.rays.right, xrLive.rayHit)
    xrLive.gazeHitValid = aimAt(ground, state.camera, xrLive.gazeHit)
  })

  useXRInputSourceEvent(
    session ? 'all' : undefined,
    'selectstart',
    (e) => {
      const hand = e.inputSource.handedness
      if (hand === 'right' && xrLive.teleport.aiming) return
      if (!aimAt(ground, xrLive.rays[hand], eventHit)) return
      const source: WorldTarget['source'] = e.inputSource.hand ? 'hand' : 'controller'
      app.getState().pickTarget({
        point: [eventHit.point.x, eventHit.point.y, eventHit.point.z],
        source,
        at: performance.now(),
      })
    },
    [ground, app],
  )
  return null
}
