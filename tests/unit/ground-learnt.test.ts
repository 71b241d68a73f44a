import { describe, expect, it } from 'vitest'
import { createGroundHit } from '../../src/core/ground/ground'
import { createLearntGround } from '../../src/core/ground/learnt-ground'
import { ShoreGuard } from '../../src/core/ground/shore-stop'
import { WorldGround } from '../../src/core/ground/world-ground'
import { MATERIAL } from '../../src/core/material'

/** A learnt world: land at 1 m, a lake (its surface at 0 m) for z < -6, over [x0, x1) x [-30, 30). */
function shoreWorld(x0 = -30, x1 = 30): WorldGround {
  const g = new WorldGround()
  for (let x = x0; x < x1; x++)
    for (let z = -30; z < 30; z++) {
      const wet = z < -6
      g.record(x + 0.5, wet ? 0 : 1, z + 0.5, 0.1, wet ? MATERIAL.water : MATERIAL.grass)
    }
  return g
}

describe('the learnt ground: what walkers and teleport see of a generated world', () => {
  it('says water where the frames said water, though the water lies above the old water plane', () => {
    const ground = createLearntGround(shoreWorld())
    expect(ground.isWater(0, -15)).toBe(true)
    expect(ground.isWater(0, 0)).toBe(false)
    expect(ground.heightAt(0, -15)).toBe(0)
    // A teleport ray from eye height down onto the lake lands on water; onto the bank, on ground.
    const out = createGroundHit()
    const lake = ground.raycast({ x: 0, y: 2.6, z: 0 }, unit(0, -1, -6), 50, out)
    expect(lake?.kind).toBe('water')
    expect(lake?.point.y).toBeCloseTo(0, 3)
    const bank = ground.raycast({ x: 0, y: 2.6, z: 0 }, unit(0, -1, -1), 50, out)
    expect(bank?.kind).toBe('ground')
    expect(bank?.point.y).toBeCloseTo(1, 3)
  })

  it('has ground wherever frames were lifted, far past the placeholder patch, and none where they were not', () => {
    const g = shoreWorld()
    // A place 500 m out that frames have seen, and a gap of unseen land between.
    for (let x = 490; x < 510; x++) for (let z = -10; z < 10; z++) g.record(x + 0.5, 4, z + 0.5, 0.1)
    const ground = createLearntGround(g)
    expect(ground.heightAt(500, 0)).toBe(4)
    expect(ground.heightAt(200, 0)).toBeNull()
    // A ray over the unseen gap flies on and lands on the far place.
    const hit = ground.raycast({ x: 200, y: 20, z: 0 }, unit(300, -16, 0), 400)
    expect(hit?.kind).toBe('ground')
    expect(hit!.point.x).toBeGreaterThan(489)
    expect(hit!.point.y).toBeCloseTo(4, 2)
  })

  it("before anything is lifted, stands on the spawn's fallback height", () => {
    const ground = createLearntGround(new WorldGround(1))
    expect(ground.heightAt(3, 3)).toBe(1)
    expect(ground.raycast({ x: 0, y: 2.6, z: 0 }, unit(0, -1, -1), 10)?.point.y).toBeCloseTo(1, 3)
  })
})

describe("ShoreGuard: walkers stop at the water's edge", () => {
  const ground = createLearntGround(shoreWorld())

  it('a step from the bank into the lake is not taken; a step along the bank is', () => {
    const step = [0, -1]
    new ShoreGuard().trim(ground, 0.5, -5.5, step)
    expect(step).toEqual([0, 0])
    const along = [1, 0]
    new ShoreGuard().trim(ground, 0.5, -5.5, along)
    expect(along).toEqual([1, 0])
  })

  it('a diagonal step into the water slides along the shore', () => {
    const step = [0.5, -0.8]
    new ShoreGuard().trim(ground, 0.5, -5.5, step)
    expect(step).toEqual([0.5, 0])
  })

  it('a walker the ground learnt to be in the water may walk back towards land, never deeper', () => {
    const guard = new ShoreGuard()
    // Dry at the bank, then (the shore learnt anew) standing 1 m into the lake.
    guard.trim(ground, 0.5, -5.5, [0, 0])
    const deeper = [0, -1]
    guard.trim(ground, 0.5, -7.5, deeper)
    expect(deeper).toEqual([0, 0])
    const back = [0, 0.5]
    guard.trim(ground, 0.5, -7.5, back)
    expect(back).toEqual([0, 0.5])
    const out = [0, 2]
    guard.trim(ground, 0.5, -7.5, out)
    expect(out).toEqual([0, 2])
    // With no dry spot known (a world opened in the water), any step is taken.
    const lost = [0, -1]
    new ShoreGuard().trim(ground, 0.5, -10.5, lost)
    expect(lost).toEqual([0, -1])
  })
})

function unit(x: number, y: number, z: number) {
  const n = Math.hypot(x, y, z)
  return { x: x / n, y: y / n, z: z / n }
}
