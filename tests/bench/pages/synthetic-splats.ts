import type { SplatBatch } from '../../../src/core/lift'
import { createSplatBatch } from '../../../src/core/lift'
import { seededRandom } from '../../../src/core/random'

/** Ground-facing splats: local z (the normal) turned to world +Y, a -90 degree turn about X. */
const GROUND_QUAT = [-Math.SQRT1_2, 0, 0, Math.SQRT1_2] as const

/**
 * `count` splats laid on rolling ground around the origin, the way lifted frames fill a world:
 * dense and small near the viewer, sparser and larger farther out (a frame's pixel footprint
 * grows with depth). Seeded, so both pages of the render bench draw the very same splats.
 */
export function syntheticGroundSplats(count: number, seed = 7, radius = 140): SplatBatch {
  const rand = seededRandom(seed)
  const b = createSplatBatch(count)
  for (let i = 0; i < count; i++) {
    // Radius drawn so density falls off with distance, as it does in frames taken from the walk.
    const r = radius * rand() ** 1.6
    const a = rand() * 2 * Math.PI
    const x = r * Math.sin(a)
    const z = r * Math.cos(a)
    const y = 1.5 * Math.sin(x * 0.07) * Math.cos(z * 0.05) + 0.2 * rand()
    const s = 0.03 + 0.004 * r
    const i3 = 3 * i
    b.centers[i3] = x
    b.centers[i3 + 1] = y
    b.centers[i3 + 2] = z
    b.scales[i3] = s
    b.scales[i3 + 1] = s
    b.scales[i3 + 2] = s * 0.1
    b.quats.set(GROUND_QUAT, 4 * i)
    const g = 0.35 + 0.3 * rand()
    b.colors[i3] = 0.25 + 0.2 * Math.sin(x * 0.3) ** 2
    b.colors[i3 + 1] = g
    b.colors[i3 + 2] = 0.2 + 0.1 * rand()
    b.opacities[i] = 0.9
  }
  b.count = count
  return b
}
