/**
 * Export -> import gives the same splats within each format's quantisation. Tolerances (stated in
 * each writer's header) are asserted here on 2000 random splats covering every field's range.
 */
import { describe, expect, it } from 'vitest'
import {
  importLimits,
  readGlb,
  readPly,
  readSplat,
  readSplatFile,
  readSpz,
  writeGlb,
  writePly,
  writeSplat,
  writeSpz,
  type ImportedSplats,
} from '../../src/core/formats'
import { maxAbsDiff, maxAngleDeg, maxLogDiff, randomBatch } from '../support/formats-fixtures'

const N = 2000
const batch = randomBatch(N, 7)
const limits = importLimits()

interface Tolerance {
  position: number
  color: number
  opacity: number
  logScale: number
  angleDeg: number
}

function expectClose(got: ImportedSplats, tol: Tolerance): void {
  const s = got.splats
  expect(s.count).toBe(N)
  expect(maxAbsDiff(batch.centers, s.centers, 3 * N)).toBeLessThanOrEqual(tol.position)
  expect(maxAbsDiff(batch.colors, s.colors, 3 * N)).toBeLessThanOrEqual(tol.color)
  expect(maxAbsDiff(batch.opacities, s.opacities, N)).toBeLessThanOrEqual(tol.opacity)
  expect(maxLogDiff(batch.scales, s.scales, 3 * N)).toBeLessThanOrEqual(tol.logScale)
  expect(maxAngleDeg(batch.quats, s.quats, N)).toBeLessThanOrEqual(tol.angleDeg)
}

/**
 * float32 storage: 100 m coordinates round to ~4e-6 m. The angle bound is the resolution of
 * acos near 1 in float32 (2 acos(1 - 6e-8) ~ 0.04 deg), not an error of the format.
 */
const FLOAT32: Tolerance = { position: 1e-5, color: 1e-5, opacity: 1e-5, logScale: 1e-5, angleDeg: 0.1 }

const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b))

describe('format round trips', () => {
  it('.spz v3: positions to 2^-13 m, colour 0.0045, opacity 0.5/255, log scale 1/32, rotation 0.25 deg', async () => {
    const bytes = await writeSpz(batch)
    expectClose(await readSpz(bytes, limits), {
      position: 2 ** -13 + 1e-5,
      color: 0.0045,
      opacity: 0.5 / 255 + 1e-6,
      logScale: 1 / 32 + 1e-4,
      angleDeg: 0.25,
    })
  })

  it('.spz v4 (ZSTD streams): the same quantisation as v3, fewer bytes', async () => {
    const v4 = await writeSpz(batch, { version: 4 })
    const got = await readSpz(v4, limits)
    expect(got.version).toBe(4)
    expectClose(got, {
      position: 2 ** -13 + 1e-5,
      color: 0.0045,
      opacity: 0.5 / 255 + 1e-6,
      logScale: 1 / 32 + 1e-4,
      angleDeg: 0.25,
    })
    // Same arrays inside, so the splats read back identically from either version.
    const v3 = await readSpz(await writeSpz(batch), limits)
    expect(Array.from(got.splats.centers)).toEqual(Array.from(v3.splats.centers))
    expect(Array.from(got.splats.quats)).toEqual(Array.from(v3.splats.quats))
  })

  it('.ply (float32, OpenCV axes in the file) comes back to float32 rounding', () => {
    const got = readPly(writePly(batch), limits)
    expectClose(got, FLOAT32)
    expect(got.shDegree).toBe(0)
  })

  it('.splat: float32 geometry, 0.5/255 colour and opacity, rotation within 1 deg', () => {
    expectClose(readSplat(writeSplat(batch), limits), {
      ...FLOAT32,
      color: 0.5 / 255 + 1e-6,
      opacity: 0.5 / 255 + 1e-6,
      angleDeg: 1,
    })
  })

  it('.glb (float32 KHR_gaussian_splatting attributes) comes back to float32 rounding', () => {
    expectClose(readGlb(writeGlb(batch), limits), FLOAT32)
  })

  it('readSplatFile sniffs every format from its bytes', async () => {
    const files: [string, Uint8Array][] = [
      ['spz', await writeSpz(batch)],
      ['spz', await writeSpz(batch, { version: 4 })],
      ['ply', writePly(batch)],
      ['glb', writeGlb(batch)],
      ['splat', writeSplat(batch)],
    ]
    for (const [format, bytes] of files) {
      const got = await readSplatFile(bytes, { name: `world.${format}` })
      expect(got.format).toBe(format)
    }
  })

  it('writers are deterministic: the same splats give the same bytes', async () => {
    expect(same(await writeSpz(batch), await writeSpz(batch))).toBe(true)
    expect(same(await writeSpz(batch, { version: 4 }), await writeSpz(batch, { version: 4 }))).toBe(true)
    expect(same(writePly(batch), writePly(batch))).toBe(true)
    expect(same(writeGlb(batch), writeGlb(batch))).toBe(true)
  })
})
