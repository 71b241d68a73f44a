import type { Ground } from './ground'

/**
 * Trims a walking step (`step` = [dx, dz], changed in place) so a walker on land stops at the
 * water's edge, sliding along the shore when the step grazes it: the frames show the water's
 * surface, and a person walking on it at eye height over the lake is walking on nothing. A
 * walker already in the water (an old world, a shore that moved) may walk anywhere, out included.
 */
export function stopAtShore(ground: Ground, x: number, z: number, step: Float64Array | number[]): void {
  const dx = step[0]!
  const dz = step[1]!
  if ((dx === 0 && dz === 0) || ground.isWater(x, z) || !ground.isWater(x + dx, z + dz)) return
  if (dx !== 0 && !ground.isWater(x + dx, z)) {
    step[1] = 0
  } else if (dz !== 0 && !ground.isWater(x, z + dz)) {
    step[0] = 0
  } else {
    step[0] = 0
    step[1] = 0
  }
}
