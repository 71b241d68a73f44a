import { describe, expect, it } from 'vitest'
import { tileOrigin } from '../../src/core/tile'

describe('tileOrigin', () => {
  it('is the nearest multiple of the span on each axis, so a camera is within half a span of it', () => {
    expect(tileOrigin(0, 0, 512)).toEqual([0, 0])
    expect(tileOrigin(255, -255, 512)).toEqual([0, 0])
    expect(tileOrigin(257, -257, 512)).toEqual([512, -512])
    expect(tileOrigin(6000, -4000, 512)).toEqual([6144, -4096])
    for (const x of [-10_000, -777.5, -1, 3, 999, 123_456]) {
      const [ox] = tileOrigin(x, 0, 512)
      expect(Math.abs(x - ox)).toBeLessThanOrEqual(256)
    }
  })

  it('never gives -0, so both sides of zero share one tile key and tensor', () => {
    const [x, z] = tileOrigin(-3, -100, 512)
    expect(Object.is(x, 0)).toBe(true)
    expect(Object.is(z, 0)).toBe(true)
  })
})
