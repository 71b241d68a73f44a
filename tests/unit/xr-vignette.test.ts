import { describe, expect, it } from 'vitest'
import { VIGNETTE_JUMP, VIGNETTE_MOVE, vignetteStep, vignetteTarget } from '../../src/xr/vignette-amount'

describe('comfort vignette amount', () => {
  it('targets a strength proportional to stick speed, zero when off', () => {
    expect(vignetteTarget(0, true)).toBe(0)
    expect(vignetteTarget(1, true)).toBe(VIGNETTE_MOVE)
    expect(vignetteTarget(0.5, true)).toBeCloseTo(VIGNETTE_MOVE / 2, 12)
    expect(vignetteTarget(3, true)).toBe(VIGNETTE_MOVE)
    expect(vignetteTarget(1, false)).toBe(0)
  })

  it('closes in quickly and opens slowly, the same at any frame rate', () => {
    let a = 0
    for (let i = 0; i < 9; i++) a = vignetteStep(a, VIGNETTE_MOVE, 1 / 90, false, true)
    expect(a).toBeGreaterThan(VIGNETTE_MOVE * 0.5)
    let b = 0
    for (let i = 0; i < 3; i++) b = vignetteStep(b, VIGNETTE_MOVE, 1 / 30, false, true)
    expect(b).toBeCloseTo(a, 6)
    const down = vignetteStep(VIGNETTE_MOVE, 0, 0.1, false, true)
    const up = VIGNETTE_MOVE - vignetteStep(0, VIGNETTE_MOVE, 0.1, false, true)
    expect(VIGNETTE_MOVE - down).toBeLessThan(VIGNETTE_MOVE - up)
  })

  it('kicks up on a snap turn or teleport, then fades to exactly zero', () => {
    expect(vignetteStep(0, 0, 0, true, true)).toBe(VIGNETTE_JUMP)
    let a = VIGNETTE_JUMP
    for (let i = 0; i < 300; i++) a = vignetteStep(a, 0, 1 / 60, false, true)
    expect(a).toBe(0)
    expect(vignetteStep(0.5, 1, 0.1, true, false)).toBe(0)
  })
})
