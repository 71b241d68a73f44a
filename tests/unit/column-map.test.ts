import { describe, expect, it } from 'vitest'
import { ColumnMap } from '../../src/core/ground/column-map'

describe('ColumnMap: objects on an unbounded grid of columns', () => {
  it('keeps each column its own value, across tiles and far apart', () => {
    const m = new ColumnMap<string>()
    const cells: [number, number][] = [
      [0, 0],
      [31, 31],
      [32, 0],
      [-1, -1],
      [-33, 5],
      [40_000, 0],
      [39_999, 65_536],
    ]
    cells.forEach(([x, z], i) => m.set(x, z, `v${i}`))
    cells.forEach(([x, z], i) => expect(m.get(x, z)).toBe(`v${i}`))
    expect(m.get(1, 0)).toBeUndefined()
    expect(m.get(-32, 5)).toBeUndefined()
  })

  it('frees a tile once its last column is deleted, and reads nothing stale after', () => {
    const m = new ColumnMap<number[]>()
    m.set(3, 4, [1])
    m.set(5, 6, [2])
    m.delete(3, 4)
    expect(m.get(3, 4)).toBeUndefined()
    expect(m.get(5, 6)).toEqual([2])
    m.delete(5, 6)
    m.delete(5, 6)
    expect(m.get(5, 6)).toBeUndefined()
    m.set(5, 6, [3])
    expect(m.get(5, 6)).toEqual([3])
    m.clear()
    expect(m.get(5, 6)).toBeUndefined()
  })
})
