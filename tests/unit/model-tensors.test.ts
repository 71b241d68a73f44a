/** Tensor conversions and the PNG writer used by the CLI. */
import { inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { depthToGrey, encodePng } from '../../src/model/png'
import { contextTensors, depthOf, poseTensor, rgbToRgba } from '../../src/model/tensors'

describe('rgbToRgba', () => {
  it('rounds, clamps, maps NaN to 0 and sets alpha', () => {
    const out = rgbToRgba(Float32Array.from([0, 0.5, 1, -0.2, 1.7, Number.NaN, 0.002, 0.998, 1 / 255]), 3)
    expect(Array.from(out)).toEqual([0, 128, 255, 255, 0, 255, 0, 255, 1, 254, 1, 255])
  })
  it('rejects a wrong length', () => {
    expect(() => rgbToRgba(new Float32Array(5), 2)).toThrow(RangeError)
  })
})

describe('depthOf', () => {
  it('keeps metres and turns every non-surface value into 0 (sky)', () => {
    const d = depthOf(Float32Array.from([3.5, 0, -2, Number.NaN, Infinity]), 5)
    expect(Array.from(d)).toEqual([3.5, 0, 0, 0, 0])
  })
})

describe('poseTensor', () => {
  it('renormalises the quaternion and writes a row-major camera-to-world matrix', () => {
    const m = poseTensor({ position: [1, 2, 3], rotation: [0, 0, 0, 1.0005] })
    expect(Array.from(m)).toEqual([1, 0, 0, 1, 0, 1, 0, 2, 0, 0, 1, 3, 0, 0, 0, 1])
  })
})

describe('contextTensors', () => {
  it('resamples frames to the output size and leaves empty slots zero', () => {
    const rgba = Uint8Array.from([255, 0, 0, 255, 0, 255, 0, 255])
    const frame = {
      requestId: 0,
      pose: {
        position: [0, 0, 0] as [number, number, number],
        rotation: [0, 0, 0, 1] as [number, number, number, number],
      },
      camera: { model: 'perspective' as const, width: 2, height: 1 },
      worldVersion: 0,
      modelId: 'x',
      rgba,
      depth: Float32Array.from([5, 7]),
      modelMs: 0,
    }
    const t = contextTensors([frame], 2, 4, 2)
    expect(t.rgb.length).toBe(2 * 4 * 2 * 3)
    expect(Array.from(t.depth.slice(0, 8))).toEqual([5, 5, 7, 7, 5, 5, 7, 7])
    expect(t.rgb[0]).toBe(1)
    expect(t.rgb[2 * 3 + 1]).toBe(1)
    expect(t.depth.slice(8).every((x) => x === 0)).toBe(true)
    expect(t.pose[15]).toBe(1)
    expect(t.pose.slice(16).every((x) => x === 0)).toBe(true)
  })
})

describe('encodePng', () => {
  it('writes a valid RGBA PNG whose pixels decode back', () => {
    const px = Uint8Array.from([10, 20, 30, 255, 200, 100, 50, 255, 0, 0, 0, 255, 255, 255, 255, 255])
    const png = encodePng(px, 2, 2)
    expect(Array.from(png.slice(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10])
    const view = new DataView(png.buffer, png.byteOffset)
    expect(view.getUint32(16)).toBe(2)
    expect(view.getUint32(20)).toBe(2)
    // IDAT follows the 13-byte IHDR chunk (8 signature + 25 IHDR).
    const idatLen = view.getUint32(33)
    const raw = inflateSync(png.subarray(41, 41 + idatLen))
    const decoded: number[] = []
    for (let y = 0; y < 2; y++) {
      const row = raw.subarray(y * 9 + 1, y * 9 + 9)
      expect(raw[y * 9]).toBe(1) // "Sub" filter
      for (let x = 0; x < 8; x++) decoded.push((row[x]! + (x >= 4 ? decoded[y * 8 + x - 4]! : 0)) & 0xff)
    }
    expect(decoded).toEqual(Array.from(px))
  })

  it('writes grey depth previews, sky black', () => {
    const grey = depthToGrey(Float32Array.from([0, 1, 100]))
    expect(grey[0]).toBe(0)
    expect(grey[1]).toBe(255)
    expect(grey[2]!).toBeGreaterThan(0)
    expect(encodePng(grey, 3, 1, 1)[25]).toBe(0) // colour type grey
  })
})
