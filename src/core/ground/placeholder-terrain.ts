/**
 * The placeholder ground (metres, three.js axes: +Y up): rolling hills with ponds, used before a
 * generated world has taught the walkers its own ground (world-ground.ts), and by tests that need
 * a ground of known shape. Pure math, no three.
 */

/** Water level (m): the terrain's lows below it read as ponds, and nobody lands on water. */
export const WATER_LEVEL = -0.55

/** Half the side of the square terrain patch, in metres. */
export const TERRAIN_HALF_SIZE = 120

/** Radius around the spawn point that is kept nearly flat so people start on level ground. */
const SPAWN_FLAT_RADIUS = 12

/** The placeholder: rolling hills that rise towards the horizon, flat near the spawn. */
export function placeholderHeight(x: number, z: number): number {
  const hills =
    1.6 * Math.sin(x * 0.09 + 0.4) * Math.cos(z * 0.07 - 0.3) +
    0.7 * Math.sin(x * 0.23 - z * 0.17 + 1.3) +
    0.25 * Math.sin(x * 0.61 + 2.1) * Math.sin(z * 0.53 - 0.7)
  const r = Math.hypot(x, z)
  // Far hills grow so the horizon has a silhouette instead of a flat edge.
  const rim = Math.max(0, r - 35) * 0.12
  const flat = Math.min(1, r / SPAWN_FLAT_RADIUS)
  return (hills + rim * rim * 0.1) * flat * flat
}
