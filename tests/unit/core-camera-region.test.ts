import { describe, expect, it } from 'vitest'
import { intrinsicsOf, pixelUv } from '../../src/core/camera'
import {
  MAX_REGIONS,
  REGION_COLUMNS,
  REGION_HEADER,
  packRegionTable,
  type Region,
} from '../../src/core/region'
import { STYLE_DIM, STYLE_INDEX, styleVector } from '../../src/core/style'

const region = (id: string, over: Partial<Region> = {}): Region => ({
  id,
  center: [0, 0],
  radius: 100,
  style: styleVector(),
  seed: 7,
  ...over,
})

describe('camera intrinsics', () => {
  it('a 90-degree perspective camera has fy = 0.5 and square pixels', () => {
    const k = intrinsicsOf({ model: 'perspective', width: 200, height: 100, fovYDeg: 90 })
    expect(k[0]).toBe(0)
    expect(k[2]).toBeCloseTo(0.5, 6)
    expect(k[1]).toBeCloseTo(0.25, 6) // fx normalised by width: half of fy at aspect 2
    expect(k[5]).toBe(2)
  })

  it('pixelUv gives pixel centres row by row', () => {
    const uv = pixelUv(4, 2)
    expect(uv.length).toBe(16)
    expect([uv[0], uv[1]]).toEqual([0.125, 0.25])
    expect([uv[14], uv[15]]).toEqual([0.875, 0.75])
  })
})

describe('region table', () => {
  it('packs header and style, pads unused rows with weight 0', () => {
    const t = packRegionTable([region('a'), region('b', { center: [30, -40], radius: 50, seed: 9 })])
    expect(t.length).toBe(MAX_REGIONS * REGION_COLUMNS)
    expect(Array.from(t.subarray(REGION_COLUMNS, REGION_COLUMNS + REGION_HEADER))).toEqual([
      1, 30, -40, 50, 9,
    ])
    expect(t[2 * REGION_COLUMNS]).toBe(0)
    expect(t[REGION_HEADER + STYLE_INDEX.relief]).toBeCloseTo(styleVector().at(STYLE_INDEX.relief)!, 6)
  })

  it('rejects empty, oversized and malformed tables with clear errors', () => {
    expect(() => packRegionTable([])).toThrow(/at least one region/)
    expect(() =>
      packRegionTable(Array.from({ length: MAX_REGIONS + 1 }, (_, i) => region(String(i)))),
    ).toThrow(/at most 8/)
    expect(() => packRegionTable([region('x', { radius: 0 })])).toThrow(/radius/)
    expect(() => packRegionTable([region('x', { center: [NaN, 0] })])).toThrow(/finite/)
    expect(() => packRegionTable([region('x', { style: new Float32Array(STYLE_DIM - 1) })])).toThrow(/style/)
  })

  it('styleVector clamps to [0, 1]', () => {
    const v = styleVector({ relief: 3, fog: -1 })
    expect(v[STYLE_INDEX.relief]).toBe(1)
    expect(v[STYLE_INDEX.fog]).toBe(0)
  })
})
