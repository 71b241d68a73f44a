import { describe, expect, it } from 'vitest'
import { WorldGround } from '../../src/core/ground/world-ground'
import { MATERIAL } from '../../src/core/material'

/** Records one splat of `size` at the centre of every 1 m column of [x0, x1) x [z0, z1). */
function fill(
  g: WorldGround,
  x0: number,
  x1: number,
  z0: number,
  z1: number,
  h: (x: number, z: number) => number,
  size = 0.1,
): void {
  for (let x = x0; x < x1; x++)
    for (let z = z0; z < z1; z++) g.record(x + 0.5, h(x + 0.5, z + 0.5), z + 0.5, size)
}

/** A seeded shuffle, so the order test is the same every run. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = items.slice()
  let s = seed
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31
    const j = s % (i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

describe('WorldGround: the walkable ground learnt from splats', () => {
  it('walks under a tree crown no frame saw beneath, not on top of it', () => {
    const g = new WorldGround()
    // Flat ground at 1 m, and a 5 x 5 m crown at 9-13 m whose columns only ever saw the crown.
    fill(g, -20, 20, -20, 20, (x, z) => (Math.abs(x) < 2.5 && Math.abs(z) < 2.5 ? 9 + (x + z) * 0.2 : 1))
    for (const [x, z] of [
      [0, 0],
      [2, -2],
      [-2.4, 2.4],
    ] as const)
      expect(g.heightAt(x, z), `at ${x}, ${z}`).toBe(1)
  })

  it('is not lifted by trunk or crown splats in a column of ground, even finer ones', () => {
    const g = new WorldGround()
    fill(g, -10, 10, -10, 10, () => 2)
    // Trunk and crown splats in the same column as the ground, finer ones (nearer the camera) too.
    g.record(0.5, 8, 0.5, 0.04)
    g.record(0.5, 5, 0.5, 0.08)
    g.record(0.5, 2, 0.5, 0.1)
    expect(g.heightAt(0.5, 0.5)).toBe(2)
  })

  it('follows slopes and hills wider than the opening exactly', () => {
    const g = new WorldGround()
    const slope = (x: number, z: number): number => 3 + 0.4 * x - 0.25 * z
    fill(g, -30, 30, -30, 30, slope)
    for (const [x, z] of [
      [0.5, 0.5],
      [10.5, -7.5],
      [-20.5, 15.5],
    ] as const)
      expect(g.heightAt(x, z)).toBeCloseTo(slope(x, z), 5)
    // A 15 m wide plateau 6 m up is terrain: its middle stays 6 m up.
    const p = new WorldGround()
    fill(p, -30, 30, -30, 30, (x, z) => (Math.abs(x) < 7.5 && Math.abs(z) < 7.5 ? 6 : 0))
    expect(p.heightAt(0, 0)).toBe(6)
    expect(p.heightAt(20, 20)).toBe(0)
  })

  it('lets fine splats decide over much coarser ones, whatever the order', () => {
    const g = new WorldGround()
    g.record(0.5, 1, 0.5, 0.1) // fine: the ground
    g.record(0.5, -3, 0.5, 1.6) // four octaves coarser and lower: a far frame's blurred guess
    expect(g.heightAt(0.5, 0.5)).toBe(1)
    const r = new WorldGround()
    r.record(0.5, -3, 0.5, 1.6)
    r.record(0.5, 1, 0.5, 0.1)
    expect(r.heightAt(0.5, 0.5)).toBe(1)
  })

  it('gives the same heights whatever order the splats arrive in (grown vs restored)', () => {
    const splats: [number, number, number, number][] = []
    for (let i = 0; i < 4000; i++) {
      const x = ((i * 7919) % 4000) / 100 - 20
      const z = ((i * 104729) % 4000) / 100 - 20
      const tree = (Math.floor(x / 6) + Math.floor(z / 6)) % 3 === 0
      const size = [0.05, 0.1, 0.2, 0.4, 0.8][i % 5]!
      splats.push([x, tree && i % 2 ? 7 + (i % 5) : 1 + 0.1 * x + ((i * 31) % 7) * 0.01, z, size])
    }
    const a = new WorldGround()
    const b = new WorldGround()
    for (const s of splats) a.record(...s)
    for (const s of shuffled(splats, 7)) b.record(...s)
    for (let x = -20; x < 20; x += 1.5)
      for (let z = -20; z < 20; z += 1.5) expect(b.heightAt(x, z)).toBe(a.heightAt(x, z))
  })

  it('learns a page at once (recordAll) exactly as splat by splat, leaving out what skip names', () => {
    const n = 3000
    const centers = new Float32Array(3 * n)
    const scales = new Float32Array(3 * n)
    const materials = new Uint8Array(n)
    for (let i = 0; i < n; i++) {
      const x = ((i * 7919) % 3000) / 100 - 15
      const z = ((i * 104729) % 3000) / 100 - 15
      centers.set([x, x < -5 ? -1 : 1 + 0.05 * z + ((i * 31) % 7) * 0.01, z], 3 * i)
      scales[3 * i] = [0.05, 0.1, 0.2][i % 3]!
      materials[i] = x < -5 ? MATERIAL.water : MATERIAL.grass
    }
    centers[3 * 5 + 1] = Number.NaN // a broken depth, ignored by both
    const one = new WorldGround()
    const page = new WorldGround()
    const skipped = (x: number, z: number): boolean => x > 10 && z > 10
    for (let i = 0; i < n; i++) {
      const [x, y, z] = [centers[3 * i]!, centers[3 * i + 1]!, centers[3 * i + 2]!]
      if (!skipped(x, z)) one.record(x, y, z, scales[3 * i]!, materials[i]!)
    }
    page.recordAll(centers, scales, materials, n, skipped)
    expect(page.columns).toBe(one.columns)
    let water = 0
    for (let x = -15; x < 15; x += 0.7)
      for (let z = -15; z < 15; z += 0.7) {
        expect(page.knownHeightAt(x, z)).toBe(one.knownHeightAt(x, z))
        expect(page.isWater(x, z)).toBe(one.isWater(x, z))
        if (page.isWater(x, z)) water++
      }
    expect(page.has(12.5, 12.5)).toBe(false)
    expect(water).toBeGreaterThan(50)
  })

  it('ignores splats with a height or size that is not a number a surface can have', () => {
    const g = new WorldGround()
    fill(g, -10, 10, -10, 10, () => 1)
    // A frame from a broken or hostile model can carry NaN or infinite depths, or empty splats.
    g.record(0.5, Number.NaN, 0.5, 0.01)
    g.record(0.5, -Infinity, 0.5, 0.01)
    g.record(0.5, -50, 0.5, 0)
    g.record(0.5, -50, 0.5, Number.NaN)
    expect(g.heightAt(0.5, 0.5)).toBe(1)
    g.record(30.5, Number.POSITIVE_INFINITY, 30.5, 0.1)
    expect(g.has(30.5, 30.5)).toBe(false)
  })

  it('answers from the nearest seen column next to the seen area, the fallback far from it', () => {
    const g = new WorldGround(0.5)
    fill(g, 0, 10, 0, 10, () => 3)
    expect(g.heightAt(11.5, 5)).toBe(3)
    expect(g.has(11.5, 5)).toBe(false)
    expect(g.heightAt(40, 40)).toBe(0.5)
    g.clear()
    expect(g.heightAt(5, 5)).toBe(0.5)
    expect(g.columns).toBe(0)
  })

  it('sees new splats at once (cached heights are dropped when a column changes)', () => {
    const g = new WorldGround()
    fill(g, -10, 10, -10, 10, () => 4, 0.4)
    expect(g.heightAt(0, 0)).toBe(4)
    // Much finer splats (a nearer frame) replace the coarse ones.
    fill(g, -10, 10, -10, 10, () => 2, 0.05)
    expect(g.heightAt(0, 0)).toBe(2)
  })

  it('takes the median of a column, and fills a stray low column from its neighbours', () => {
    const g = new WorldGround()
    fill(g, -10, 10, -10, 10, () => 1)
    // A column with two low strays among three ground splats stays at the ground...
    for (const y of [-3, -2, 1, 1]) g.record(2.5, y, 2.5, 0.1)
    expect(g.heightAt(2.5, 2.5)).toBe(1)
    // ...and a column that only ever saw a stray (a splat at the water line, a depth error) too.
    const s = new WorldGround()
    for (let x = -10; x < 10; x++)
      for (let z = -10; z < 10; z++) if (x !== 5 || z !== 5) s.record(x + 0.5, 1, z + 0.5, 0.1)
    s.record(5.5, -4, 5.5, 0.1)
    expect(s.heightAt(5.5, 5.5)).toBe(1)
    expect(s.heightAt(3.5, 6.5)).toBe(1)
  })
})

describe("WorldGround: water learnt from the frames' materials", () => {
  it('a column is water where most of its known samples say water or lava, never where none is known', () => {
    const g = new WorldGround()
    // A lake surface at 0 m beside a shore at 1 m: heights alone cannot tell the water.
    for (let x = -10; x < 10; x++)
      for (let z = -10; z < 10; z++) {
        const wet = z < 0
        g.record(x + 0.5, wet ? 0 : 1, z + 0.5, 0.1, wet ? MATERIAL.water : MATERIAL.grass)
      }
    expect(g.isWater(0.5, -3.5)).toBe(true)
    expect(g.isWater(0.5, 3.5)).toBe(false)
    // A column of lava, and one with one water splat among three of sand (the water line).
    g.record(20.5, 2, 0.5, 0.1, MATERIAL.lava)
    expect(g.isWater(20.5, 0.5)).toBe(true)
    for (const m of [MATERIAL.water, MATERIAL.sand, MATERIAL.sand, MATERIAL.sand])
      g.record(22.5, 1, 0.5, 0.1, m)
    expect(g.isWater(22.5, 0.5)).toBe(false)
    // Frames without materials (an edge server, an old record) say nothing: not water.
    g.record(24.5, 0, 0.5, 0.1)
    expect(g.isWater(24.5, 0.5)).toBe(false)
    // Ice and snow hold a walker; unseen columns are not water.
    g.record(26.5, 0, 0.5, 0.1, MATERIAL.ice)
    expect(g.isWater(26.5, 0.5)).toBe(false)
    // A house's wall and roof are not walked through.
    for (const y of [0.5, 1.5, 3]) g.record(28.5, y, 0.5, 0.1, MATERIAL.building)
    expect(g.isWater(28.5, 0.5)).toBe(true)
    expect(g.isWater(60.5, 60.5)).toBe(false)
  })

  it('keeps walkers out of tree trunks and bushes at body height, not from under crowns', () => {
    // Walkers went through every trunk: the opening takes it out of the walkable height (it is
    // narrower than 7 m), and trees were not a class nobody walks into.
    const g = new WorldGround()
    for (let x = 0; x < 20; x++)
      for (let z = 0; z < 20; z++) g.record(x + 0.5, 0, z + 0.5, 0.1, MATERIAL.grass)
    const tree = (x: number, ys: number[]): void => {
      for (const y of ys) g.record(x, y, 5.5, 0.1, MATERIAL.tree)
    }
    tree(5.5, [0.3, 1.0, 1.6, 2.5]) // a trunk
    tree(8.5, [3, 4, 5]) // a crown overhead
    tree(11.5, [0.2, 0.5]) // a knee-high tuft
    tree(14.5, [1.2]) // one stray splat of a crown's edge
    expect(g.isWater(5.5, 5.5)).toBe(true)
    expect(g.isWater(8.5, 5.5)).toBe(false)
    expect(g.isWater(11.5, 5.5)).toBe(false)
    expect(g.isWater(14.5, 5.5)).toBe(false)
    // The trunk's column stays out of bounds once settled (a place left behind).
    g.settle(5.5, 5.5, 0.5)
    expect(g.isWater(5.5, 5.5)).toBe(true)
    expect(g.heightAt(5.5, 5.5)).toBeCloseTo(0, 5)
  })

  it("a finer frame's materials replace a coarse one's with its heights", () => {
    const g = new WorldGround()
    // A coarse far frame blurred the shore into the water; a near one sees the bank.
    for (let i = 0; i < 4; i++) g.record(0.5, 0, 0.5, 0.8, MATERIAL.water)
    expect(g.isWater(0.5, 0.5)).toBe(true)
    for (let i = 0; i < 2; i++) g.record(0.5, 0.9, 0.5, 0.1, MATERIAL.grass)
    expect(g.isWater(0.5, 0.5)).toBe(false)
    expect(g.heightAt(0.5, 0.5)).toBeCloseTo(0.9, 5)
  })

  it('knows no height over unexplored ground (knownHeightAt), where heightAt gives the fallback', () => {
    const g = new WorldGround(1)
    fill(g, 0, 10, 0, 10, () => 3)
    expect(g.knownHeightAt(11.5, 5)).toBe(3)
    expect(g.knownHeightAt(40, 40)).toBeNull()
    expect(g.heightAt(40, 40)).toBe(1)
  })
})

describe('WorldGround: settling a far place', () => {
  it('keeps the heights and water of a settled disc, drops its samples, and learns nothing more there', () => {
    const g = new WorldGround(1)
    const hill = (x: number, z: number): number => 0.1 * x + 0.05 * z
    fill(g, -100, 100, -100, 100, hill)
    for (let x = 40; x < 45; x++)
      for (let z = 40; z < 60; z++) g.record(x + 0.5, 2, z + 0.5, 0.05, MATERIAL.water)
    const at = [
      [50.5, 50.5],
      [42.5, 50.5],
      [85.5, 50.5],
      [-50.5, -50.5],
    ] as const
    const before = at.map(([x, z]) => [g.knownHeightAt(x, z), g.isWater(x, z)])
    const live = g.liveColumns
    g.settle(50, 50, 40)
    expect(g.liveColumns).toBeLessThan(live - 4900)
    expect(g.columns).toBe(live)
    expect(at.map(([x, z]) => [g.knownHeightAt(x, z), g.isWater(x, z)])).toEqual(before)
    expect(before[1]![1]).toBe(true)
    // Lifted again on return, in another order with other splats: the eye stands where it stood.
    fill(g, 0, 100, 0, 100, (x, z) => hill(x, z) + 3)
    expect(g.knownHeightAt(50.5, 50.5)).toBe(before[0]![0])
    expect(g.knownHeightAt(-50.5, -50.5)).toBe(before[3]![0])
    expect(g.liveColumns).toBeLessThan(live - 4900)
  })

  it('keeps columns tens of kilometres apart from sharing samples', () => {
    // (40000, 0) and (39999, 65536) once had one sample key: a 16-bit field per axis.
    const g = new WorldGround(0)
    g.record(40_000.5, 5, 0.5, 0.1)
    g.record(39_999.5, 9, 65_536.5, 0.1)
    expect(g.knownHeightAt(40_000.5, 0.5)).toBe(5)
    expect(g.knownHeightAt(39_999.5, 65_536.5)).toBe(9)
  })
})
