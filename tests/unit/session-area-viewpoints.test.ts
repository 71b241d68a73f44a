/** The viewpoints an area export walks: inside the area, no farther apart than the spacing. */
import { describe, expect, it } from 'vitest'
import { areaViewpoints } from '../../src/session'

describe('areaViewpoints', () => {
  it.each([
    [{ center: [3000, -1500] as [number, number], radius: 120 }, 25],
    [{ center: [0, 0] as [number, number], radius: 300 }, 40],
    [{ center: [-7.5, 2] as [number, number], radius: 31 }, 10],
  ])('covers %o at spacing %d: every point of it lies within the spacing of a viewpoint', (area, spacing) => {
    const points = areaViewpoints(area, spacing)
    const [cx, cz] = area.center
    for (const [x, z] of points) expect(Math.hypot(x - cx, z - cz)).toBeLessThanOrEqual(area.radius)
    // A hexagonal grid leaves no place farther than spacing / sqrt(3) from a viewpoint; the rim
    // between the outermost viewpoints and the circle is within one spacing.
    for (let i = 0; i < 2000; i++) {
      const a = (i * 2.399963) % (2 * Math.PI)
      const r = area.radius * Math.sqrt((i + 0.5) / 2000)
      const x = cx + r * Math.cos(a)
      const z = cz + r * Math.sin(a)
      const nearest = Math.min(...points.map(([px, pz]) => Math.hypot(px - x, pz - z)))
      expect(nearest).toBeLessThanOrEqual(r < area.radius - spacing ? spacing / Math.sqrt(3) + 1e-9 : spacing)
    }
    // About one viewpoint per hexagon of the grid (area / (spacing^2 * sqrt(3) / 2)).
    const expected = (Math.PI * area.radius ** 2) / ((spacing * spacing * Math.sqrt(3)) / 2)
    expect(points.length).toBeGreaterThan(expected * 0.8)
    expect(points.length).toBeLessThan(expected * 1.1)
  })

  it('walks row by row, each next viewpoint a neighbour', () => {
    const spacing = 25
    const points = areaViewpoints({ center: [0, 0], radius: 200 }, spacing)
    for (let i = 1; i < points.length; i++) {
      const [ax, az] = points[i - 1]!
      const [bx, bz] = points[i]!
      const sameRow = az === bz
      // Within a row the next is one spacing on; at a row's end the walk turns back (boustrophedon),
      // so the step to the next row is short, never a jump across the area.
      expect(Math.hypot(bx - ax, bz - az)).toBeLessThanOrEqual(sameRow ? spacing + 1e-9 : 3 * spacing)
    }
  })

  it('gives a small area one viewpoint, its centre', () => {
    expect(areaViewpoints({ center: [5, 6], radius: 3 }, 25)).toEqual([[5, 6]])
  })
})
