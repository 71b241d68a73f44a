import { describe, expect, it } from 'vitest'
import { OccupancyGrid } from '../../src/core/lift/occupancy-grid'

describe('OccupancyGrid: memory follows what it holds', () => {
  it('shrinks when a far place is forgotten, and still knows what it keeps', () => {
    const grid = new OccupancyGrid({ initialCapacity: 1024 })
    // Eight places along a walk, 1 km apart: 0.25 m splats on a 20 m x 20 m floor each.
    const place = (ox: number) => {
      const pts: [number, number][] = []
      for (let x = 0; x < 20; x += 0.25) for (let z = 0; z < 20; z += 0.25) pts.push([ox + x, z])
      return pts
    }
    for (let p = 0; p < 8; p++) for (const [x, z] of place(1000 * p)) grid.mark(x, 0, z, 0.25)
    const peak = grid.capacity
    const usedAll = grid.size
    expect(peak).toBeGreaterThan(16 * 1024)
    // The walker is at the last place: the seven behind are forgotten.
    for (let p = 0; p < 7; p++) grid.removeWhere({ center: [1000 * p + 10, 10], radius: 30 })
    expect(grid.size).toBeLessThan(usedAll * 0.2)
    expect(grid.capacity).toBeLessThanOrEqual(peak / 4)
    expect(grid.covered(7010.1, 0, 10.1, 0.25)).toBe(true)
    expect(grid.covered(10.1, 0, 10.1, 0.25)).toBe(false)
    grid.removeWhere({ center: [7010, 10], radius: 30 })
    expect(grid.capacity).toBe(1024)
    // Lifted again on return: covered again.
    for (const [x, z] of place(0)) grid.mark(x, 0, z, 0.25)
    expect(grid.covered(10.1, 0, 10.1, 0.25)).toBe(true)
  })

  it('gives memory back once it holds under an eighth of its slots, and does not thrash', () => {
    const grid = new OccupancyGrid({ initialCapacity: 1024 })
    const place = (ox: number) => {
      for (let x = 0; x < 20; x += 0.25) for (let z = 0; z < 20; z += 0.25) grid.mark(ox + x, 0, z, 0.25)
    }
    for (let p = 0; p < 16; p++) place(1000 * p)
    const peak = grid.capacity
    const perPlace = grid.size / 16
    // Forgetting places one by one: the table never holds less than an eighth of its slots
    // (after a removal) unless it is at its starting size, and it only ever shrinks.
    let last = peak
    let rehashes = 0
    for (let p = 0; p < 14; p++) {
      grid.removeWhere({ center: [1000 * p + 10, 10], radius: 30 })
      expect(grid.size).toBeCloseTo(perPlace * (15 - p), -2)
      expect(grid.size >= grid.capacity / 8 || grid.capacity === 1024).toBe(true)
      expect(grid.capacity).toBeLessThanOrEqual(last)
      if (grid.capacity < last) rehashes++
      last = grid.capacity
    }
    expect(grid.capacity).toBeLessThanOrEqual(peak / 4)
    expect(rehashes).toBeLessThanOrEqual(3)
    // What it still holds it still knows; a place marked again fits without growing at once.
    expect(grid.covered(15010.1, 0, 10.1, 0.25)).toBe(true)
    const before = grid.capacity
    place(0)
    expect(grid.capacity).toBeLessThanOrEqual(2 * before)
  })
})
