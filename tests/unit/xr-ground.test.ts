import { describe, expect, it } from 'vitest'
import {
  placeholderHeight as terrainHeight,
  TERRAIN_HALF_SIZE,
  WATER_LEVEL,
} from '../../src/core/ground/placeholder-terrain'
import { createGroundHit } from '../../src/core/ground/ground'
import { createHeightFieldGround, createTerrainGround } from '../../src/core/ground/height-field-ground'

const norm = (x: number, y: number, z: number) => {
  const l = Math.hypot(x, y, z)
  return { x: x / l, y: y / l, z: z / l }
}

describe('height-field ground', () => {
  const flat = createHeightFieldGround({ height: () => 1, waterLevel: 0, halfSize: 10 })

  it('hits flat ground where a straight ray meets it', () => {
    const hit = flat.raycast({ x: 0, y: 3, z: 0 }, norm(0, -1, -1), 20)
    expect(hit).not.toBeNull()
    expect(hit!.kind).toBe('ground')
    expect(hit!.point.y).toBeCloseTo(1, 5)
    expect(hit!.point.z).toBeCloseTo(-2, 4)
    expect(hit!.distance).toBeCloseTo(Math.SQRT2 * 2, 4)
    expect(hit!.normal.y).toBeCloseTo(1, 6)
  })

  it('misses upward rays, rays that leave the patch and rays that stop short', () => {
    expect(flat.raycast({ x: 0, y: 3, z: 0 }, norm(0, 1, -1), 50)).toBeNull()
    expect(flat.raycast({ x: 0, y: 3, z: 0 }, norm(0, -0.01, -1), 50)).toBeNull()
    expect(flat.raycast({ x: 0, y: 3, z: 0 }, norm(0, -1, -1), 2)).toBeNull()
  })

  it('has no height outside the patch (sky)', () => {
    expect(flat.heightAt(0, 0)).toBe(1)
    expect(flat.heightAt(11, 0)).toBeNull()
  })

  it('reports water over hollows below the water level', () => {
    const pond = createHeightFieldGround({
      height: (x) => (Math.abs(x) < 2 ? -1 : 1),
      waterLevel: 0,
      halfSize: 10,
    })
    expect(pond.isWater(0, 0)).toBe(true)
    expect(pond.isWater(5, 0)).toBe(false)
    const out = createGroundHit()
    const hit = pond.raycast({ x: 0, y: 2, z: 0 }, norm(0, -1, 0), 10, out)
    expect(hit).toBe(out)
    expect(hit!.kind).toBe('water')
    expect(hit!.point.y).toBeCloseTo(0, 5)
  })
})

describe('placeholder terrain ground', () => {
  const ground = createTerrainGround()

  it('follows terrainHeight and the water plane', () => {
    for (const [x, z] of [
      [0, 6],
      [20, -15],
      [-40, 30],
    ] as const) {
      expect(ground.heightAt(x, z)).toBe(terrainHeight(x, z))
      expect(ground.isWater(x, z)).toBe(terrainHeight(x, z) < WATER_LEVEL)
    }
    expect(ground.heightAt(TERRAIN_HALF_SIZE + 1, 0)).toBeNull()
  })

  it('lands rays on the terrain surface within a centimetre', () => {
    for (let i = 0; i < 50; i++) {
      const a = i * 0.37
      const dir = norm(Math.sin(a), -0.3 - (i % 5) * 0.1, Math.cos(a))
      const hit = ground.raycast({ x: 3, y: 2, z: 4 }, dir, 60)
      if (!hit) continue
      const surface = Math.max(terrainHeight(hit.point.x, hit.point.z), WATER_LEVEL)
      expect(Math.abs(hit.point.y - surface)).toBeLessThan(0.01)
    }
  })
})
