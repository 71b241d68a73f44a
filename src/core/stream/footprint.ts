import type { Region } from '../region'

/**
 * A world-space area on the ground plane (x, z), unbounded in height: what an edit touches.
 * A disc, because regions are discs (core/region.ts), so an edit's footprint is its region.
 */
export interface Footprint {
  /** Centre on the ground plane, world metres (x, z). */
  center: [number, number]
  /** Radius in metres. */
  radius: number
}

/** One footprint or several, as a list: what the lifter's removals take. */
export function footprintList(f: Footprint | readonly Footprint[]): readonly Footprint[] {
  return 'center' in f ? [f] : f
}

export function footprintOfRegion(region: Region): Footprint {
  return { center: [region.center[0], region.center[1]], radius: region.radius }
}

/** True when the ground point (x, z) lies within `margin` metres of the footprint. */
export function footprintContains(f: Footprint, x: number, z: number, margin = 0): boolean {
  const dx = x - f.center[0]
  const dz = z - f.center[1]
  const r = f.radius + margin
  return dx * dx + dz * dz <= r * r
}

/** True when the footprint meets the axis-aligned ground rectangle [x0, x1] x [z0, z1]. */
export function footprintMeetsRect(f: Footprint, x0: number, z0: number, x1: number, z1: number): boolean {
  const cx = Math.min(Math.max(f.center[0], x0), x1)
  const cz = Math.min(Math.max(f.center[1], z0), z1)
  return footprintContains(f, cx, cz)
}
