import type { Region } from '../region'
import { yawDirection } from './placement'

/**
 * Where an expansion goes when the person names a direction but no spot: walking from the viewer
 * along `yaw`, the first point at least `minDistance` away where a new region of `radius` overlaps
 * each existing expansion by no more than half its own radius. So "keep going" lays regions side
 * by side outwards (each blending into the last), never on top of one another. The base region
 * (index 0) is the whole world and is ignored.
 *
 * Each disc blocks one interval of the walk; pushing past a disc can only move the point further,
 * so repeating the pass until nothing moves ends after at most one pass per region.
 */
export function frontierPoint(
  viewer: [number, number],
  yaw: number,
  regions: readonly Region[],
  radius: number,
  minDistance: number,
): [number, number] {
  const [dx, dz] = yawDirection(yaw)
  let t = minDistance
  const others = regions.slice(1)
  for (let pass = 0; pass <= others.length; pass++) {
    let moved = false
    for (const r of others) {
      const ox = r.center[0] - viewer[0]
      const oz = r.center[1] - viewer[1]
      const along = ox * dx + oz * dz
      const across = ox * dz - oz * dx
      const clear = r.radius + radius / 2
      if (Math.abs(across) >= clear) continue
      const half = Math.sqrt(clear * clear - across * across)
      // Inside the blocked interval [along - half, along + half): move to its far end.
      if (t > along - half && t < along + half) {
        t = along + half
        moved = true
      }
    }
    if (!moved) break
  }
  return [viewer[0] + dx * t, viewer[1] + dz * t]
}
