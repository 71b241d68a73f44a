/**
 * Streaming resampling by a whole factor (16 kHz <-> 48 kHz for the noise suppressor, which works
 * at 48 kHz): a Kaiser-windowed sinc low-pass applied in polyphase form, so upsampling computes
 * only the taps that meet real samples and downsampling only the outputs it keeps. Both keep the
 * last input samples between calls, so feeding a signal in chunks gives exactly what feeding it
 * whole gives. The filter is symmetric (linear phase): each direction delays the signal by
 * `zeros` samples at the low rate.
 */

/** Kaiser window shape: about 80 dB of stopband attenuation. */
const KAISER_BETA = 8
/** Cutoff as a share of the low rate's Nyquist frequency (7.2 kHz for 16 kHz). */
const CUTOFF = 0.9

/** Zeroth-order modified Bessel function of the first kind (the Kaiser window's kernel). */
function besselI0(x: number): number {
  let sum = 1
  let term = 1
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) ** 2
    sum += term
    if (term < sum * 1e-12) break
  }
  return sum
}

/**
 * Low-pass taps at the high rate (factor x low): `2 * factor * zeros + 1` of them, cutoff at
 * CUTOFF x the low rate's Nyquist, unit gain at DC.
 */
export function lowPassTaps(factor: number, zeros: number): Float32Array {
  const half = factor * zeros
  const fc = CUTOFF / (2 * factor)
  const taps = new Float64Array(2 * half + 1)
  let sum = 0
  for (let i = -half; i <= half; i++) {
    const x = 2 * fc * i
    const sinc = i === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x)
    const r = i / half
    const w = besselI0(KAISER_BETA * Math.sqrt(Math.max(0, 1 - r * r))) / besselI0(KAISER_BETA)
    taps[i + half] = 2 * fc * sinc * w
    sum += taps[i + half]!
  }
  return Float32Array.from(taps, (t) => t / sum)
}

function checkFactor(factor: number, zeros: number): void {
  if (!Number.isInteger(factor) || factor < 1 || !Number.isInteger(zeros) || zeros < 1)
    throw new RangeError(`resampler: factor ${factor} and zeros ${zeros} must be whole numbers >= 1`)
}

/** Low rate to `factor` x the rate. */
export class Upsampler {
  /** The taps of each output phase p: taps[p], taps[p + factor], ... (times factor, for gain). */
  private readonly phases: Float32Array[]
  private history: Float32Array

  constructor(
    readonly factor: number,
    readonly zeros = 24,
  ) {
    checkFactor(factor, zeros)
    const taps = lowPassTaps(factor, zeros)
    this.phases = Array.from({ length: factor }, (_, p) => {
      const out: number[] = []
      for (let k = p; k < taps.length; k += factor) out.push(taps[k]! * factor)
      return Float32Array.from(out)
    })
    this.history = new Float32Array(2 * zeros)
  }

  /** The next input samples; returns `factor` x as many output samples. */
  push(input: Float32Array): Float32Array {
    const h = this.history.length
    const buf = new Float32Array(h + input.length)
    buf.set(this.history)
    buf.set(input, h)
    const out = new Float32Array(input.length * this.factor)
    for (let j = 0; j < input.length; j++) {
      const at = h + j
      for (let p = 0; p < this.factor; p++) {
        const taps = this.phases[p]!
        let s = 0
        for (let i = 0; i < taps.length; i++) s += taps[i]! * buf[at - i]!
        out[j * this.factor + p] = s
      }
    }
    this.history = buf.slice(buf.length - h)
    return out
  }
}

/** `factor` x the low rate down to the low rate. */
export class Downsampler {
  private readonly taps: Float32Array
  private history: Float32Array
  /** Where in the next input the next kept output falls (0 when inputs come in whole factors). */
  private phase = 0

  constructor(
    readonly factor: number,
    readonly zeros = 24,
  ) {
    checkFactor(factor, zeros)
    this.taps = lowPassTaps(factor, zeros)
    this.history = new Float32Array(this.taps.length - 1)
  }

  /** The next input samples; returns every `factor`-th sample of the filtered signal. */
  push(input: Float32Array): Float32Array {
    const h = this.history.length
    const buf = new Float32Array(h + input.length)
    buf.set(this.history)
    buf.set(input, h)
    const n = this.phase < input.length ? Math.ceil((input.length - this.phase) / this.factor) : 0
    const out = new Float32Array(n)
    const taps = this.taps
    for (let m = 0; m < n; m++) {
      const at = h + this.phase + m * this.factor
      let s = 0
      for (let k = 0; k < taps.length; k++) s += taps[k]! * buf[at - k]!
      out[m] = s
    }
    this.phase = this.phase + n * this.factor - input.length
    this.history = buf.slice(buf.length - h)
    return out
  }
}
