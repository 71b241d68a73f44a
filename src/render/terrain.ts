/**
 * The ground the viewer stands on (metres, three.js axes: +Y up). Pure math with no three import,
 * so desktop walking, VR locomotion and tests share one ground. A generated world registers its
 * own ground (learnt from its frames, render/world-ground.ts) with `setWalkableGround`; until then
 * it is the placeholder height field below.
 */

/** Anything that knows the surface height of the world at a ground point. */
export interface WalkableGround {
  heightAt(x: number, z: number): number
}

let walkable: WalkableGround | null = null

/** Makes `ground` the surface every walker follows (null restores the placeholder). */
export function setWalkableGround(ground: WalkableGround | null): void {
  walkable = ground
}

/** Half the side of the square terrain patch, in metres. */
export const TERRAIN_HALF_SIZE = 120

/** Radius around the spawn point that is kept nearly flat so people start on level ground. */
const SPAWN_FLAT_RADIUS = 12

/** Ground height at (x, z): the generated world's when one is registered, else the placeholder's. */
export function terrainHeight(x: number, z: number): number {
  return walkable ? walkable.heightAt(x, z) : placeholderHeight(x, z)
}

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
