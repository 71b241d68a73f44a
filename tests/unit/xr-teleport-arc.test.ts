import { describe, expect, it } from 'vitest'
import { ARC_SPEED, createArcResult, traceArc } from '../../src/xr/teleport-arc'
import { createHeightFieldGround } from '../../src/core/ground/height-field-ground'

const norm = (x: number, y: number, z: number) => {
  const l = Math.hypot(x, y, z)
  return { x: x / l, y: y / l, z: z / l }
}

describe('teleport arc', () => {
  const flat = createHeightFieldGround({ height: () => 0, halfSize: 100 })

  it('lands where the parabola meets flat ground', () => {
    const arc = traceArc(flat, { x: 0, y: 1, z: 0 }, norm(0, 1, -1), createArcResult())
    expect(arc.valid).toBe(true)
    expect(arc.failure).toBeNull()
    // Closed form: 1 + v t sin45 - g t^2 / 2 = 0; range = v t cos45.
    const v = ARC_SPEED * Math.SQRT1_2
    const t = (v + Math.sqrt(v * v + 2 * 9.8)) / 9.8
    expect(arc.landing.point.z).toBeCloseTo(-v * t, 2)
    expect(arc.landing.point.y).toBeCloseTo(0, 5)
    const last = (arc.count - 1) * 3
    expect(arc.points[last + 2]).toBeCloseTo(arc.landing.point.z, 4)
  })

  it('is invalid when aimed at the sky (it never comes down within its reach)', () => {
    const arc = traceArc(flat, { x: 0, y: 1, z: 0 }, norm(0, 4, -1), createArcResult())
    expect(arc.hit).toBe(false)
    expect(arc.valid).toBe(false)
    expect(arc.failure).toBe('sky')
  })

  it('is invalid over water and off the edge of the ground', () => {
    const lake = createHeightFieldGround({
      height: (_x, z) => (z < -3 ? -2 : 0),
      waterLevel: -1,
      halfSize: 100,
    })
    const wet = traceArc(lake, { x: 0, y: 1, z: 0 }, norm(0, 0.2, -1), createArcResult())
    expect(wet.valid).toBe(false)
    expect(wet.failure).toBe('water')
    const island = createHeightFieldGround({ height: () => 0, halfSize: 2 })
    const off = traceArc(island, { x: 0, y: 1, z: 0 }, norm(0, 1, -1), createArcResult())
    expect(off.failure).toBe('sky')
  })

  it('refuses cliffs steeper than the landing limit', () => {
    const wall = createHeightFieldGround({ height: (_x, z) => Math.max(0, -z - 2) * 3, halfSize: 100 })
    const arc = traceArc(wall, { x: 0, y: 1, z: 0 }, norm(0, 0.3, -1), createArcResult())
    expect(arc.hit).toBe(true)
    expect(arc.failure).toBe('steep')
  })
})
