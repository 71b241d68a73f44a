/** The rows a place is rendered with, out of a world of many regions (core/region-reach.ts). */
import { describe, expect, it } from 'vitest'
import { MAX_REGIONS, type Region } from '../../src/core/region'
import { crowdedSquare, REGION_REACH, REGION_SQUARE, regionsAround } from '../../src/core/region-reach'
import { tileOrigin } from '../../src/core/tile'

const style = new Float32Array(24)
const region = (id: string, x: number, z: number, radius = 60): Region => ({
  id,
  center: [x, z],
  radius,
  style,
  seed: 1,
})

/** A base and `n` expansions scattered over ~20 km (a fixed pseudo-random walk). */
function bigWorld(n: number): Region[] {
  const out = [region('base', 0, 0, 4000)]
  let s = 7
  const next = (): number => ((s = (s * 48271) % 2147483647) / 2147483647) * 20000 - 10000
  for (let i = 0; i < n; i++) out.push(region(`r${i}`, next(), next(), 40 + (i % 5) * 30))
  return out
}

/** Whether the disc reaches within REGION_REACH of the square at `origin`. */
function reaches(r: Region, origin: [number, number]): boolean {
  const half = REGION_SQUARE / 2 + REGION_REACH
  const dx = Math.max(Math.abs(r.center[0] - origin[0]) - half, 0)
  const dz = Math.max(Math.abs(r.center[1] - origin[1]) - half, 0)
  return Math.hypot(dx, dz) <= r.radius
}

describe('regionsAround', () => {
  it('passes a world that fits the table through unchanged', () => {
    const world = bigWorld(MAX_REGIONS - 1)
    expect(regionsAround(world, 5000, -3000)).toBe(world)
  })

  it('gives every place the base, every region that reaches it, in paint order, within the rows', () => {
    const world = bigWorld(300)
    for (let i = 0; i < 400; i++) {
      const x = ((i * 7919) % 20000) - 10000
      const z = ((i * 104729) % 20000) - 10000
      const rows = regionsAround(world, x, z)
      expect(rows.length).toBeLessThanOrEqual(MAX_REGIONS)
      expect(rows[0]).toBe(world[0])
      const order = rows.map((r) => world.indexOf(r))
      expect(order).toEqual([...order].sort((a, b) => a - b))
      const origin = tileOrigin(x, z, REGION_SQUARE)
      const near = world.slice(1).filter((r) => reaches(r, origin))
      if (near.length <= MAX_REGIONS - 1) for (const r of near) expect(rows).toContain(r)
      // Rows left over go to the nearest far regions, so the table is full.
      expect(rows.length).toBe(MAX_REGIONS)
    }
  })

  it('gives every camera in one square the same rows, and the rows again when asked with them', () => {
    const world = bigWorld(300)
    const first = regionsAround(world, 1024 - 255, -512 + 255)
    for (const [x, z] of [
      [1024, -512],
      [1024 + 255, -512 - 255],
      [1024 - 100, -512 + 30],
    ] as const) {
      expect(regionsAround(world, x, z)).toEqual(first)
      expect(regionsAround(regionsAround(world, x, z), x, z)).toEqual(first)
    }
  })

  it('lets the latest win where a document holds more near regions than rows', () => {
    const world = [region('base', 0, 0, 4000)]
    for (let i = 0; i < 12; i++) world.push(region(`r${i}`, i * 20, 0))
    const rows = regionsAround(world, 0, 0)
    expect(rows.map((r) => r.id)).toEqual(['base', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11'])
  })
})

describe('crowdedSquare', () => {
  it('refuses an eighth region near seven others, and takes it 3 km away', () => {
    const world = [region('base', 0, 0, 4000)]
    for (let i = 0; i < MAX_REGIONS - 1; i++) {
      const next = region(`r${i}`, 150 * i, 100)
      expect(crowdedSquare(world, next)).toBeNull()
      world.push(next)
    }
    const crowded = crowdedSquare(world, region('x', 300, -200))
    expect(crowded).not.toBeNull()
    // The square it names really has the rows full.
    expect(world.slice(1).filter((r) => reaches(r, crowded!)).length).toBe(MAX_REGIONS - 1)
    expect(crowdedSquare(world, region('y', 3000 + 150 * 6 + 60 + 1300, 100))).toBeNull()
  })

  it('lets a world of hundreds of expansions grow along a walk', () => {
    const world = [region('base', 0, 0, 4000)]
    // One expansion every 400 m along a 40 km line: at most ~7 reach any square's near area.
    for (let i = 0; i < 100; i++) {
      const next = region(`r${i}`, i * 400, (i % 3) * 50)
      expect(crowdedSquare(world, next)).toBeNull()
      world.push(next)
    }
    expect(world).toHaveLength(101)
  })
})
