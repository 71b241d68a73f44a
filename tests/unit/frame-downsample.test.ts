/**
 * core/frame-downsample: supersampled frames taken down to size, in linear light, with depth
 * that keeps its sky/surface meaning.
 */
import { describe, expect, it } from 'vitest'
import type { Frame } from '../../src/core/frame'
import { downsampleFrame } from '../../src/core/frame-downsample'
import { MATERIAL } from '../../src/core/material'

function frameOf(width: number, height: number, pixel: (x: number, y: number) => [number, number]): Frame {
  const rgba = new Uint8Array(width * height * 4)
  const depth = new Float32Array(width * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [grey, d] = pixel(x, y)
      rgba.set([grey, grey, grey, 255], (y * width + x) * 4)
      depth[y * width + x] = d
    }
  }
  return {
    requestId: 7,
    pose: { position: [0, 1.6, 0], rotation: [0, 0, 0, 1] },
    camera: { model: 'equirect', width, height },
    worldVersion: 3,
    modelId: 'test',
    rgba,
    depth,
    modelMs: 1,
  }
}

describe('downsampleFrame', () => {
  it('averages colour in linear light: half black, half white is sRGB 188, not 128', () => {
    const f = downsampleFrame(
      frameOf(4, 2, (x) => [x % 2 ? 255 : 0, 10]),
      2,
    )
    expect(f.camera).toMatchObject({ model: 'equirect', width: 2, height: 1 })
    expect(Array.from(f.rgba)).toEqual([188, 188, 188, 255, 188, 188, 188, 255])
    expect(f.requestId).toBe(7)
    expect(f.worldVersion).toBe(3)
  })

  it('depth is the mean of the surface pixels, and sky where most of the block is sky', () => {
    // Blocks of 2x2: [10, 20, 0, 30] -> 3 surface pixels; [0, 0, 0, 40] -> mostly sky.
    const depths = [
      [10, 20, 0, 0],
      [0, 30, 0, 40],
    ]
    const f = downsampleFrame(
      frameOf(4, 2, (x, y) => [0, depths[y]![x]!]),
      2,
    )
    expect(f.depth[0]).toBeCloseTo(20)
    expect(f.depth[1]).toBe(0)
  })

  it('takes the materials down with the frame: the commonest surface class, sky where the depth is sky', () => {
    // Blocks of 2x2: depths [10, 20, 0, 30] with water, water, sky, grass; then mostly sky with one rock.
    const depths = [
      [10, 20, 0, 0],
      [0, 30, 0, 40],
    ]
    const classes = [
      [MATERIAL.water, MATERIAL.water, MATERIAL.sky, MATERIAL.sky],
      [MATERIAL.sky, MATERIAL.grass, MATERIAL.sky, MATERIAL.rock],
    ]
    const frame = frameOf(4, 2, (x, y) => [0, depths[y]![x]!])
    frame.material = Uint8Array.from(classes.flat())
    const f = downsampleFrame(frame, 2)
    expect(Array.from(f.material!)).toEqual([MATERIAL.water, MATERIAL.sky])
    expect(
      downsampleFrame(
        frameOf(4, 2, () => [0, 5]),
        2,
      ).material,
    ).toBeUndefined()
  })

  it('turns a 1 px stair-step skyline into graded coverage', () => {
    // A shallow ridge rising one row every 4 columns, rendered at 2x: dark below, bright sky above.
    const f = downsampleFrame(
      frameOf(16, 8, (x, y) => (y >= 6 - Math.floor(x / 4) ? [40, 100] : [230, 0])),
      2,
    )
    const column = (x: number) => Array.from({ length: 4 }, (_, y) => f.rgba[(y * 8 + x) * 4]!)
    const greys = new Set(Array.from({ length: 8 }, (_, x) => column(x)).flat())
    // Besides pure sky and pure ground, partly covered pixels appear at the edge.
    expect(greys.has(230)).toBe(true)
    expect(greys.has(40)).toBe(true)
    expect([...greys].some((g) => g > 40 && g < 230)).toBe(true)
  })

  it('returns the frame itself for factor 1 and refuses sizes the factor does not divide', () => {
    const f = frameOf(4, 2, () => [0, 0])
    expect(downsampleFrame(f, 1)).toBe(f)
    expect(() => downsampleFrame(f, 3)).toThrow(/cannot downsample 4x2 by 3/)
    expect(() => downsampleFrame(f, 0)).toThrow(RangeError)
  })
})
