import { describe, expect, it } from 'vitest'
import { pickFrameRate } from '../../src/xr/frame-rate'
import { lowerRateFor, median } from '../../src/xr/frame-rate-governor'

describe('refresh rate', () => {
  it('starts at 90 Hz where offered', () => {
    expect(pickFrameRate([72, 80, 90, 120])).toBe(90)
    expect(pickFrameRate([60, 120])).toBe(120)
    expect(pickFrameRate([])).toBe(false)
  })

  it('stays while frames fit the budget, steps down to the fastest rate the measured time fits', () => {
    const rates = [72, 80, 90, 120]
    expect(lowerRateFor(rates, 90, 11.2)).toBeNull()
    expect(lowerRateFor(rates, 90, 14)).toBe(80)
    expect(lowerRateFor(rates, 90, 16)).toBe(72)
    // Far too slow for any rate: the lowest one, which at least is steady.
    expect(lowerRateFor(rates, 90, 40)).toBe(72)
    expect(lowerRateFor(rates, 72, 40)).toBeNull()
  })

  it('takes the median, so one hitch does not change the rate', () => {
    const s = new Float32Array([11, 11, 100, 11, 12])
    expect(median(s, 5, new Float32Array(5))).toBe(11)
    expect(median(new Float32Array([1, 3, 2, 4]), 4, new Float32Array(4))).toBe(2.5)
  })
})
