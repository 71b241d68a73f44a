import type { Ground } from './ground'
import { createHeightFieldGround } from './height-field-ground'
import type { WorldGround } from './world-ground'

/**
 * The walkers' Ground over a generated world's WorldGround: heights where splats have been lifted
 * (null over ground nobody has seen, which rays fly over), and water where the frames said water.
 * Unbounded: the placeholder's 120 m patch and its water plane (-0.55 m) do not apply to a world
 * whose water lies at its own height, wherever the walker has been.
 */
export function createLearntGround(world: WorldGround): Ground {
  return createHeightFieldGround({
    height: (x, z) => world.heightAt(x, z),
    // Before the first splat is lifted (a new world, or one whose ground an edit cleared) the
    // walkers stand on the fallback, the spawn's height, rather than on nothing.
    known: (x, z) => world.columns === 0 || world.knownHeightAt(x, z) !== null,
    isWater: (x, z) => world.isWater(x, z),
    halfSize: Number.POSITIVE_INFINITY,
  })
}
