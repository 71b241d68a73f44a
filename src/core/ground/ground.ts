/**
 * What locomotion and targeting need to know about the world's ground, and nothing more.
 *
 * The placeholder world implements it over a pure height function (terrain-ground.ts); the generated
 * world will implement it from depth frames or splats. Locomotion, teleport and targeting only ever
 * talk to this interface, so swapping the world changes no XR code.
 *
 * Plain `{x, y, z}` objects (three's Vector3 fits) and no three import, so it runs in Node tests.
 */

export interface Vec3Like {
  x: number
  y: number
  z: number
}

/** What a ray hit: solid ground someone may stand on, or water (visible, but not a place to land). */
export type GroundKind = 'ground' | 'water'

export interface GroundHit {
  point: Vec3Like
  /** Unit surface normal at the hit (points up out of the surface). */
  normal: Vec3Like
  kind: GroundKind
  /** Distance along the ray from its origin (m). */
  distance: number
}

export interface Ground {
  /** Height of the walkable surface at (x, z), or null where the world has no ground known there (sky, unexplored). */
  heightAt(x: number, z: number): number | null
  /** Whether (x, z) is covered by water (its surface is the water's, and nobody lands there). */
  isWater(x: number, z: number): boolean
  /**
   * First hit of a ray (unit `dir`) within `maxDist`, or null (sky, nothing generated there).
   * Pass `out` to reuse a hit object: called every frame by the arc and the reticles.
   */
  raycast(origin: Vec3Like, dir: Vec3Like, maxDist: number, out?: GroundHit): GroundHit | null
}

/** A hit object to pass as `out` (allocate once, outside frame loops). */
export function createGroundHit(): GroundHit {
  return { point: { x: 0, y: 0, z: 0 }, normal: { x: 0, y: 1, z: 0 }, kind: 'ground', distance: 0 }
}
