/**
 * core/skyline-antialias: a gently climbing ridge, sampled once per pixel, meets the sky in
 * stairs; after anti-aliasing each column's share of land matches the true line, while a tree's
 * tall edge and everything off the skyline keep their pixels.
 */
import { describe, expect, it } from 'vitest'
import type { CameraSpec } from '../../src/core/camera'
import type { Frame } from '../../src/core/frame'
import {
  antialiasSkyline,
  COLUMNS_PER_STEP,
  COPY_BYTES_PER_STEP,
  SkylineAntialias,
} from '../../src/core/skyline-antialias'
import { SRGB8_TO_LINEAR } from '../../src/core/srgb'

const SKY = 230
const LAND = 40

/** Land (depth 100, grey LAND) where a pixel's centre lies below `line(x)` rows, sky above. */
function frameOf(
  width: number,
  height: number,
  line: (x: number) => number,
  model: CameraSpec['model'],
): Frame {
  const rgba = new Uint8Array(width * height * 4)
  const depth = new Float32Array(width * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const land = y + 0.5 > line(x + 0.5)
      rgba.set(land ? [LAND, LAND, LAND, 255] : [SKY, SKY, SKY, 255], (y * width + x) * 4)
      depth[y * width + x] = land ? 100 : 0
    }
  }
  return {
    requestId: 1,
    pose: { position: [0, 1.6, 0], rotation: [0, 0, 0, 1] },
    camera: model === 'equirect' ? { model, width, height } : { model, width, height, fovYDeg: 60 },
    worldVersion: 1,
    modelId: 'test',
    rgba,
    depth,
    modelMs: 1,
  }
}

/** Column x's land, in rows, read back from its colours' coverage (linear light). */
function landRows(rgba: Uint8Array, width: number, height: number, x: number): number {
  const sky = SRGB8_TO_LINEAR[SKY]!
  const land = SRGB8_TO_LINEAR[LAND]!
  let rows = 0
  for (let y = 0; y < height; y++) rows += (SRGB8_TO_LINEAR[rgba[4 * (y * width + x)]!]! - sky) / (land - sky)
  return rows
}

/** How much of pixel (x, y) is sky, from its colour (linear light). */
function coverageOfSky(rgba: Uint8Array, width: number, x: number, y: number): number {
  const sky = SRGB8_TO_LINEAR[SKY]!
  const land = SRGB8_TO_LINEAR[LAND]!
  return (SRGB8_TO_LINEAR[rgba[4 * (y * width + x)]!]! - land) / (sky - land)
}

/** Largest error (rows) of each column's land against the true line at the column's centre. */
function worstError(rgba: Uint8Array, width: number, height: number, line: (x: number) => number): number {
  let worst = 0
  for (let x = 0; x < width; x++) {
    worst = Math.max(worst, Math.abs(landRows(rgba, width, height, x) - (height - line(x + 0.5))))
  }
  return worst
}

describe('antialiasSkyline', () => {
  it('puts a climbing ridge back on its line: stairs of a pixel become coverage', () => {
    for (const slope of [1 / 3, 1 / 7, -1 / 5]) {
      const line = (x: number): number => 20 + slope * (x - 32)
      const f = frameOf(64, 40, line, 'perspective')
      const stairs = worstError(f.rgba, 64, 40, line)
      const smooth = worstError(antialiasSkyline(f), 64, 40, line)
      // Sampled once a pixel the columns are off by up to half a row; the ends of the frame, where
      // a run has only one neighbour, are excluded by measuring the middle only below.
      expect(stairs, `slope ${slope}`).toBeGreaterThan(0.3)
      const inner = (rgba: Uint8Array): number => {
        let worst = 0
        for (let x = 8; x < 56; x++)
          worst = Math.max(worst, Math.abs(landRows(rgba, 64, 40, x) - (40 - line(x + 0.5))))
        return worst
      }
      expect(inner(antialiasSkyline(f)), `slope ${slope}`).toBeLessThan(0.2)
      expect(smooth).toBeLessThan(stairs + 1e-9)
    }
  })

  it('puts a steep flank back on its line too, along the rows', () => {
    // Three and four rows a column, falling and rising: each row's land, read across it, should
    // reach where the line crosses the row's middle.
    for (const slope of [3, -4]) {
      const line = (x: number): number => 40 + slope * (x - 32)
      const f = frameOf(64, 80, line, 'perspective')
      /** Row y's land within the 16 columns around the flank, in columns, against the line's. */
      const rowError = (rgba: Uint8Array, y: number): number => {
        const cross = 32 + (y + 0.5 - 40) / slope
        let landColumns = 0
        for (let x = 24; x < 40; x++) landColumns += 1 - coverageOfSky(rgba, 64, x, y)
        const expected = slope > 0 ? cross - 24 : 40 - cross
        return Math.abs(landColumns - expected)
      }
      let before = 0
      let after = 0
      const out = antialiasSkyline(f)
      for (let y = 20; y < 60; y++) {
        before = Math.max(before, rowError(f.rgba, y))
        after = Math.max(after, rowError(out, y))
      }
      expect(before, `slope ${slope}`).toBeGreaterThan(0.3)
      expect(after, `slope ${slope}`).toBeLessThan(0.2)
    }
  })

  it('leaves a tree alone: a step of more than a pixel is an edge, not a stair', () => {
    // A flat horizon at row 20 with a 6-pixel-wide trunk rising to row 10 in the middle.
    const line = (x: number): number => (x > 29 && x < 35 ? 10 : 20)
    const f = frameOf(64, 40, line, 'perspective')
    expect(Array.from(antialiasSkyline(f))).toEqual(Array.from(f.rgba))
  })

  it('touches only the two pixels each column has on either side of its skyline, and wraps an equirect seam', () => {
    // A ridge that climbs across the seam: the stair at column 0 needs column 63 as its left
    // neighbour, or the ramp there would be cut.
    const line = (x: number): number => 20 - ((x + 16) % 64) / 6
    const f = frameOf(64, 40, line, 'equirect')
    const out = antialiasSkyline(f)
    for (let x = 0; x < 64; x++) {
      let top = 0
      while (f.depth[top * 64 + x] === 0) top++
      for (let y = 0; y < 40; y++) {
        if (y === top || y === top - 1) continue
        expect(out[4 * (y * 64 + x)], `column ${x}, row ${y}`).toBe(f.rgba[4 * (y * 64 + x)])
      }
    }
    // The seam's own columns are blended like any other (the far side's big jump at column 48 is an
    // edge and stays sharp).
    expect(Math.abs(landRows(out, 64, 40, 0) - (40 - line(0.5)))).toBeLessThan(0.2)
    expect(Math.abs(landRows(out, 64, 40, 63) - (40 - line(63.5)))).toBeLessThan(0.2)
  })
})

describe('SkylineAntialias', () => {
  it('does a panorama in slices: none copies more than 512 KiB or scans or blends more than 256 columns', () => {
    // Done in one go, a 2048 x 1024 panorama was one main-thread task of 33-38 ms where it landed.
    const w = 1024
    const h = 512
    const line = (x: number): number => 300 - (x % 512) / 9
    const f = frameOf(w, h, line, 'equirect')
    const before = Buffer.from(f.rgba)
    const job = new SkylineAntialias(f)
    let steps = 0
    while (!job.step()) steps++
    expect(job.done).toBe(true)
    // The copy's slices, the scan's and the blend's (runs, then steep stairs).
    const copyAndScan = (w * h * 4) / COPY_BYTES_PER_STEP + w / COLUMNS_PER_STEP
    // Then the runs (whole runs: a step may go a run past its columns) and the steep stairs.
    expect(steps).toBeGreaterThanOrEqual(copyAndScan + w / COLUMNS_PER_STEP)
    expect(steps).toBeLessThanOrEqual(copyAndScan + (2 * w) / COLUMNS_PER_STEP)
    expect(job.step()).toBe(true)
    // The frame is untouched; the result is anti-aliasing it in one go, the skyline blended.
    expect(before.equals(Buffer.from(f.rgba))).toBe(true)
    expect(Buffer.from(job.rgba).equals(Buffer.from(antialiasSkyline(f)))).toBe(true)
    expect(worstError(job.rgba, w, h, line)).toBeLessThan(0.5 * worstError(f.rgba, w, h, line))
  })
})
