import { describe, expect, it } from 'vitest'
import { encodePng } from '../../src/model/png'
import { luminance, meanAbsLaplacian, measureDetail, spectrumSlope } from '../support/image-detail'
import { decodePng } from '../support/png-decode'

function grey(width: number, height: number, value: (x: number, y: number) => number): Uint8Array {
  const rgba = new Uint8Array(width * height * 4)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = Math.max(0, Math.min(255, Math.round(value(x, y))))
      rgba.set([v, v, v, 255], (y * width + x) * 4)
    }
  }
  return rgba
}

/** Deterministic pseudo-random numbers (mulberry32), so the test images are the same every run. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('PNG decoding for image measurements', () => {
  it('reads back exactly what the project PNG encoder wrote, RGBA and grey', () => {
    const rand = random(1)
    const rgba = Uint8Array.from({ length: 37 * 23 * 4 }, () => Math.floor(rand() * 256))
    const back = decodePng(encodePng(rgba, 37, 23, 4))
    expect([back.width, back.height]).toEqual([37, 23])
    expect(Buffer.from(back.rgba).equals(Buffer.from(rgba))).toBe(true)
    const g = Uint8Array.from({ length: 9 * 5 }, (_, i) => i * 5)
    const greyBack = decodePng(encodePng(g, 9, 5, 1))
    expect(Array.from(greyBack.rgba.subarray(4 * 7, 4 * 8))).toEqual([35, 35, 35, 255])
  })

  it('refuses what is not a PNG with a clear error', () => {
    expect(() => decodePng(new TextEncoder().encode('not a png at all'))).toThrow(/signature/)
  })
})

describe('view detail measures', () => {
  const n = 256

  it('a flat image has no detail; a 1-px checkerboard has the most', () => {
    const flat = luminance(
      grey(n, n, () => 128),
      n,
      n,
    )
    expect(meanAbsLaplacian(flat, n, n)).toBe(0)
    const checker = luminance(
      grey(8, 8, (x, y) => ((x + y) % 2) * 255),
      8,
      8,
    )
    expect(meanAbsLaplacian(checker, 8, 8)).toBeCloseTo(4 * 255, 6)
  })

  it('white noise is flat in the spectrum (noise is not detail)', () => {
    const rand = random(7)
    const m = measureDetail(
      grey(n, n, () => rand() * 255),
      n,
      n,
    )
    expect(m.laplacian).toBeGreaterThan(50)
    expect(Math.abs(m.spectrumSlope)).toBeLessThan(0.4)
  })

  it('an image with a 1/f^2 power spectrum measures a slope near 2; blurring it steepens the slope', () => {
    const rand = random(3)
    const waves = Array.from({ length: n / 2 - 2 }, (_, i) => {
      const f = i + 2
      const angle = rand() * Math.PI * 2
      return {
        kx: (f * Math.cos(angle) * 2 * Math.PI) / n,
        ky: (f * Math.sin(angle) * 2 * Math.PI) / n,
        amp: f ** -0.5,
        phase: rand() * 6.283,
      }
    })
    const field = new Float64Array(n * n)
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        let v = 0
        for (const w of waves) v += w.amp * Math.cos(w.kx * x + w.ky * y + w.phase)
        field[y * n + x] = v
      }
    }
    const slope = spectrumSlope(field, n, n)
    expect(slope).toBeGreaterThan(1.7)
    expect(slope).toBeLessThan(2.3)
    const blurred = new Float64Array(n * n)
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        let s = 0
        for (let d = -3; d <= 3; d++) s += field[y * n + ((x + d + n) % n)]!
        blurred[y * n + x] = s / 7
      }
    }
    expect(spectrumSlope(blurred, n, n)).toBeGreaterThan(slope + 0.5)
  })
})
