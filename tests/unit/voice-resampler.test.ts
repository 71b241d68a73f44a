import { concatChunks } from '../../src/core/concat-chunks'
import { describe, expect, it } from 'vitest'
import { Downsampler, Upsampler } from '../../src/speech/polyphase-resampler'

const RATE = 16_000

function tone(hz: number, rate: number, n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * hz * i) / rate))
}

function db(x: Float32Array, from = 0): number {
  let sum = 0
  for (let i = from; i < x.length; i++) sum += x[i]! ** 2
  return 10 * Math.log10(sum / (x.length - from))
}

const joined = (parts: Float32Array[]): Float32Array => concatChunks(parts, (n) => new Float32Array(n))

describe('polyphase resampler (16 kHz <-> 48 kHz)', () => {
  it('upsamples a tone to the same tone at 3x the rate, delayed by `zeros` low-rate samples', () => {
    const up = new Upsampler(3, 24).push(tone(1000, RATE, RATE))
    expect(up.length).toBe(3 * RATE)
    const want = tone(1000, 3 * RATE, 3 * RATE)
    let worst = 0
    for (let i = 3 * 200; i < 3 * (RATE - 200); i++)
      worst = Math.max(worst, Math.abs(up[i + 3 * 24]! - want[i]!))
    expect(worst).toBeLessThan(1e-3)
  })

  it('round-trips a tone 16 -> 48 -> 16 kHz, and chunks give what the whole gives', () => {
    const x = tone(1000, RATE, RATE)
    const back = new Downsampler(3, 24).push(new Upsampler(3, 24).push(x))
    expect(back.length).toBe(x.length)
    let worst = 0
    for (let i = 200; i < RATE - 200; i++) worst = Math.max(worst, Math.abs(back[i + 48]! - x[i]!))
    expect(worst).toBeLessThan(1e-3)
    const up = new Upsampler(3, 24)
    const down = new Downsampler(3, 24)
    const parts: Float32Array[] = []
    for (const [a, b] of [
      [0, 1000],
      [1000, 1001],
      [1001, 7000],
      [7000, RATE],
    ] as const)
      parts.push(down.push(up.push(x.subarray(a, b))))
    expect(joined(parts)).toEqual(back)
  })

  it('keeps energy above the low rate out of the downsampled signal', () => {
    // 20 kHz at 48 kHz would fold back to 4 kHz at 16 kHz without the low-pass.
    const back = new Downsampler(3, 24).push(tone(20_000, 3 * RATE, 3 * RATE))
    expect(db(back, 200) - db(tone(20_000, 3 * RATE, 3 * RATE))).toBeLessThan(-60)
  })
})
