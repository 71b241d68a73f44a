import type { Ground } from './ground'

/**
 * Trims walking steps (`step` = [dx, dz], changed in place) so a walker on land stops at the
 * water's edge, sliding along the shore when the step grazes it: the frames show the water's
 * surface, and a person walking on it at eye height over the lake is walking on nothing.
 *
 * The ground is learnt as frames arrive, so a column walked onto as land can turn out to be water
 * a moment later (a coarse frame blurred the shore; the finer one sees the water). A walker found
 * in the water may step back to land or towards the last dry spot it stood on, never deeper.
 */
export class ShoreGuard {
  private dryX = NaN
  private dryZ = NaN

  /** Trims `step` for a walker at (x, z). */
  trim(ground: Ground, x: number, z: number, step: Float64Array | number[]): void {
    const dx = step[0]!
    const dz = step[1]!
    if (!ground.isWater(x, z)) {
      this.dryX = x
      this.dryZ = z
      if (!ground.isWater(x + dx, z + dz)) return
      if (dx !== 0 && !ground.isWater(x + dx, z)) step[1] = 0
      else if (dz !== 0 && !ground.isWater(x, z + dz)) step[0] = 0
      else step[0] = step[1] = 0
      return
    }
    if (!ground.isWater(x + dx, z + dz) || Number.isNaN(this.dryX)) return
    // In the water: only steps that bring the walker nearer the last dry spot.
    const before = Math.hypot(this.dryX - x, this.dryZ - z)
    const after = Math.hypot(this.dryX - x - dx, this.dryZ - z - dz)
    if (after >= before) step[0] = step[1] = 0
  }
}
