import { placeholderHeight, TERRAIN_HALF_SIZE, WATER_LEVEL } from './placeholder-terrain'
import { createGroundHit, type Ground, type GroundHit, type Vec3Like } from './ground'

/** Smallest march step (m): small enough that no hill crest of the placeholder terrain is skipped. */
const MIN_STEP = 0.05
/** Largest march step (m) high above the ground. */
const MAX_STEP = 1
/** Bisection rounds once the surface is bracketed: 2^-24 of a step is far below a millimetre. */
const BISECT_ROUNDS = 24
/** Half-width (m) of the finite difference used for the ground normal. */
const NORMAL_EPS = 0.05

export interface HeightFieldGroundOptions {
  /** Ground height at (x, z). */
  height: (x: number, z: number) => number
  /** Water surface height; ground below it is under water. Omit for a world without water. */
  waterLevel?: number
  /** Half the side of the square patch the height field covers; outside it there is no ground. */
  halfSize: number
  /**
   * Where the surface is known: elsewhere heightAt is null and rays fly on over it, as over the
   * sky. @default everywhere inside the patch
   */
  known?: (x: number, z: number) => boolean
  /**
   * Where water lies, when the world says so itself (a learnt ground's materials) instead of a
   * water plane: the surface there is the height field's own, at the water's surface.
   */
  isWater?: (x: number, z: number) => boolean
}

/**
 * A Ground over a height field plus a flat water plane: the placeholder world's ground, and any later
 * ground that can be expressed as heights (for example a height map rasterised from depth frames).
 */
export function createHeightFieldGround({
  height,
  waterLevel,
  halfSize,
  known,
  isWater: waterAt,
}: HeightFieldGroundOptions): Ground {
  const water = waterLevel ?? Number.NEGATIVE_INFINITY
  const inside = (x: number, z: number) =>
    Math.abs(x) <= halfSize && Math.abs(z) <= halfSize && (!known || known(x, z))
  /** Height of whatever surface a ray would meet at (x, z): the water plane covers the hollows. */
  const surfaceAt = (x: number, z: number) => Math.max(height(x, z), water)
  const wet = waterAt ?? ((x: number, z: number) => height(x, z) < water)
  const spare = createGroundHit()

  const ground: Ground = {
    heightAt: (x, z) => (inside(x, z) ? height(x, z) : null),
    isWater: (x, z) => inside(x, z) && wet(x, z),
    raycast(origin: Vec3Like, dir: Vec3Like, maxDist: number, out: GroundHit = spare): GroundHit | null {
      if (!known && !inside(origin.x, origin.z)) return null
      const above = (t: number) => {
        const x = origin.x + dir.x * t
        const z = origin.z + dir.z * t
        // Over ground nobody has seen the ray is in the air: it flies on (a metre a step).
        return inside(x, z) ? origin.y + dir.y * t - surfaceAt(x, z) : 2 * MAX_STEP
      }
      let t0 = 0
      let f0 = above(0)
      // Starting under the surface (a head inside a hill): no meaningful hit.
      if (f0 < 0) return null
      while (t0 < maxDist) {
        // Step in proportion to the height above the surface: big strides in the air, small near the ground.
        const t1 = Math.min(maxDist, t0 + Math.min(MAX_STEP, Math.max(MIN_STEP, f0 * 0.5)))
        const x1 = origin.x + dir.x * t1
        const z1 = origin.z + dir.z * t1
        // Leaving the patch means the ray flies on into the sky.
        if (!known && !inside(x1, z1)) return null
        const f1 = above(t1)
        if (f1 <= 0) {
          let lo = t0
          let hi = t1
          for (let i = 0; i < BISECT_ROUNDS; i++) {
            const mid = (lo + hi) / 2
            if (above(mid) > 0) lo = mid
            else hi = mid
          }
          return fillHit(out, origin, dir, hi)
        }
        t0 = t1
        f0 = f1
      }
      return null
    },
  }

  function fillHit(out: GroundHit, origin: Vec3Like, dir: Vec3Like, t: number): GroundHit {
    const x = origin.x + dir.x * t
    const z = origin.z + dir.z * t
    const isWater = wet(x, z)
    out.point.x = x
    out.point.y = Math.max(height(x, z), water)
    out.point.z = z
    out.distance = t
    out.kind = isWater ? 'water' : 'ground'
    if (isWater) {
      out.normal.x = 0
      out.normal.y = 1
      out.normal.z = 0
    } else {
      // Normal of the height field from central differences: (-dh/dx, 1, -dh/dz), normalised.
      const nx = -(height(x + NORMAL_EPS, z) - height(x - NORMAL_EPS, z)) / (2 * NORMAL_EPS)
      const nz = -(height(x, z + NORMAL_EPS) - height(x, z - NORMAL_EPS)) / (2 * NORMAL_EPS)
      const len = Math.hypot(nx, 1, nz)
      out.normal.x = nx / len
      out.normal.y = 1 / len
      out.normal.z = nz / len
    }
    return out
  }

  return ground
}

/**
 * The placeholder hills with ponds wherever they dip under the water plane: what desktop walking,
 * VR locomotion and targeting share until a world has taught them its own ground
 * (learnt-ground.ts), and again once it is disposed.
 */
export function createTerrainGround(): Ground {
  return createHeightFieldGround({
    height: placeholderHeight,
    waterLevel: WATER_LEVEL,
    halfSize: TERRAIN_HALF_SIZE,
  })
}
