import { concatChunks } from '../../src/core/concat-chunks'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { DenoiseStream, loadRnnoise, type RnnoiseModule } from '../../src/speech/denoise'
import { SERVED_SPEECH_FILES, rnnoiseWasmPath, speechFilePath } from '../../src/speech/speech-files'
import { SPEECH_ASSET_NAMES } from '../../src/speech/speech-asset-names'
import { decodeWav } from '../../src/speech/wav'
import { addNoise } from '../data/speech/generate'

const RATE = 16_000
/** flite saying "add a lake over there": 0.5 s of silence, the words, then 2.5 s of silence. */
const CLEAN = decodeWav(
  new Uint8Array(readFileSync(join(import.meta.dirname, '../data/speech/add-a-lake-over-there.wav'))),
).samples

function db(x: Float32Array, from = 0, to = x.length): number {
  let sum = 0
  for (let i = from; i < to; i++) sum += x[i]! ** 2
  return 10 * Math.log10(sum / (to - from))
}

const joined = (parts: Float32Array[]): Float32Array => concatChunks(parts, (n) => new Float32Array(n))

describe('RNNoise front end (denoise.ts)', () => {
  let rnnoise: RnnoiseModule
  beforeAll(async () => {
    rnnoise = await loadRnnoise(new Uint8Array(readFileSync(rnnoiseWasmPath())))
  })

  it('lowers the noise floor of a noisy clip and keeps the speech', () => {
    const noisy = addNoise(CLEAN, 10, 7)
    const stream = new DenoiseStream(rnnoise, { keepRoom: false })
    const out = stream.process(noisy)
    stream.dispose()
    expect(out.length).toBe(noisy.length)
    // The last 2 s are noise only (the words end before them).
    const tail = noisy.length - 2 * RATE
    const floorDrop = db(noisy, tail) - db(out, tail)
    expect(floorDrop).toBeGreaterThan(12)
    // Speech: the 10 ms frames within 10 dB of the clean clip's loudest.
    const frames: number[] = []
    for (let at = 0; at + 160 <= CLEAN.length; at += 160) frames.push(db(CLEAN, at, at + 160))
    const loudest = Math.max(...frames)
    let inSum = 0
    let outSum = 0
    frames.forEach((level, f) => {
      if (level < loudest - 10) return
      for (let i = f * 160; i < (f + 1) * 160; i++) {
        inSum += CLEAN[i]! ** 2
        outSum += out[i]! ** 2
      }
    })
    expect(Math.abs(10 * Math.log10(outSum / inSum))).toBeLessThan(3)
  })

  it('gives the same samples whether a clip is pushed whole or in uneven chunks', () => {
    const noisy = addNoise(CLEAN, 20, 3)
    const whole = new DenoiseStream(rnnoise).process(noisy)
    const stream = new DenoiseStream(rnnoise)
    const parts: Float32Array[] = []
    for (let at = 0, size = 37; at < noisy.length; at += size, size = (size * 7) % 5000)
      parts.push(stream.push(noisy.subarray(at, at + size)))
    parts.push(stream.end())
    expect(joined(parts)).toEqual(whole)
  })

  it('holds back only its latency until the end of an utterance', () => {
    const stream = new DenoiseStream(rnnoise)
    const out = stream.push(CLEAN.subarray(0, RATE))
    expect(RATE - out.length).toBeLessThanOrEqual(208 + 160)
    expect(out.length + stream.end().length).toBe(RATE)
  })
})

describe('RNNoise wasm served with the recogniser', () => {
  it('is one of the files the app serves at /speech/, from the npm package', () => {
    expect(SERVED_SPEECH_FILES).toContain(SPEECH_ASSET_NAMES.denoiser)
    expect(existsSync(speechFilePath(SPEECH_ASSET_NAMES.denoiser)!)).toBe(true)
  })
})
