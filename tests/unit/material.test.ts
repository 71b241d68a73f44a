import { describe, expect, it } from 'vitest'
import {
  MATERIAL,
  MATERIAL_CLASSES,
  materialBytes,
  materialFractions,
  UNKNOWN_MATERIAL,
} from '../../src/core/material'

describe('material classes', () => {
  it('indexes the contract table in order', () => {
    expect(MATERIAL_CLASSES).toEqual([
      'sky',
      'water',
      'ice',
      'snow',
      'rock',
      'sand',
      'soil',
      'grass',
      'tree',
      'lava',
      'building',
    ])
    expect(MATERIAL.sky).toBe(0)
    expect(MATERIAL.lava).toBe(9)
    expect(MATERIAL.building).toBe(10)
  })

  it('turns the model output into bytes: the nearest class, UNKNOWN_MATERIAL outside the table', () => {
    const out = materialBytes(new Float32Array([0, 3.0000002, 8.6, 10, 11, -1, Number.NaN, Infinity]), 8)
    expect(Array.from(out)).toEqual([
      0,
      3,
      9,
      10,
      UNKNOWN_MATERIAL,
      UNKNOWN_MATERIAL,
      UNKNOWN_MATERIAL,
      UNKNOWN_MATERIAL,
    ])
  })

  it('reports the share of each class, largest first, leaving out what rounds to nothing', () => {
    const m = new Uint8Array(2000)
    m.fill(MATERIAL.grass, 0, 1000)
    m.fill(MATERIAL.sky, 1000, 1600)
    m.fill(MATERIAL.water, 1600, 1999)
    m[1999] = UNKNOWN_MATERIAL
    const shares = materialFractions(m)
    expect(shares).toEqual({ grass: 0.5, sky: 0.3, water: 0.2 })
    expect(Object.keys(shares)).toEqual(['grass', 'sky', 'water'])
    expect(materialFractions(new Uint8Array(0))).toEqual({})
  })
})
