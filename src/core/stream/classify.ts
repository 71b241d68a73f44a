import type { Vec3 } from '../pose'
import { angleBetween, type DirectionTile } from './direction-tiles'

/** Why a frame is asked for, in the order they are served. */
export type RequestReason = 'view' | 'target' | 'motion' | 'periphery' | 'behind'

export const REASON_RANK: Record<RequestReason, number> = {
  view: 0,
  target: 1,
  motion: 2,
  periphery: 3,
  behind: 4,
}

/** Angular thresholds for classifying tiles, radians. */
export interface ClassifyCones {
  view: number
  target: number
  motion: number
  periphery: number
}

export interface Classified {
  reason: RequestReason
  /** Angle to the direction that gave the reason; orders tiles within one reason. */
  angle: number
}

/**
 * Classifies every tile of a cell against the viewer's forward, target and motion directions.
 * The tile nearest the view direction is always 'view', however narrow the cone, so a viewer
 * always gets the frame in front of them first.
 */
export function classifyTiles(
  tiles: readonly DirectionTile[],
  forward: Vec3,
  targetDir: Vec3 | null,
  motionDir: Vec3 | null,
  cones: ClassifyCones,
): Classified[] {
  let nearest = 0
  let nearestAngle = Infinity
  const viewAngles = tiles.map((t, i) => {
    const a = angleBetween(t.forward, forward)
    if (a < nearestAngle) {
      nearestAngle = a
      nearest = i
    }
    return a
  })
  return tiles.map((t, i): Classified => {
    const av = viewAngles[i]
    if (av <= cones.view || i === nearest) return { reason: 'view', angle: av }
    if (targetDir) {
      const at = angleBetween(t.forward, targetDir)
      if (at <= cones.target) return { reason: 'target', angle: at }
    }
    if (motionDir) {
      const am = angleBetween(t.forward, motionDir)
      if (am <= cones.motion) return { reason: 'motion', angle: am }
    }
    return { reason: av <= cones.periphery ? 'periphery' : 'behind', angle: av }
  })
}
