/** The rate PocketSphinx's US-English models were trained at, and so the rate every path feeds it. */
export const SPEECH_RATE = 16_000

/** Float samples in [-1, 1] to 16-bit integers (clipped), as PocketSphinx takes them. */
export function toInt16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length)
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]!))
    out[i] = Math.round(s * 32767)
  }
  return out
}

/** 16-bit integers back to floats in [-1, 1] (the inverse of toInt16). */
export function fromInt16(samples: Int16Array): Float32Array {
  const out = new Float32Array(samples.length)
  for (let i = 0; i < samples.length; i++) out[i] = samples[i]! / 32767
  return out
}

/**
 * Resamples mono audio to `to` Hz. Downsampling first averages each output sample's span of input
 * (a box filter: crude, but it keeps energy above the new Nyquist from folding back as loud
 * aliases), then interpolates linearly. Good enough for speech features, which stop at 6.8 kHz.
 */
export function resample(samples: Float32Array, from: number, to: number): Float32Array {
  if (!(from > 0) || !(to > 0)) throw new RangeError(`cannot resample from ${from} Hz to ${to} Hz`)
  if (from === to) return samples
  const n = Math.floor((samples.length * to) / from)
  const out = new Float32Array(n)
  const step = from / to
  const half = step > 1 ? step / 2 : 0
  for (let i = 0; i < n; i++) {
    const centre = i * step
    if (half > 0) {
      const a = Math.max(0, Math.floor(centre - half))
      const b = Math.min(samples.length, Math.ceil(centre + half))
      let sum = 0
      for (let k = a; k < b; k++) sum += samples[k]!
      out[i] = b > a ? sum / (b - a) : 0
    } else {
      const k = Math.floor(centre)
      const f = centre - k
      out[i] = samples[k]! * (1 - f) + (samples[k + 1] ?? samples[k]!) * f
    }
  }
  return out
}
